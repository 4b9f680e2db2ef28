"""A synthetic corpus, reproducible from a seed: N articles, ~2,000 entities.

Paragraphs are drawn from the seed article with words swapped for words of a
made-up vocabulary (so the search index is not unrealistically small), names of
registered entities are spread over them with a long-tailed distribution, and
each article marks dated events and quotations.  The same articles are also
written as a baseline: plain MyST, no extension markup, one plain page per
entity, for plain Sphinx with the basic theme.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

from dossier.tools.importer import parse, read_source

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "tests" / "data" / "seeds" / "000_d56f36da77d8ccc5.txt"
SITE_PAGES = [
    "about.md", "archive.md", "tags.md", "people.md", "organizations.md", "outlets.md",
    "places.md", "works.md", "glossary.md", "timeline.md", "quotations.md", "network.md",
    "corrections.md",
]  # fmt: skip
SYLLABLES = [
    "ba",
    "be",
    "bi",
    "bo",
    "da",
    "de",
    "di",
    "do",
    "fa",
    "fe",
    "fi",
    "ga",
    "go",
    "ha",
    "he",
    "hi",
    "ka",
    "ke",
    "ki",
    "ko",
    "la",
    "le",
    "li",
    "lo",
    "ma",
    "me",
    "mi",
    "mo",
    "na",
    "ne",
    "ni",
    "no",
    "pa",
    "pe",
    "ra",
    "re",
    "ri",
    "ro",
    "sa",
    "se",
    "si",
    "so",
    "ta",
    "te",
    "ti",
    "to",
    "va",
    "ve",
    "za",
    "zo",
    "sha",
    "kho",
    "dar",
    "man",
]
KINDS = {
    "person": 0.40, "organization": 0.25, "outlet": 0.10, "place": 0.15, "work": 0.05,
    "term": 0.05,
}  # fmt: skip
FILES = {"person": "people", "organization": "organizations", "outlet": "outlets",
         "place": "places", "work": "works", "term": "terms"}  # fmt: skip
TEMPLATES = [
    " According to {name}, the matter was far from settled.",
    " {name} was also named in the reports.",
    " Observers linked the episode to {name}.",
    " The account was later disputed by {name}.",
]
_WORD = re.compile(r"\b[a-z]{4,}\b")


class Corpus:
    def __init__(self, articles: int, entities: int = 2000, seed: int = 2020) -> None:
        self.rng = random.Random(seed)
        self.count = articles
        text, html, _data = read_source(SEED)
        self.paragraphs = [b.text for b in parse(text, html=html).blocks if b.kind == "paragraph"]
        self.vocabulary = self._vocabulary(30_000)
        self.entities = self._entities(entities)

    def _word(self, low: int = 2, high: int = 4) -> str:
        return "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(low, high)))

    def _vocabulary(self, size: int) -> list[str]:
        words: set[str] = set()
        while len(words) < size:
            words.add(self._word())
        return sorted(words)

    def _name(self, used: set[str], parts: int) -> str:
        while True:
            name = " ".join(self._word(2, 3).capitalize() for _ in range(parts))
            if name not in used:
                used.add(name)
                return name

    def _entities(self, count: int) -> list[dict]:
        used: set[str] = set()
        kinds = self.rng.choices(list(KINDS), weights=list(KINDS.values()), k=count)
        entities = []
        for number, kind in enumerate(kinds):
            name = self._name(used, 2 if kind in ("person", "organization", "work") else 1)
            if kind == "term":
                name = name.lower()
            entry = {
                "id": f"{re.sub(r'[^a-z0-9]+', '-', name.lower())}-{number}",
                "kind": kind,
                "name": name,
                "description": f"A {kind} of the synthetic benchmark corpus, number {number}.",
            }
            if kind == "person":
                surname = self._name(used, 1)
                entry["name"] = f"{name.split()[0]} {surname}"
                entry["aliases"] = [surname]
            entities.append(entry)
        return entities

    def _pick(self) -> dict:
        """An entity, with a long tail: a few are everywhere, most are rare."""
        return self.entities[int(len(self.entities) * self.rng.random() ** 3)]

    def _vary(self, paragraph: str) -> str:
        def swap(match: re.Match) -> str:
            if self.rng.random() < 0.35:
                return self.vocabulary[int(len(self.vocabulary) * self.rng.random() ** 2)]
            return match.group(0)

        return _WORD.sub(swap, paragraph)

    def _date(self, start: int = 1950, end: int = 2024) -> str:
        year, month, day = (
            self.rng.randint(start, end),
            self.rng.randint(1, 12),
            self.rng.randint(1, 28),
        )
        return f"{year}-{month:02d}-{day:02d}"

    def article(self, number: int) -> tuple[str, str]:
        """(our MyST page, the baseline's plain MyST page) of one article."""
        title = " ".join(self._word().capitalize() for _ in range(6))
        ours = [
            "---",
            f'title: "{title}"',
            f'date: "{self._date(2000)}"',
            f"summary: Synthetic benchmark article number {number}.",
            f"tags: [{', '.join(sorted({f'tag{self.rng.randint(1, 30)}' for _ in range(3)}))}]",
            "source: Generated for the benchmark.",
            "---",
            "",
        ]
        plain = ["---", f'title: "{title}"', "---", ""]
        for index in range(45):
            if index and index % 8 == 0:
                heading = "## " + " ".join(self._word().capitalize() for _ in range(4))
                ours += [heading, ""]
                plain += [heading, ""]
            text = self._vary(self.rng.choice(self.paragraphs))
            for _ in range(self.rng.randint(0, 3)):
                text += self.rng.choice(TEMPLATES).format(name=self._pick()["name"])
            marked = text
            if self.rng.random() < 0.1:
                speaker = self._pick()
                words = " ".join(self.rng.choice(self.vocabulary) for _ in range(12))
                said = f"“{words.capitalize()}.”"
                text += f" {speaker['name']} said {said}"
                attribution = f"<{speaker['id']}, {self._date()}, an interview>"
                marked += f" {speaker['name']} said {{quote}}`{said} {attribution}`"
            if self.rng.random() < 0.12:
                involved = " ".join(self._pick()["id"] for _ in range(self.rng.randint(1, 3)))
                ours += [
                    f":::{{event}} {self._date()}",
                    f":label: Synthetic event {number}-{index}",
                    f":entities: {involved}",
                    ":::",
                    "",
                ]
            ours += [marked, ""]
            plain += [text, ""]
        return "\n".join(ours), "\n".join(plain)

    def write(self, ours: Path, baseline: Path) -> None:
        """Write both projects: ``ours`` with the site's pages and configuration."""
        for root in (ours, baseline):
            shutil.rmtree(root, ignore_errors=True)
            (root / "docs" / "articles").mkdir(parents=True)
        for page in SITE_PAGES:
            shutil.copyfile(REPO / "docs" / page, ours / "docs" / page)
        shutil.copytree(REPO / "docs" / "_static", ours / "docs" / "_static")
        shutil.copytree(REPO / "docs" / "_templates", ours / "docs" / "_templates")
        (ours / "docs" / "index.md").write_text(
            (REPO / "docs" / "index.md").read_text("utf-8"), encoding="utf-8"
        )
        registry = ours / "docs" / "registry"
        registry.mkdir()
        for kind, stem in FILES.items():
            entries = [
                {k: v for k, v in e.items() if k != "kind"}
                for e in self.entities
                if e["kind"] == kind
            ]
            (registry / f"{stem}.yaml").write_text(
                yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
        (baseline / "docs" / "entities").mkdir()
        for entity in self.entities:
            (baseline / "docs" / "entities" / f"{entity['id']}.md").write_text(
                f"# {entity['name']}\n\n{entity['description']}\n", encoding="utf-8"
            )
        for number in range(self.count):
            mine, plain = self.article(number)
            name = f"article-{number:04d}.md"
            (ours / "docs" / "articles" / name).write_text(mine, encoding="utf-8")
            (baseline / "docs" / "articles" / name).write_text(plain, encoding="utf-8")
        (baseline / "docs" / "index.md").write_text(
            "# Baseline\n\n```{toctree}\n:glob:\n:hidden:\n\narticles/*\nentities/*\n```\n",
            encoding="utf-8",
        )
        conf = (REPO / "conf.py").read_text("utf-8")
        conf += (
            "\nimport sys\nsys.path.insert(0, " + repr(str(REPO)) + ")\n"
            'extensions.append("benchmarks.record")\n'
            'templates_path = ["docs/_templates"]\nhtml_static_path = ["docs/_static"]\n'
        )
        (ours / "conf.py").write_text(conf, encoding="utf-8")
        (baseline / "conf.py").write_text(
            "import sys\n"
            f"sys.path.insert(0, {str(REPO)!r})\n"
            'extensions = ["myst_parser", "benchmarks.record"]\n'
            'html_theme = "basic"\nsmartquotes = False\nmyst_title_to_header = True\n'
            'myst_enable_extensions = ["colon_fence"]\n',
            encoding="utf-8",
        )
