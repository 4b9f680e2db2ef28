"""Corrections an article records in its front matter, after publication.

Each says when (a day), what changed and why; one that changed a paragraph
may quote that paragraph's new text (``paragraph``)::

    corrections:
      - date: "2026-11-20"
        change: Restored the paragraph on the 2019 arrests, which the import missed.
        reason: The first import of the page left it out.
        paragraph: "The full text of the paragraph as it now stands."

The build shows them (a notice on the article, the Corrections page, the
feed); a check of an article against its stored source accepts a paragraph
that differs from the source only when a correction quotes its new text
(``corrected_paragraphs``).  The front-matter schema checks them first
(``dossier.sources.frontmatter``): these functions skip what it reports.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

_SPACE = re.compile(r"[ \t\r\n]+")  # not \s: a no-break space is the article's own


class Correction(NamedTuple):
    date: str  # the day it was made, YYYY-MM-DD
    change: str  # what changed
    reason: str  # why
    paragraph: str = ""  # the changed paragraph's new text, when the correction quotes it


def _text(value: Any) -> str:
    if isinstance(value, datetime.date):
        return value.isoformat()
    return " ".join(value.split()) if isinstance(value, str) else ""


def corrections_of(metadata: Mapping[str, Any]) -> tuple[Correction, ...]:
    """An article's corrections, newest first (those of one day as listed).

    ``metadata`` is the front matter as parsed, or as Sphinx keeps it
    (``env.metadata``: lists arrive there as JSON text).
    """
    listed = metadata.get("corrections") or ()
    if isinstance(listed, str):
        try:
            listed = json.loads(listed)
        except ValueError:
            return ()
    found = []
    for item in listed if isinstance(listed, list) else ():
        if not isinstance(item, Mapping):
            continue
        date, change, reason = (_text(item.get(key)) for key in ("date", "change", "reason"))
        paragraph = item.get("paragraph")
        if date and change and reason:
            found.append(
                Correction(date, change, reason, paragraph if isinstance(paragraph, str) else "")
            )
    return tuple(sorted(found, key=lambda c: c.date, reverse=True))


def normalise_paragraph(text: str) -> str:
    """Runs of spaces, tabs and line breaks as one space; every other character kept."""
    return _SPACE.sub(" ", text).strip()


def corrected_paragraphs(metadata: Mapping[str, Any]) -> frozenset[str]:
    """The new text of each paragraph a correction records (``normalise_paragraph``)."""
    return frozenset(
        normalise_paragraph(c.paragraph) for c in corrections_of(metadata) if c.paragraph
    )


def records_paragraph(metadata: Mapping[str, Any], paragraph: str) -> bool:
    """A correction quotes this paragraph's text: its change from the source is on record."""
    return normalise_paragraph(paragraph) in corrected_paragraphs(metadata)


def latest(corrections: Iterable[Correction]) -> str:
    """The day of the newest correction, or "" when there is none."""
    return max((c.date for c in corrections), default="")
