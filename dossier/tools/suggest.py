"""Names in an article that look like entities but are not in the registry.

Known names are masked out first (with the build's own matcher), so what is
left are runs of capitalised words and acronyms that the registry lacks.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from dossier.sources.frontmatter import body_lines
from dossier.sources.names import Matcher
from dossier.sources.registry import Registry
from dossier.tools.checks import blank_roles

_WORD = r"[A-Z][\w’'-]*"
_CAPITALISED = re.compile(
    rf"\b{_WORD}(?:[ \u00a0](?:(?:of|de|du|al|el|e|the|la|le)[ \u00a0])?{_WORD})+"
)
_ACRONYM = re.compile(r"\b[A-Z]{2,}\b")
_LEADING = re.compile(
    r"^(?:(?:The|A|An|In|On|At|For|But|And|As|If|It|This|That|After|Although|When|Since"
    r"|According|Among|Despite|During|Even|Is|Yes|No|So|Do|Have)[ \u00a0])+"
)

Unknown = tuple[str, int, int]  # name, count, first line
Ambiguous = tuple[str, int, tuple[str, ...]]  # alias, first line, the ids it may mean


def _mask(text: str, spans) -> str:
    chars = list(text)
    for start, end, _ids in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def suggestions(path: Path, known: Registry) -> tuple[list[Unknown], list[Ambiguous]]:
    matcher = Matcher(known.surface_forms())
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    ambiguous: dict[str, tuple[int, tuple[str, ...]]] = {}
    for number, line in body_lines(path.read_text(encoding="utf-8")):
        if line.startswith((":", "```")):
            continue
        text = blank_roles(line.lstrip("#> "))
        found = matcher.find(text)
        for start, end, ids in found:
            if len(ids) > 1:
                ambiguous.setdefault(text[start:end], (number, ids))
        rest = _mask(text, found)
        names = [_LEADING.sub("", m.group(0)) for m in _CAPITALISED.finditer(rest)]
        names += _ACRONYM.findall(rest)
        for name in names:
            name = re.sub(r"’s$", "", name)
            if " " in name.replace("\u00a0", " ") or _ACRONYM.fullmatch(name):
                counts[name] += 1
                first.setdefault(name, number)
    unknown = sorted(((n, c, first[n]) for n, c in counts.items()), key=lambda x: (-x[1], x[2]))
    listed = sorted(((a, line, ids) for a, (line, ids) in ambiguous.items()), key=lambda x: x[1])
    return unknown, listed
