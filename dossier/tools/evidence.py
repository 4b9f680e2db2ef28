"""Each imported page kept as evidence, and each article checked against it.

``dossier import`` stores the input exactly as it was given (HTML or text,
gzip-compressed) under ``docs/sources/`` and writes its SHA-256 into the
article's front matter (``source_file``, ``source_sha256``). ``dossier
check`` then verifies that every paragraph and heading of the article is still
found word for word in that stored page: an edit that changed the publisher's
words is reported with its line.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Collection
from pathlib import Path

from dossier.sources import frontmatter
from dossier.sources.corrections import corrected_paragraphs
from dossier.tools.article_text import article_units
from dossier.tools.import_decode import decode
from dossier.tools.import_errors import ImportRefused
from dossier.tools.import_page_text import collapse, text_of_source

SOURCES_DIR = "sources"  # under docs/; conf.py keeps it out of the site


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_name(slug: str, is_html: bool) -> str:
    """The stored source's path, relative to the docs folder."""
    return f"{SOURCES_DIR}/{slug}.{'html' if is_html else 'txt'}.gz"


def compressed(data: bytes) -> bytes:
    """gzip without a time stamp: the same input always stores the same bytes."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def _source_words(data: bytes, name: str) -> str:
    text, _encoding = decode(data, name)
    return text_of_source(text, is_html=".html" in name or ".htm" in name)


def verbatim_problems(
    article_path: Path, allowed_changes: Collection[int | str] = (), docs: Path | None = None
) -> list[str]:
    """``path:line`` problems for each paragraph or heading of the article
    that is not word for word in its stored source.

    ``allowed_changes`` are the lines (numbers) or the paragraphs (their
    words) that a recorded correction changed on purpose; they are not
    reported. ``docs`` is the docs folder (default: the article's parent's
    parent, ``docs/articles/x.md``). An article without ``source_file`` in its
    front matter is not checked.
    """
    text = article_path.read_text(encoding="utf-8")
    matter = frontmatter.parse(text)
    stored = matter.data.get("source_file")
    if not isinstance(stored, str):
        return []
    line = matter.key_lines.get("source_file", 1)
    docs = docs or article_path.parent.parent
    source = docs / stored
    if not source.is_file():
        return [
            frontmatter.Problem(
                line,
                f"the stored source {stored} is missing",
                f"restore {stored} from version control",
            ).format(article_path)
        ]
    data = gzip.decompress(source.read_bytes()) if stored.endswith(".gz") else source.read_bytes()
    expected = matter.data.get("source_sha256")
    if expected != sha256(data):
        return [
            frontmatter.Problem(
                matter.key_lines.get("source_sha256", line),
                f"the stored source {stored} is not the page that was imported "
                "(its SHA-256 differs)",
                f"restore {stored} from version control",
            ).format(article_path)
        ]
    try:
        page = _source_words(data, stored)
    except ImportRefused as refused:
        return [frontmatter.Problem(line, str(refused), "restore it").format(article_path)]
    # A paragraph whose new text a correction quotes is changed on the record.
    corrected = corrected_paragraphs(matter.data)
    allowed = {collapse(c) if isinstance(c, str) else c for c in (*allowed_changes, *corrected)}
    problems = []
    for unit in article_units(text):
        words = collapse(unit.words)
        if not words or words in page or unit.line in allowed or words in allowed:
            continue
        problems.append(
            frontmatter.Problem(
                unit.line,
                f"this {unit.kind} is not word for word in its stored source {stored}",
                "restore the publisher's words (see the stored page), or record the "
                "change as a correction",
            ).format(article_path)
        )
    return problems
