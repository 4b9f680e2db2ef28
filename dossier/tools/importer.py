"""Turning a scraped web article (plain text or saved HTML) into a MyST page.

The article's words are kept character for character; what belonged to the web
page (tag lines, footers, sharing buttons, captions the copy repeated) is
dropped and reported with its line, and every guess the importer had to make
is reported too, so the maintainer checks exactly those places.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tempfile
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from dossier.sources.frontmatter import read_text

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


class ImportRefused(Exception):  # noqa: N818 (a message for the maintainer, not a bug)
    """The input cannot be imported; the message says why and what to do."""


@dataclasses.dataclass
class Block:
    kind: str  # "title", "heading", "paragraph", "caption"
    text: str
    line: int


@dataclasses.dataclass
class Imported:
    title: str
    blocks: list[Block]
    dropped: list[tuple[int, str, str]]  # (line, text, why)
    unsure: list[tuple[int, str]]  # (line, what was guessed)
    dates: list[tuple[int, str]]  # (line, date phrase)
    year: str | None


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


def _paragraphs_from_html(text: str) -> list[tuple[int, str]]:
    """The article's own blocks from a saved web page, in order."""
    soup = BeautifulSoup(text, "html.parser")
    for unwanted in soup(["script", "style", "nav", "footer", "aside", "form", "header"]):
        unwanted.decompose()
    body = soup.find("article") or soup.find("main")
    if body is None:
        candidates = [p.parent for p in soup.find_all("p")]
        body = Counter(candidates).most_common(1)[0][0] if candidates else None
    if body is None or not body.find(["p", "h1", "h2", "h3"]):
        raise ImportRefused(
            "no article body found: the page has no <article>, <main> or paragraphs "
            "(fix: save the page with its text, or copy the text into a .txt file)"
        )
    title = soup.find("h1")
    blocks: list[tuple[int, str]] = []
    if title and not body.find("h1"):
        blocks.append((title.sourceline or 1, title.get_text(" ", strip=True)))
    for element in body.find_all(["h1", "h2", "h3", "h4", "p", "figcaption", "li"]):
        if element.name == "p" and element.find_parent(["li", "figcaption"]):
            continue
        words = _SPACES.sub(" ", element.get_text()).strip(_ASCII_SPACE)
        if words:
            blocks.append((element.sourceline or 1, words))
    return blocks


def parse(text: str, *, html: bool) -> Imported:
    """Sort a scraped article's blocks into title, headings, paragraphs and junk."""
    raw = _paragraphs_from_html(text) if html else _paragraphs_from_text(text)
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


def slugify(title: str, limit: int = 60) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.casefold()).strip("-")
    return slug[:limit].rstrip("-") or "article"


def to_myst(article: Imported, source_note: str) -> str:
    """The MyST page: front matter for the maintainer to complete, then the text."""
    date = article.year or "YYYY"
    lines = [
        "---",
        f"title: {_yaml_string(article.title)}",
        f'date: "{date}"',
        "summary: >-",
        "  TODO: one neutral sentence, written by us, on what the article says.",
        "tags: []",
        f"source: {_yaml_string(source_note)}",
        "---",
        "",
    ]
    for block in article.blocks:
        if block.kind == "heading":
            lines += [f"## {block.text}", ""]
        elif block.kind == "caption":
            lines += ["```{container} image-caption", block.text, "```", ""]
        else:
            lines += [block.text, ""]
    return "\n".join(lines)


def _yaml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_atomically(path: Path, text: str) -> None:
    """Write the whole file or nothing: a failure never leaves half a page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_source(path: Path) -> tuple[str, bool]:
    """The input's text, and whether it is HTML."""
    text, not_utf8 = read_text(
        path, "convert the file to UTF-8, e.g. iconv -f WINDOWS-1252 -t UTF-8"
    )
    if not_utf8:
        raise ImportRefused(not_utf8.format(path))
    looks_html = path.suffix.lower() in {".html", ".htm"} or text.lstrip()[:15].lower().startswith(
        ("<!doctype html", "<html")
    )
    return text, looks_html
