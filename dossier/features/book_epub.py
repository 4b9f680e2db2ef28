"""One year's EPUB 3: title page, navigation, the articles' chapters, names.

The container is written with ``zipfile`` (``reproducible.write_zip``: a
fixed order and the sources' date); its package document, navigation, title
page and "Names in this book" are made here as XHTML text.  EbookLib was
considered: it keeps every chapter in memory, stamps zip entries with the
clock and writes its own navigation, so it would save little and need the
archive rewritten for reproducible builds.
"""

from __future__ import annotations

import dataclasses
import re
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dossier.features.book_chapter import (
    ARTICLE_LINK,
    ARTICLE_LINKS,
    IDS,
    LINKED_ENTITY,
    NAMES_FILE,
    STYLE_FILE,
    name_anchor,
    xhtml_document,
)
from dossier.features.reproducible import write_zip
from dossier.sources.registry import NATIVE_LANGUAGES
from dossier.store.lists import encode

MEDIA_TYPE = "application/epub+zip"
OPF_FILE = "content.opf"
NAV_FILE = "nav.xhtml"
TITLE_FILE = "title.xhtml"
CONTAINER = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">\n'
    f'<rootfiles><rootfile full-path="{OPF_FILE}" media-type="application/oebps-package+xml"/>'
    "</rootfiles>\n</container>\n"
)
# Readable in any reader app, which sets its own fonts, sizes and colours.
STYLE = """\
body { line-height: 1.5; }
h1, h2, h3 { line-height: 1.25; }
blockquote { margin: 1em 1.5em; }
.attribution, .dossier-attribution { font-style: italic; }
.dossier-byline p, .dossier-title-page .dossier-book-count { margin: 0.2em 0; }
.dossier-byline, .dossier-corrections { margin: 1em 0; padding: 0.5em 0.8em;
  border-left: 3px solid currentColor; }
.dossier-corrections .admonition-title { font-weight: bold; }
.image-caption { font-style: italic; }
dt { font-weight: bold; margin-top: 1em; }
dd { margin-left: 1.5em; }
dd p { margin: 0.2em 0; }
"""
SUMMARY = (
    "Text only: each article's title, byline, headings, paragraphs and quotations "
    "in reading order, with a table of contents and a list of the names the "
    "articles mention, linked both ways."
)


@dataclass(frozen=True)
class Chapter:
    """One article of the book, as its web page shows it."""

    file: str  # its name in the book
    title: str
    date: str  # as the byline shows it
    source: str
    authors: tuple[str, ...]
    publisher: str
    url: str
    data: bytes  # the XHTML document (``book_chapter.chapter``)


@dataclass(frozen=True)
class Name:
    """An entry of "Names in this book"."""

    entity_id: str
    kind: str
    name: str
    sort: str  # the registry's sort key: its first letter files the entry
    description: str
    native: tuple[tuple[str, str], ...]  # (language, name)
    found_in: tuple[tuple[str, str, tuple[str, ...]], ...]  # (chapter file, title, para ids)


@dataclass(frozen=True)
class Book:
    site: str
    year: str
    language: str
    publisher: str
    rights: str
    address: str  # the site's address: the book's identifier is made from it
    chapters: tuple[Chapter, ...]  # in date order
    names: tuple[Name, ...]  # in the order listed


def _stamp(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def _title(book: Book) -> str:
    return f"{book.site}: articles of {book.year}"


def _count(n: int) -> str:
    return f"{n:,} article{'s' if n != 1 else ''}"


def _package(book: Book, epoch: int) -> str:
    identifier = uuid.uuid5(uuid.NAMESPACE_URL, f"{book.address}#books/{book.year}")
    stamp = _stamp(epoch)
    features = ("structuralNavigation", "tableOfContents", "readingOrder")
    metadata = [
        f'<dc:identifier id="book-id">urn:uuid:{identifier}</dc:identifier>',
        f"<dc:title>{encode(_title(book))}</dc:title>",
        f"<dc:language>{book.language}</dc:language>",
        *([f"<dc:publisher>{encode(book.publisher)}</dc:publisher>"] if book.publisher else []),
        *([f"<dc:rights>{encode(book.rights)}</dc:rights>"] if book.rights else []),
        f"<dc:date>{stamp}</dc:date>",
        f'<meta property="dcterms:modified">{stamp}</meta>',
        '<meta property="schema:accessMode">textual</meta>',
        '<meta property="schema:accessModeSufficient">textual</meta>',
        *(f'<meta property="schema:accessibilityFeature">{f}</meta>' for f in features),
        '<meta property="schema:accessibilityHazard">none</meta>',
        f'<meta property="schema:accessibilitySummary">{SUMMARY}</meta>',
    ]
    xhtml = 'media-type="application/xhtml+xml"'
    manifest = [
        f'<item id="nav" href="{NAV_FILE}" {xhtml} properties="nav"/>',
        f'<item id="title" href="{TITLE_FILE}" {xhtml}/>',
        f'<item id="style" href="{STYLE_FILE}" media-type="text/css"/>',
        *(f'<item id="{_item_id(c.file)}" href="{c.file}" {xhtml}/>' for c in book.chapters),
        f'<item id="names" href="{NAMES_FILE}" {xhtml}/>',
        *(f'<item id="{_item_id(f)}" href="{f}" {xhtml}/>' for f in _letters(book.names)),
    ]
    spine = ["title", "nav", *(_item_id(c.file) for c in book.chapters), "names"]
    spine += [_item_id(f) for f in _letters(book.names)]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
        f'unique-identifier="book-id" xml:lang="{book.language}">\n'
        '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        + "\n".join(metadata)
        + "\n</metadata>\n<manifest>\n"
        + "\n".join(manifest)
        + "\n</manifest>\n<spine>\n"
        + "\n".join(f'<itemref idref="{i}"/>' for i in spine)
        + "\n</spine>\n</package>\n"
    )


def _item_id(file: str) -> str:
    return "c-" + file.removesuffix(".xhtml")


def _navigation(book: Book) -> str:
    toc = [f'<li><a href="{TITLE_FILE}">About this book</a></li>']
    toc += [f'<li><a href="{c.file}">{encode(c.title)}</a></li>' for c in book.chapters]
    letters = "\n".join(
        f'<li><a href="{file}">{encode(_letter_label(file))}</a></li>'
        for file in _letters(book.names)
    )
    letters = f"\n<ol>\n{letters}\n</ol>" if letters else ""  # a list is never empty
    toc.append(f'<li><a href="{NAMES_FILE}">Names in this book</a>{letters}</li>')
    marks = [
        f'<li><a epub:type="titlepage" href="{TITLE_FILE}">Title page</a></li>',
        f'<li><a epub:type="toc" href="{NAV_FILE}#toc">Contents</a></li>',
    ]
    if book.chapters:
        marks.append(
            f'<li><a epub:type="bodymatter" href="{book.chapters[0].file}">Articles</a></li>'
        )
    marks.append(f'<li><a epub:type="backmatter" href="{NAMES_FILE}">Names in this book</a></li>')
    body = (
        '<nav epub:type="toc" id="toc" role="doc-toc">\n<h1>Contents</h1>\n<ol>\n'
        + "\n".join(toc)
        + '\n</ol>\n</nav>\n<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n'
        "<h2>Landmarks</h2>\n<ol>\n" + "\n".join(marks) + "\n</ol>\n</nav>\n"
    )
    return xhtml_document("Contents", book.language, body, epub_types=True)


def _attribution(chapter: Chapter) -> str:
    """Where one article comes from, as its page says it (and its original's address)."""
    parts = [f'<a href="{chapter.file}">{encode(chapter.title)}</a> ({encode(chapter.date)}). ']
    parts.append(f"Source: {encode(chapter.source)}")
    if chapter.authors:
        parts.append(f" Author: {encode(', '.join(chapter.authors))}.")
    if chapter.publisher:
        parts.append(f" Publisher: {encode(chapter.publisher)}.")
    if chapter.url:
        url = encode(chapter.url)
        parts.append(f' Original: <a href="{url}">{url}</a>')
    return "<li><p>" + "".join(parts) + "</p></li>"


def _title_page(book: Book) -> str:
    body = (
        '<section class="dossier-title-page">\n'
        f"<h1>{encode(book.site)}</h1>\n"
        f'<p class="dossier-book-year">Articles of {book.year}</p>\n'
        f'<p class="dossier-book-count">{_count(len(book.chapters))}, '
        "in order of publication.</p>\n"
        "<h2>Where the articles come from</h2>\n"
        "<p>Each article is reproduced as its source published it; the byline under "
        "its title says where it comes from. The list of names at the end, and what it "
        f"says of each name, is written by the editors of {encode(book.site)}.</p>\n"
        "<ol>\n"
        + "\n".join(_attribution(c) for c in book.chapters)
        + "\n</ol>\n"
        + (f'<p class="dossier-rights">© {encode(book.rights)}</p>\n' if book.rights else "")
        + "</section>\n"
    )
    return xhtml_document(_title(book), book.language, body)


def _native(native: tuple[tuple[str, str], ...]) -> str:
    spans = [
        f'<span lang="{lang}" xml:lang="{lang}" dir="{NATIVE_LANGUAGES.get(lang, "auto")}">'
        f"{encode(name)}</span>"
        for lang, name in native
    ]
    return f" ({', '.join(spans)})" if spans else ""


def _found_in(name: Name) -> str:
    places = []
    for file, title, paragraphs in name.found_in:
        where = f'<a href="{file}">{encode(title)}</a>'
        if paragraphs:
            numbers = ", ".join(f'<a href="{file}#{p}">{p[1:]}</a>' for p in paragraphs)
            where += f" (¶ {numbers})"
        places.append(where)
    return "; ".join(places)


def names_file(sort: str) -> str:
    """The file of the names whose sort key starts with this letter."""
    letter = sort[:1].casefold()
    return f"names-{letter if 'a' <= letter <= 'z' else 'other'}.xhtml"


def _letter_label(file: str) -> str:
    letter = file.removeprefix("names-").removesuffix(".xhtml")
    return letter.upper() if len(letter) == 1 else "Other"


def _letters(names: tuple[Name, ...]) -> list[str]:
    """The names' files, A to Z and then the others: one file of thousands of
    entries would be slow to open on a phone."""
    files = dict.fromkeys(names_file(n.sort) for n in names)
    return sorted(files, key=lambda f: (f == "names-other.xhtml", f))


def _names_index(book: Book) -> str:
    links = ", ".join(
        f'<a href="{file}">{_letter_label(file)}</a>' for file in _letters(book.names)
    )
    body = (
        '<section class="dossier-names">\n<h1>Names in this book</h1>\n'
        f"<p>The people, organizations, outlets, places, works and terms the articles of "
        f"{book.year} mention, A to Z, with what the editors of {encode(book.site)} say "
        "of each and where each is mentioned (¶: paragraph).</p>\n"
        f"<p>{links or 'The articles mention no name of the registry.'}</p>\n</section>\n"
    )
    return xhtml_document("Names in this book", book.language, body)


def _names_page(book: Book, file: str) -> str:
    label = _letter_label(file)
    body = [f'<section class="dossier-names">\n<h1>Names in this book: {label}</h1>\n<dl>\n']
    for name in book.names:
        if names_file(name.sort) != file:
            continue
        body.append(
            f'<dt id="{name_anchor(name.entity_id)}">{encode(name.name)}'
            f"{_native(name.native)}</dt>\n"
            f"<dd><p>{name.kind.capitalize()}: {encode(name.description)}</p>\n"
            f"<p>Mentioned in {_found_in(name)}.</p></dd>\n"
        )
    body.append("</dl>\n</section>\n")
    return xhtml_document(f"Names in this book: {label}", book.language, "".join(body))


def _point_to_names(data: bytes, files: dict[str, str]) -> bytes:
    """A chapter's mention links, to the file of their entity's entry."""

    def point(match: re.Match[bytes]) -> bytes:
        entity_id = match.group(1).decode()
        if entity_id not in files:  # not in the registry any more: the names' index
            return f'href="{NAMES_FILE}"'.encode()
        return f'href="{files[entity_id]}#{name_anchor(entity_id)}"'.encode()

    return LINKED_ENTITY.sub(point, data)


def keep_article_links(chapters: Sequence[Chapter]) -> list[Chapter]:
    """Links to articles in the book lead to their chapters (to the anchor if it
    is there); links to articles of other years become their words."""
    ids = {c.file: None for c in chapters}

    def anchors(file: str) -> set[str]:
        if ids[file] is None:
            found = next(c for c in chapters if c.file == file).data.decode()
            ids[file] = set(IDS.findall(found))
        return ids[file]

    def resolve(match: re.Match[str]) -> str:
        file, anchor, words = match.groups()
        if file not in ids:
            return words
        if anchor and anchor not in anchors(file):
            return f'<a href="{file}">{words}</a>'
        return f'<a href="{file}{"#" + anchor if anchor else ""}">{words}</a>'

    kept = []
    for found in chapters:
        if ARTICLE_LINK.encode() in found.data:
            data = ARTICLE_LINKS.sub(resolve, found.data.decode()).encode()
            found = dataclasses.replace(found, data=data)
        kept.append(found)
    return kept


def write(path: Path, book: Book, epoch: int) -> None:
    """The book at ``path``, its entries dated ``epoch`` (``SOURCE_DATE_EPOCH``)."""
    entries = {
        "mimetype": MEDIA_TYPE.encode(),
        "META-INF/container.xml": CONTAINER.encode(),
        OPF_FILE: _package(book, epoch).encode(),
        NAV_FILE: _navigation(book).encode(),
        TITLE_FILE: _title_page(book).encode(),
        STYLE_FILE: STYLE.encode(),
        NAMES_FILE: _names_index(book).encode(),
        **{file: _names_page(book, file).encode() for file in _letters(book.names)},
    }
    files = {n.entity_id: names_file(n.sort) for n in book.names}
    entries |= {c.file: _point_to_names(c.data, files) for c in book.chapters}
    write_zip(path, entries, epoch)
