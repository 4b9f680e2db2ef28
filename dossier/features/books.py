"""One EPUB per year of publication, made by the HTML build from its own pages.

A book of every article grows with the archive (91 MB at 3,000 articles, too
large for a phone) and Sphinx's EPUB builder would read every source a second
time.  Instead, as the HTML build writes an article's page, the page's body
becomes an XHTML chapter (``book_chapter``) kept on disk under the doctree
folder (``dossier-books/``), not in memory.  When the build has finished, each
year whose chapters or book changed is packed (``book_epub``) into
``books/<project>-<year>.epub`` in the HTML output; a no-change build packs
nothing and an edit to one article packs only its year.

The ``{downloads}`` directive lists the books with their number of articles
and size.  A size is known only once its book is packed, after every page
was written: the list sits between two markers on its page, which the build
fills when a book changed.  ``dossier serve`` sets ``dossier_books = False``:
it keeps chapters up to date but packs no book (``make html`` does).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from dossier.features import book_epub
from dossier.features.articles import is_article
from dossier.features.book_chapter import chapter, chapter_file, linked_entities
from dossier.features.feed import FEED
from dossier.sources import source_date
from dossier.sources.dates import format_date
from dossier.store import aggregates
from dossier.store.domain import Article, get_domain
from dossier.store.lists import encode, prerendered
from dossier.web.web_only import web_only

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

BOOKS_DIR = "books"  # in the HTML output
CACHE_DIR = "dossier-books"  # in the doctree folder: chapters, and what each book holds
# Raise LAYOUT when the chapters' or the books' layout changes: every page is
# written again into a new chapter folder, and every book is packed again.
LAYOUT = 2
CHAPTERS = f"chapters-{LAYOUT}"
RECORD = "books.json"
LIST_START, LIST_END = "<!-- dossier-books -->", "<!-- /dossier-books -->"
_LIST = re.compile(re.escape(LIST_START) + ".*?" + re.escape(LIST_END), re.DOTALL)


def _makes_books(app: Sphinx) -> bool:
    return app.builder.name == "html"


def _cache(app: Sphinx) -> Path:
    return Path(app.doctreedir) / CACHE_DIR


def book_file(app: Sphinx, year: str) -> str:
    project = re.sub(r"[^a-z0-9]+", "-", app.config.project.casefold()).strip("-")
    return f"{project or 'articles'}-{year}.epub"


# --- chapters, as pages are written --------------------------------------------------


def keep_chapter(
    app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None
) -> None:
    """The article's page body as its chapter, written only when it changed."""
    if doctree is None or not _makes_books(app) or not is_article(app.env, pagename):
        return
    article = get_domain(app.env).articles.get(pagename)
    if article is None:
        return
    data = chapter(app, pagename, article.title, context["body"])
    path = _cache(app) / CHAPTERS / chapter_file(app, pagename)
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    written = path.with_name(path.name + ".tmp")
    written.write_bytes(data)
    os.replace(written, path)  # a build stopped halfway leaves no half chapter


def chapters_missing(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Articles whose chapter is not on disk (a first build with books, a
    deleted cache): their pages are written again.  Not looked for in a build
    that makes no book (``dossier serve``: 0.3 s at 10,000 articles), which
    writes each chapter of the pages it writes all the same."""
    if not _makes_books(app) or not app.config.dossier_books:
        return []
    folder = _cache(app) / CHAPTERS
    return sorted(
        docname
        for docname in get_domain(env).articles
        if not (folder / chapter_file(app, docname)).is_file()
    )


# --- books, once every page is written ------------------------------------------------


def _years(env: BuildEnvironment) -> dict[str, list[Article]]:
    """Articles by year of publication, oldest first (of one date, by title)."""
    by_year: dict[str, list[Article]] = defaultdict(list)
    for article in get_domain(env).articles.values():
        by_year[article.date[:4]].append(article)
    for articles in by_year.values():
        articles.sort(key=lambda a: (a.title.casefold(), a.docname))
        articles.sort(key=lambda a: a.date)
    return by_year


def _registry_digest(app: Sphinx) -> str:
    entities = app.env.dossier_registry.entities
    rows = sorted((e.id, e.kind, e.name, e.native, e.description) for e in entities.values())
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _site(app: Sphinx) -> tuple[str, ...]:
    config = app.config
    return (config.project, config.language or "en", config.author, config.copyright)


def _digest(app: Sphinx, articles: list[Article], registry: str) -> str:
    """What a year's book is made of: if it is the same, the book is too.

    A chapter is rewritten only when its bytes change, so its size and time
    stand for its bytes: nothing is read to find that nothing changed.
    """
    folder = _cache(app) / CHAPTERS
    chapters = []
    for article in articles:
        path = folder / chapter_file(app, article.docname)
        found = path.stat() if path.is_file() else None
        chapters.append((article, found and (found.st_size, found.st_mtime_ns)))
    inputs = (LAYOUT, _site(app), app.config.html_baseurl, registry, chapters)
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def _names(app: Sphinx, chapters: list[book_epub.Chapter], articles: list[Article]):
    """The entries of "Names in this book": every entity the year's articles
    mention or link, with the paragraphs that mention it."""
    entities = app.env.dossier_registry.entities
    mentions = get_domain(app.env).mentions
    found: dict[str, dict[str, list[str]]] = defaultdict(dict)  # id -> file -> para ids
    for chapter_, article in zip(chapters, articles, strict=True):
        seen = mentions.get(article.docname)
        for para_id, ids in seen.paragraphs if seen else ():
            for entity_id in ids:
                found[entity_id].setdefault(chapter_.file, []).append(para_id)
        for entity_id in linked_entities(chapter_.data):
            found[entity_id].setdefault(chapter_.file, [])
    titles = {c.file: c.title for c in chapters}
    order = {c.file: n for n, c in enumerate(chapters)}
    names = [
        book_epub.Name(
            entity_id=entity_id,
            kind=entities[entity_id].kind,
            name=entities[entity_id].name,
            sort=entities[entity_id].sort,
            description=entities[entity_id].description,
            native=entities[entity_id].native,
            found_in=tuple(
                (file, titles[file], tuple(dict.fromkeys(paragraphs)))
                for file, paragraphs in sorted(where.items(), key=lambda kv: order[kv[0]])
            ),
        )
        for entity_id, where in found.items()
        if entity_id in entities
    ]
    sort = {n.entity_id: entities[n.entity_id].sort.casefold() for n in names}
    return tuple(sorted(names, key=lambda n: (sort[n.entity_id], n.entity_id)))


def _pack(app: Sphinx, year: str, articles: list[Article], path: Path, epoch: int) -> None:
    folder = _cache(app) / CHAPTERS
    chapters = [
        book_epub.Chapter(
            file=chapter_file(app, a.docname),
            title=a.title,
            date=format_date(a.date),
            source=a.source,
            authors=a.authors,
            publisher=a.publisher,
            url=a.url,
            data=(folder / chapter_file(app, a.docname)).read_bytes(),
        )
        for a in articles
    ]
    chapters = book_epub.keep_article_links(chapters)
    config = app.config
    book = book_epub.Book(
        site=config.project,
        year=year,
        language=config.language or "en",
        publisher=config.author,
        rights=config.copyright,
        address=config.html_baseurl,
        chapters=tuple(chapters),
        names=_names(app, chapters, articles),
    )
    book_epub.write(path, book, epoch)


def _read_record(app: Sphinx) -> dict[str, dict]:
    try:
        return json.loads((_cache(app) / RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def pack_books(app: Sphinx, exception: Exception | None) -> None:
    """Pack each year whose book would change; drop the books of years gone."""
    if exception or not _makes_books(app) or not app.config.dossier_books:
        return
    record = _read_record(app)
    years = _years(app.env)
    out = Path(app.outdir) / BOOKS_DIR
    registry = _registry_digest(app)
    epoch = source_date.from_environment() or 0
    changed = False
    for year, articles in sorted(years.items()):
        missing = [a.docname for a in articles if not _chapter_path(app, a.docname).is_file()]
        if missing:
            logger.warning(
                "no chapter for %s: the %s book is not packed (fix: `make clean`, then build)",
                ", ".join(missing),
                year,
                type="dossier",
                subtype="books",
            )
            continue
        digest = _digest(app, articles, registry)
        path = out / book_file(app, year)
        known = record.get(year, {})
        if known.get("digest") == digest and known.get("file") == path.name and path.is_file():
            continue
        out.mkdir(parents=True, exist_ok=True)
        _pack(app, year, articles, path, epoch)
        record[year] = {
            "file": path.name,
            "articles": len(articles),
            "bytes": path.stat().st_size,
            "digest": digest,
        }
        changed = True
    for year in sorted(set(record) - set(years)):
        (out / record.pop(year)["file"]).unlink(missing_ok=True)
        changed = True
    if changed:
        _forget_chapters(app, {chapter_file(app, d) for d in get_domain(app.env).articles})
        _cache(app).mkdir(parents=True, exist_ok=True)
        (_cache(app) / RECORD).write_text(json.dumps(record, indent=1, sort_keys=True), "utf-8")
        _fill_lists(app, record)


def _forget_chapters(app: Sphinx, kept: set[str]) -> None:
    """Remove the chapters of articles that are gone (or are drafts again), and
    those of an earlier layout."""
    for old in _cache(app).glob("chapters*"):
        if old.name != CHAPTERS:
            shutil.rmtree(old)
    folder = _cache(app) / CHAPTERS
    for entry in os.scandir(folder) if folder.is_dir() else ():
        if entry.name not in kept:
            os.unlink(entry.path)


def _chapter_path(app: Sphinx, docname: str) -> Path:
    return _cache(app) / CHAPTERS / chapter_file(app, docname)


# --- the list of books on the web site ------------------------------------------------


def _size(size: int) -> str:
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{max(1, round(size / 1e3))} kB"


def _list_html(record: dict[str, dict], up: str) -> str:
    """The books, newest year first, between the markers the build fills."""
    items = [
        f'<li><a class="reference internal" href="{encode(up + BOOKS_DIR + "/" + book["file"])}"'
        f' type="{book_epub.MEDIA_TYPE}">{year}</a>: {book["articles"]:,} '
        f"article{'s' if book['articles'] != 1 else ''}, EPUB, {_size(book['bytes'])}</li>"
        for year, book in sorted(record.items(), reverse=True)
    ]
    listing = f'<ul class="dossier-books">\n{"".join(items)}\n</ul>' if items else ""
    return LIST_START + listing + LIST_END


def _fill_lists(app: Sphinx, record: dict[str, dict]) -> None:
    """Put the books' sizes into the pages that list them, already written."""
    for docname, shown in sorted(get_domain(app.env).aggregates.items()):
        if ("books", "") not in shown:
            continue
        page = Path(app.outdir) / app.builder.get_target_uri(docname)
        if not page.is_file():
            continue
        html = page.read_text("utf-8")
        filled = _LIST.sub(_list_html(record, "../" * docname.count("/")), html)
        if filled != html:
            page.write_text(filled, "utf-8")


class DownloadsDirective(SphinxDirective):
    """``{downloads}``: the books, one per year, and the Atom feed (web pages only)."""

    def run(self) -> list[nodes.Node]:
        up = "../" * self.env.docname.count("/")
        intro = nodes.paragraph(
            text="To read offline, each year's articles are also an EPUB e-book, with "
            "the names they mention:",
            classes=["dossier-downloads"],
        )
        listing = aggregates.placeholder(self.env, "books")
        self.set_source_info(listing)
        feed = nodes.paragraph(classes=["dossier-downloads"])
        feed += nodes.Text("Follow new articles with the ")
        feed += nodes.reference("", "Atom feed", refuri=up + FEED)
        feed += nodes.Text(".")
        return [web_only(nodes.container("", intro, listing, feed))]  # a book lists no books


def _books_inputs(env: BuildEnvironment, _key: str = "") -> tuple:
    return tuple(sorted((year, len(found)) for year, found in _years(env).items()))


def _render_books(app: Sphinx, docname: str, node: nodes.Element) -> list[nodes.Node]:
    """The list as the last packing left it; ``pack_books`` updates it."""
    if app.builder.format != "html":
        return []
    up = "../" * docname.count("/")
    return [prerendered(html=_list_html(_read_record(app), up))]


def setup(app: Sphinx) -> None:
    app.add_config_value("dossier_books", True, "", types=[bool])
    app.add_directive("downloads", DownloadsDirective)
    aggregates.register("books", aggregates.Aggregate(_books_inputs, _render_books))
    app.connect("html-page-context", keep_chapter)
    app.connect("env-get-updated", chapters_missing)
    app.connect("build-finished", pack_books)
