"""`make bench-suggest`: how many of an article's named things `dossier suggest`
finds (recall), how many of its suggestions are named things (precision), how
often it guesses their kind, and how long it takes.

The labelled set: the site's first article with its registry emptied (the
registry is the answer key: every entry the article names, in every form it
writes it, an ``{entity}`` role's words included), and the articles of
``benchmarks/suggest/``, written and labelled by hand (``*.labels.yaml``:
kind -> the forms of each named thing).  A suggestion is right when its name
or one of its variants is a form of a labelled thing (compared as
``suggest.key`` compares names: case, accents, a leading "the"; and a plural's
s, as in Mullah and mullahs).  Results go to
the screen and to ``build/bench/suggest.json``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from dossier.sources import registry
from dossier.sources.frontmatter import body_lines
from dossier.tools import suggest as suggest_module
from dossier.tools import suggest_lexicon
from dossier.tools.suggest_spans import article_lines

REPO = Path(__file__).resolve().parent.parent
LABELLED = REPO / "benchmarks" / "suggest"
FIRST = REPO / "docs" / "articles" / "mek-nuisance-or-threat.md"
OUT = REPO / "build" / "bench" / "suggest.json"
GOALS = {"recall": 0.9, "precision": 0.7, "kind": 0.8}
_ENTITY_ROLE = re.compile(r"\{entity\}`([^`<]*?)\s*<([^>`]+)>`")


@dataclass
class Labelled:
    name: str
    path: Path
    things: dict[str, tuple[str, set[str]]]  # id -> (kind, keys of its forms)


def from_registry(path: Path, docs: Path) -> Labelled:
    """The answer key of an article whose entities are in the registry."""
    known = registry.load(docs / "registry")
    forms: dict[str, set[str]] = {}
    lines = article_lines(path, set())
    for form, ids in known.surface_forms().items():
        # every form the article writes, even inside a longer one (EU in "EU courts")
        pattern = re.compile(r"(?<!\w)" + re.escape(form) + r"(?!\w)")
        if len(ids) == 1 and any(pattern.search(line.text) for line in lines):
            forms.setdefault(ids[0], set()).add(form)
    for _number, line in body_lines(path.read_text(encoding="utf-8")):
        for words, target in _ENTITY_ROLE.findall(line):
            forms.setdefault(target.strip(), set()).add(words)
    things = {
        entity_id: (known.entities[entity_id].kind, {_key(f) for f in written})
        for entity_id, written in forms.items()
        if entity_id in known.entities
    }
    return Labelled(f"{path.stem} (registry emptied)", path, things)


def from_labels(path: Path) -> Labelled:
    labels = yaml.safe_load(path.with_suffix(".labels.yaml").read_text(encoding="utf-8"))
    things = {
        forms[0]: (kind, {_key(f) for f in forms})
        for kind, listed in labels.items()
        for forms in listed
    }
    return Labelled(path.stem, path, things)


def score(labelled: Labelled, found: list[suggest_module.Suggestion]) -> dict:
    owner = {k: thing for thing, (_kind, keys) in labelled.things.items() for k in keys}
    right, wrong, kinds_right, matched = [], [], [], set()
    for suggestion in found:
        keys = [_key(f) for f in (suggestion.name, *suggestion.variants)]
        thing = next((owner[k] for k in keys if k in owner), None)
        if thing is None:
            wrong.append(suggestion)
            continue
        right.append(suggestion)
        matched.add(thing)
        if labelled.things[thing][0] == suggestion.kind:
            kinds_right.append(suggestion)
    missed = sorted(set(labelled.things) - matched)
    return {
        "article": labelled.name,
        "named things": len(labelled.things),
        "suggestions": len(found),
        "recall": round(len(matched) / len(labelled.things), 3),
        "precision": round(len(right) / len(found), 3) if found else 0.0,
        "kind": round(len(kinds_right) / len(right), 3) if right else 0.0,
        "missed": missed,
        "not named things": [s.name for s in wrong],
        "wrong kind": [
            f"{s.name}: {s.kind}, is {labelled.things[_thing(owner, s)][0]}"
            for s in right
            if s not in kinds_right
        ],
    }


def _thing(owner: dict[str, str], suggestion: suggest_module.Suggestion) -> str:
    keys = [_key(f) for f in (suggestion.name, *suggestion.variants)]
    return next(owner[k] for k in keys if k in owner)


def _key(name: str) -> str:
    return suggest_module.key(name).removesuffix("s")


def labelled_set() -> list[Labelled]:
    articles = [from_registry(FIRST, REPO / "docs")]
    articles += [from_labels(p) for p in sorted(LABELLED.glob("*.md"))]
    return articles


def run(verbose: bool = False) -> list[dict]:
    empty = registry.Registry({}, [])
    started = time.perf_counter()
    suggest_module.suggestions(labelled_set()[1].path, empty)  # loads the libraries' data
    start_up = time.perf_counter() - started
    results = []
    for labelled in labelled_set():
        times = []
        for _ in range(3):
            suggest_lexicon.forget_words()  # each run looks every word up again
            started = time.perf_counter()
            found, _ambiguous = suggest_module.suggestions(labelled.path, empty)
            times.append(time.perf_counter() - started)
        result = score(labelled, found)
        result["seconds"] = round(min(times), 3)
        result["kilobytes"] = round(labelled.path.stat().st_size / 1000, 1)
        results.append(result)
    print(f"start-up (imports and the libraries' data, once): {start_up:.2f} s")
    print("time: the best of three runs, each looking every word up again\n")
    print("| article | named things | suggestions | recall | precision | kind | time (s) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        print(
            f"| {r['article']} ({r['kilobytes']} kB) | {r['named things']} | {r['suggestions']} "
            f"| {r['recall']:.2f} | {r['precision']:.2f} | {r['kind']:.2f} | {r['seconds']:.2f} |"
        )
    if verbose:
        for r in results:
            print(f"\n{r['article']}")
            for label in ("missed", "not named things", "wrong kind"):
                print(f"  {label} ({len(r[label])}): {'; '.join(r[label])}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"start_up": start_up, "articles": results}, indent=1) + "\n")
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true", help="list misses and mistakes")
    results = run(parser.parse_args().verbose)
    failed = [
        f"{r['article']}: {name} {r[name]:.2f} < {goal}"
        for r in results
        for name, goal in GOALS.items()
        if r[name] < goal
    ]
    for line in failed:
        print(f"below the goal: {line}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
