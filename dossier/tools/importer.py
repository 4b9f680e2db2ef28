"""Turning a scraped web article (plain text or saved HTML) into a MyST page.

The article's words are kept character for character; what belonged to the web
page (tag lines, footers, sharing buttons, captions the copy repeated) is
dropped and reported with its line, and every guess the importer had to make
is reported too, so the maintainer checks exactly those places.
"""

from __future__ import annotations

import dataclasses
import datetime
import os
import re
import tempfile
from collections import Counter
from pathlib import Path

from dossier.tools import import_markdown
from dossier.tools.import_decode import decode, looks_binary
from dossier.tools.import_errors import ImportRefused
from dossier.tools.import_extract import Block, extract
from dossier.tools.import_fetch import MAX_BYTES, size_limit_message

# Lines that belong to the web page, not to the article.
JUNK = re.compile(
    r"^(Tags:|Copyright\s*©|©\s*\d{4}|All Rights Reserved|Share this|Social media & sharing"
    r"|Share on |Follow us|Related posts|Read more$|XML Sitemap)",
    re.IGNORECASE,
)
_ASCII_SPACE = " \t\r\n"  # not str.strip(): a no-break space is article text
_SPACES = re.compile(r"[ \t\r\n]+")
SHORT = 160  # characters: a line this short, without final punctuation, may be a heading
_SENTENCE_END = re.compile(r"[.!?…:;,]$")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DATES = re.compile(
    rf"\b(?:\d{{1,2}}[\s\u00a0](?:{_MONTHS})(?:,?\s\d{{4}})?"
    rf"|(?:{_MONTHS})\s\d{{1,2}}(?:,\s\d{{4}})?"
    rf"|(?:{_MONTHS})\s\d{{4}}"
    rf"|(?:in|since|of|from)\s(?:1[89]\d\d|20\d\d))\b"
)


@dataclasses.dataclass
class Imported:
    title: str
    blocks: list[Block]
    dropped: list[tuple[int, str, str]]  # (line, text, why)
    unsure: list[tuple[int, str]]  # (line, what was guessed)
    dates: list[tuple[int, str]]  # (line, date phrase)
    year: str | None
    metadata: dict[str, str | list[str]] = dataclasses.field(default_factory=dict)


def _is_short(text: str) -> bool:
    return len(text) <= SHORT and not _SENTENCE_END.search(text.rstrip("”’\"'"))


def _paragraphs_from_text(text: str) -> list[tuple[int, str]]:
    """Blank-line separated paragraphs, each with the line it starts on."""
    found, current, start = [], [], 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip(_ASCII_SPACE):
            if not current:
                start = number
            current.append(line.strip(_ASCII_SPACE))
        elif current:
            found.append((start, " ".join(current)))
            current = []
    if current:
        found.append((start, " ".join(current)))
    return found


def parse(text: str, *, html: bool) -> Imported:
    """Sort a scraped article's blocks into title, headings, paragraphs and junk."""
    if html:
        return from_page(text)
    raw = _paragraphs_from_text(text)
    dropped: list[tuple[int, str, str]] = []
    unsure: list[tuple[int, str]] = []
    kept: list[tuple[int, str]] = []
    for line, para in raw:
        if JUNK.match(para) or ("powered by" in para.casefold() and len(para) < SHORT):
            dropped.append((line, para, "web page text, not article text"))
        else:
            kept.append((line, para))
    counts = Counter(p for _, p in kept)
    repeated = {p for p, n in counts.items() if n > 1 and _is_short(p)}
    body: list[tuple[int, str]] = []
    for line, para in kept:
        if para in repeated:
            dropped.append((line, para, "image caption or alt text repeated by the copy"))
        else:
            body.append((line, para))
    if not body:
        raise ImportRefused(
            "the input has no article text (fix: check that the file is the article)"
        )
    if len(body[0][1]) > SHORT:
        # The title line, repeated by the copy, was taken for a caption: it is
        # the title when nothing short is left before the first paragraph.
        before = [d for d in dropped if d[0] < body[0][0] and d[2].startswith("image caption")]
        if before:
            dropped.remove(before[0])
            body.insert(0, before[0][:2])
    title_line, title = body[0]
    if len(title) > SHORT:
        unsure.append((title_line, "no title line found: the first paragraph was taken as title"))
    blocks: list[Block] = []
    rest = body[1:]
    first_line = rest[0][0] if rest else 0
    after_dropped_image = any(title_line < line < first_line for line, _, _ in dropped)
    for index, (line, para) in enumerate(rest):
        following = rest[index + 1][1] if index + 1 < len(rest) else ""
        if _is_short(para) and following.startswith(para) and following != para:
            dropped.append((line, para, "alt text repeated at the start of the next line"))
            continue
        if _is_short(para) and _is_short(following) and following:
            blocks.append(Block("caption", para, line))
            unsure.append((line, "a short line before a heading: kept as an image caption"))
        elif _is_short(para):
            blocks.append(Block("heading", para, line))
        elif index == 0 and after_dropped_image:
            blocks.append(Block("caption", para, line))
            unsure.append((line, "the first paragraph follows the lead image: kept as its caption"))
        else:
            blocks.append(Block("paragraph", para, line))
    if not any(b.kind == "paragraph" for b in blocks):
        raise ImportRefused("the input has headings but no paragraphs (fix: check the input)")
    dates = [(b.line, m.group(0)) for b in blocks for m in DATES.finditer(b.text)]
    years = re.findall(r"(?:Copyright\s*©|©)\s*(\d{4})", text)
    return Imported(
        title, blocks, sorted(dropped), sorted(unsure), dates, years[0] if years else None
    )


def from_page(html: str) -> Imported:
    """A saved web page's article (see :mod:`dossier.tools.import_extract`)."""
    page = extract(html)
    unsure = [
        (line, f"words the extractor kept but the page does not have, left out: {words[:70]}")
        for line, words in page.missed
    ]
    dates = [(b.line, m.group(0)) for b in page.blocks for m in DATES.finditer(b.text)]
    dropped = [(b.line, b.text, "links to other pages, not article text") for b in page.links]
    return Imported(page.title, page.blocks, dropped, unsure, dates, None, page.metadata)


SLUG = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")


def check_slug(slug: str) -> None:
    """A page name, not a path: ``../x`` or ``/x`` would write outside docs/."""
    if not SLUG.fullmatch(slug):
        raise ImportRefused(
            f"--slug '{slug}' is not a plain name; nothing was written (fix: use letters, "
            "digits and hyphens only, e.g. --slug my-article)"
        )


def slugify(title: str, limit: int = 60) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return slug[:limit].rstrip("-") or "article"


def front_matter_fields(article: Imported, source_note: str) -> dict[str, object]:
    """The front matter the importer can fill; the summary is the maintainer's."""
    meta = article.metadata
    fields: dict[str, object] = {
        "title": article.title,
        "date": meta.get("date") or article.year or "YYYY",
        "summary": "TODO: one neutral sentence, written by us, on what the article says.",
        "tags": [],
        "source": source_note,
    }
    # The page's "authors" are the front matter's "author" (a list of names).
    for key, field in (("authors", "author"), ("publisher",) * 2, ("url",) * 2, ("language",) * 2):
        if meta.get(key):
            fields[field] = meta[key]
    return fields


def to_myst(article: Imported, source_note: str, **extra: object) -> str:
    """The MyST page: front matter for the maintainer to complete, then the text."""
    lines = import_markdown.front_matter({**front_matter_fields(article, source_note), **extra})
    return "\n".join(lines + import_markdown.body(article.blocks))


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write the whole file or nothing: a failure never leaves half a page.

    The page gets the mode any new file gets (0o666 less the umask): the
    temporary file's own 0o600 would hide it from the web server's user."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def read_source(path: Path) -> tuple[str, bool, bytes]:
    """The input's text, whether it is HTML, and its bytes."""
    if path.stat().st_size > MAX_BYTES:
        raise ImportRefused(size_limit_message(str(path)))
    data = path.read_bytes()
    if not data.strip():
        raise ImportRefused(f"{path}: the file is empty (fix: save the article again)")
    if looks_binary(data):
        raise ImportRefused(
            f"{path}: not a text or HTML file (fix: give a saved .html page or a .txt copy)"
        )
    text, _encoding = decode(data, str(path))
    head = text.lstrip("\ufeff \t\r\n")[:200].lower()
    looks_html = path.suffix.lower() in {".html", ".htm", ".xhtml"} or head.startswith(
        ("<!doctype html", "<html", "<?xml")
    )
    return text, looks_html, data


_SAVED_FROM = re.compile(r"<!--\s*saved from url=\(\d+\)(https?://[^\s>]+)", re.IGNORECASE)


def source_note(path: Path, text: str, html: bool, address: str | None = None) -> str:
    """Which page, from which address, saved when (the browser's "saved from"
    mark gives the address of a saved page; the file's time, when it was saved)."""
    saved = datetime.datetime.fromtimestamp(path.stat().st_mtime, datetime.UTC).date()
    found = address or (m.group(1) if html and (m := _SAVED_FROM.search(text[:4096])) else None)
    kind = "Web page" if html else "Text copy of a web article"
    where = f" from {found}" if found else ""
    return f"{kind} saved as {path.name}{where} on {saved.isoformat()}; imported unchanged."
