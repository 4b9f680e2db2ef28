"""Checking articles and the registry without a Sphinx build.

``dossier check`` (and ``make html``, first) runs these: every problem is one
line, ``path:line: message (fix: ...)``, using the same schema and registry
modules as the build, so both report the same thing the same way.
"""

from __future__ import annotations

import re
from pathlib import Path

from dossier.sources import frontmatter, registry
from dossier.sources.names import Matcher
from dossier.tools import evidence
from dossier.tools.article_text import article_units
from dossier.tools.importer import slugify

PLACEHOLDER = "TODO"
_ROLE_TARGET = re.compile(r"\{(entity|quote)\}`[^`]*?<([^>`]*)>`")
_ENTITY_OPTION = re.compile(r"^:entities:\s*(.*)$")
_QUOTE_DIRECTIVE = re.compile(r"^:{3,}\{quote\}\s+(\S+)")
_FENCE = re.compile(r"^(:{3,}|`{3,})")
_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")


def _problem(path: Path | str, line: int, message: str, fix: str) -> str:
    return frontmatter.Problem(line, message, fix).format(path)


def check_article(path: Path, known: registry.Registry, matcher: Matcher) -> list[str]:
    text, not_utf8 = frontmatter.read_text(path)
    if not_utf8:
        return [not_utf8.format(path)]
    matter = frontmatter.parse(text)
    # A draft may keep the importer's placeholders until it is published.
    draft = matter.data.get("draft") is True
    placeholders = {matter.key_lines.get("date")} if matter.data.get("date") == "YYYY" else set()
    problems = [p.format(path) for p in matter.problems if not (draft and p.line in placeholders)]
    summary = matter.data.get("summary")
    if draft:
        pass
    elif isinstance(summary, str) and summary.strip().startswith(PLACEHOLDER):
        problems.append(
            _problem(
                path,
                matter.key_lines.get("summary", 1),
                "the summary is still a placeholder",
                "write one neutral sentence on what the article says",
            )
        )
    problems += _check_body(path, text, known, matcher)
    problems += markup_problems(path, text)
    if "source_file" in matter.data:
        problems += evidence.verbatim_problems(path)
    return problems


def markup_problems(path: Path, text: str) -> list[str]:
    """Raw HTML or Markdown markup in an article's text: the page would not
    show the characters the publisher wrote."""
    return [
        _problem(
            path,
            unit.line,
            f"{markup} in the article's text: the page would not show these characters as written",
            "put a backslash before each markup character (\\*, \\_, \\`, \\[, \\<), "
            "as `dossier import` does",
        )
        for unit in article_units(text)
        for markup in dict.fromkeys(unit.markup)
    ]


def blank_roles(line: str) -> str:
    """The line with each role blanked out (same length): its words are handled."""
    return _ROLE.sub(lambda m: " " * len(m.group(0)), line)


def _check_body(path: Path, text: str, known: registry.Registry, matcher: Matcher) -> list[str]:
    problems = []
    body = frontmatter.body_lines(text)
    prose = [
        (n, line)
        for n, line in body
        if line.strip() and not line.startswith(("#", ":", "```")) and not _FENCE.match(line)
    ]
    if not any(line.strip() for _, line in body):
        end = body[0][0] - 1 if body else 1
        return [
            _problem(
                path,
                end,
                "the article has no text after its front matter",
                "paste the article's paragraphs below the front matter",
            )
        ]
    if not prose:
        return [
            _problem(
                path,
                body[0][0],
                "the article has headings but no paragraphs",
                "paste the article's paragraphs under its headings",
            )
        ]
    for number, line in body:
        ids: list[str] = []
        for role, target in _ROLE_TARGET.findall(line):
            ids.append(target.split(",")[0].strip() if role == "quote" else target.strip())
        if match := _ENTITY_OPTION.match(line):
            ids += match.group(1).replace(",", " ").split()
        if match := _QUOTE_DIRECTIVE.match(line):
            ids.append(match.group(1))
        for entity_id in ids:
            if entity_id and entity_id not in known.entities:
                problems.append(
                    _problem(
                        path,
                        number,
                        f"unknown entity id '{entity_id}'",
                        known.unknown_id_fix(entity_id),
                    )
                )
    for number, line in prose:
        for start, end, found in matcher.find(blank_roles(line)):
            if len(found) > 1:
                words = line[start:end]
                problems.append(
                    _problem(
                        path,
                        number,
                        f"'{words}' may mean " + " or ".join(f"'{i}'" for i in found),
                        f"write {{entity}}`{words} <{found[0]}>`, or {{no-entity}}`{words}` "
                        "if it names neither",
                    )
                )
    return problems


def check_project(docs: Path, articles_dir: str = "articles", registry_dir: str = "registry"):
    """Every problem in the articles and the registry, as printable lines."""
    known = registry.load(docs / registry_dir)
    problems = [p.format(path) for path, p in known.problems]
    problems += [
        _problem(
            entity.path,
            entity.description_line,
            f"the description of '{entity.id}' ({entity.name}) is still to be written",
            "replace the TODO with one neutral sentence of ours on what it is and what the "
            "articles say of it, and check its kind (the file), name and aliases",
        )
        for entity in sorted(known.entities.values(), key=lambda e: (e.path, e.line))
        if entity.is_draft
    ]
    matcher = Matcher(known.surface_forms())
    slugs: dict[str, Path] = {}
    for path in sorted((docs / articles_dir).glob("*.md")):
        problems += check_article(path, known, matcher)
        slug = slugify(path.stem)
        if slug in slugs:
            problems.append(
                _problem(
                    path,
                    1,
                    f"duplicate slug '{slug}' (also {slugs[slug]})",
                    "rename one of the two files",
                )
            )
        slugs.setdefault(slug, path)
    return problems
