"""An article's web page body as a chapter of its year's EPUB.

The chapter is the HTML Sphinx rendered for the web page (``context["body"]``
at ``html-page-context``), so the book's text is the page's text: title,
byline, corrections notice, headings, paragraphs, blockquotes.  What the book
cannot hold is changed here, with lxml:

- parts marked web-only where they are made (``web.web_only``) are dropped;
- a mention's link goes to the entity's entry in the book's "Names in this
  book" chapter (``names.xhtml#n-<id>``), without its hover title;
- a link to another article goes to its chapter (``ARTICLE_LINK``); when the
  book is packed, those to a chapter of another year become their words
  (``book_epub.keep_article_links``);
- other links within the site (tags, other pages) become their words; links
  to other sites stay; links to an anchor of the page stay if it is there.

The result is an XHTML document, written as XML by lxml.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from typing import TYPE_CHECKING

import lxml.html
from lxml import etree

from dossier.store.domain import get_domain
from dossier.store.lists import encode
from dossier.store.uris import builder_relative_uri, target_uri
from dossier.web.web_only import WEB_ONLY_CLASSES

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NAMES_FILE = "names.xhtml"
STYLE_FILE = "book.css"
EXTERNAL = re.compile(r"^(https?|mailto):", re.IGNORECASE)
ARTICLE_LINK = "dossier-book-article"  # class of a link to another article's chapter
ARTICLE_LINKS = re.compile(
    r'<a href="(a-[A-Za-z0-9_-]+\.xhtml)(?:#([^"]*))?" class="' + ARTICLE_LINK + r'">(.*?)</a>',
    re.DOTALL,
)
IDS = re.compile(r'\sid="([^"]+)"')
LINKED_ENTITY = re.compile(rb'href="' + re.escape(NAMES_FILE.encode()) + rb'#n-([a-z0-9-]+)"')


def chapter_file(app: Sphinx, docname: str) -> str:
    """The chapter's name, in the book and in the cache: from the article's own."""
    name = docname[len(app.config.dossier_articles_dir.strip("/")) + 1 :]
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", name)
    if safe != name:  # two names must not meet in one
        safe += "-" + hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"a-{safe}.xhtml"


def name_anchor(entity_id: str) -> str:
    """The id of an entity's entry in the names chapter (an XML id starts with a letter)."""
    return f"n-{entity_id}"


def xhtml_document(title: str, language: str, body: str, *, epub_types: bool = False) -> str:
    """A complete XHTML document around ``body`` (already XHTML)."""
    namespace = ' xmlns:epub="http://www.idpf.org/2007/ops"' if epub_types else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        f'<html xmlns="http://www.w3.org/1999/xhtml"{namespace} lang="{language}" '
        f'xml:lang="{language}">\n<head>\n<meta charset="utf-8"/>\n'
        f"<title>{encode(title)}</title>\n"
        f'<link rel="stylesheet" type="text/css" href="{STYLE_FILE}"/>\n'
        f"</head>\n<body>\n{body}</body>\n</html>\n"
    )


def _entity_uris(app: Sphinx, docname: str) -> dict[str, str]:
    """Each address a page in this folder links an entity by -> the entity's id.

    Made once per folder and process: every article of a folder links an
    entity by the same relative address.
    """
    cache: dict[str, dict[str, str]] = app.builder.__dict__.setdefault("_dossier_book_uris", {})
    folder = posixpath.dirname(docname)
    if folder not in cache:
        domain = get_domain(app.env)
        found: dict[str, str] = {}
        for entity_id in app.env.dossier_registry.entities:
            for prefer_glossary in (False, True):
                target = domain.target(entity_id, prefer_glossary=prefer_glossary)
                if target is not None:
                    here = posixpath.join(folder, "-")  # any page of the folder
                    uri = target_uri(app.builder, here, target.docname, target.anchor)
                    found.setdefault(uri, entity_id)
        cache[folder] = found
    return cache[folder]


def _article_uris(app: Sphinx, docname: str) -> dict[str, str]:
    """Each address a page in this folder links an article by -> its chapter."""
    cache: dict[str, dict[str, str]] = app.builder.__dict__.setdefault("_dossier_book_articles", {})
    folder = posixpath.dirname(docname)
    if folder not in cache:
        here = posixpath.join(folder, "-")  # any page of the folder
        cache[folder] = {
            builder_relative_uri(app.builder, here, other): chapter_file(app, other)
            for other in get_domain(app.env).articles
        }
    return cache[folder]


def _has_class(element: etree._Element, names: frozenset[str]) -> bool:
    return not names.isdisjoint((element.get("class") or "").split())


def _on_this_page(href: str, ids: set[str]) -> bool:
    return href.startswith("#") and href[1:] in ids


def chapter(app: Sphinx, docname: str, title: str, body: str) -> bytes:
    """The chapter for the article ``docname`` whose web page body is ``body``."""
    root = lxml.html.fragment_fromstring(body, create_parent="div")
    for element in list(root.iter()):
        if element is not root and _has_class(element, WEB_ONLY_CLASSES):
            element.drop_tree()  # keeps the text that follows it
    ids = {element.get("id") for element in root.iter() if element.get("id")}
    entities = _entity_uris(app, docname)
    articles = _article_uris(app, docname)
    for link in list(root.iter("a")):
        href = link.get("href")
        if href is None:
            continue
        entity_id = entities.get(href)
        if entity_id is not None:
            link.set("href", f"{NAMES_FILE}#{name_anchor(entity_id)}")
            link.attrib.pop("title", None)  # the names chapter holds the description
        elif href.partition("#")[0] in articles:
            page, _, anchor = href.partition("#")
            for name in list(link.attrib):
                del link.attrib[name]
            link.set("href", articles[page] + (f"#{anchor}" if anchor else ""))
            link.set("class", ARTICLE_LINK)
        elif not (EXTERNAL.match(href) or _on_this_page(href, ids)):
            link.drop_tag()  # a page the book does not hold: its words stay
    parts = [encode(root.text or "")]
    parts += [etree.tostring(child, encoding="unicode", method="xml") for child in root]
    return xhtml_document(title, app.config.language or "en", "".join(parts)).encode("utf-8")


def linked_entities(chapter_bytes: bytes) -> list[str]:
    """The entities a chapter links to the names chapter, in order."""
    return [m.decode() for m in LINKED_ENTITY.findall(chapter_bytes)]
