"""Structured data (schema.org, as JSON-LD) in the head of every web page.

Search engines, reference managers and researchers' scripts read it to learn
what a page is: an article (its headline, date at the precision known, author
and publisher as the source names them, original address, the entities it
mentions, each by its page's address), an entity (person, organization, place,
work or term, with the same entity's Wikidata or Wikipedia addresses from the
registry's ``same_as``), the site itself with its search, or one of its
listings.  A ``<script type="application/ld+json">`` is data, never run: the
Content-Security-Policy needs no hash for it (``dossier.web.security`` hashes
only scripts a browser runs).
"""

from __future__ import annotations

import html
import json
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from dossier.store.domain import get_domain
from dossier.store.uris import builder_relative_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from dossier.sources.registry import Entity
    from dossier.store.domain import Article

CONTEXT = "https://schema.org"
# registry kind -> schema.org type
TYPES = {
    "person": "Person",
    "organization": "Organization",
    "outlet": "NewsMediaOrganization",
    "place": "Place",
    "work": "CreativeWork",
    "term": "DefinedTerm",
}
GLOSSARY = "glossary"
SEARCH_TERM = "search_term_string"
_TAGS = re.compile(r"<[^>]+>")


def address(app: Sphinx, pagename: str, docname: str, anchor: str = "") -> str:
    """A page's published address (``html_baseurl``), or its relative one without it."""
    base = app.config.html_baseurl
    if base:
        base = base if base.endswith("/") else base + "/"
        uri = urljoin(base, app.builder.get_target_uri(docname))
    else:
        uri = app.builder.get_relative_uri(pagename, docname) or app.builder.get_target_uri(docname)
    return uri + (f"#{anchor}" if anchor else "")


def _site_id(app: Sphinx, pagename: str) -> str:
    return address(app, pagename, app.config.root_doc) + "#website"


def _entity_ref(app: Sphinx, pagename: str, docname: str) -> dict[str, str]:
    """An entity by its page's address alone, relative to the page (JSON-LD resolves
    it against the page's own): its type and names are on its page, and an article
    may name a hundred entities."""
    return {"@id": builder_relative_uri(app.builder, pagename, docname)}


def article_data(app: Sphinx, pagename: str, article: Article) -> dict[str, Any]:
    domain = get_domain(app.env)
    url = address(app, pagename, pagename)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "Article",
        "@id": url,
        "url": url,
        "headline": article.title,
        "description": article.summary,
        "datePublished": article.date,
        "inLanguage": app.config.language or "en",
        "keywords": list(article.tags),
        "isPartOf": {"@id": _site_id(app, pagename)},
    }
    if article.authors:
        data["author"] = [{"@type": "Person", "name": name} for name in article.authors]
    if article.publisher:
        data["publisher"] = {"@type": "Organization", "name": article.publisher}
    if article.url:
        data["isBasedOn"] = article.url
    mentioned = []
    found = domain.mentions.get(pagename)
    for entity_id, _count in found.counts if found else ():
        target = domain.target(entity_id, prefer_glossary=False)
        if target is not None:
            mentioned.append(_entity_ref(app, pagename, target.docname))
    if mentioned:
        data["mentions"] = mentioned
    return data


def entity_data(app: Sphinx, pagename: str, entity: Entity) -> dict[str, Any]:
    url = address(app, pagename, pagename)
    data: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": TYPES[entity.kind],
        "@id": url,
        "url": url,
        "name": entity.name,
        "description": entity.description,
    }
    if entity.aliases:
        data["alternateName"] = list(entity.aliases)
    if entity.same_as:
        data["sameAs"] = list(entity.same_as)
    if entity.kind == "term" and GLOSSARY in app.env.found_docs:
        data["inDefinedTermSet"] = address(app, pagename, GLOSSARY)
    return data


def site_data(app: Sphinx, pagename: str) -> dict[str, Any]:
    home = address(app, pagename, pagename)
    search = address(app, pagename, "search")
    return {
        "@context": CONTEXT,
        "@type": "WebSite",
        "@id": _site_id(app, pagename),
        "url": home,
        "name": app.config.project,
        "inLanguage": app.config.language or "en",
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{{SEARCH_TERM}}}"},
            "query-input": f"required name={SEARCH_TERM}",
        },
    }


def page_data(app: Sphinx, pagename: str, title: str) -> dict[str, Any]:
    url = address(app, pagename, pagename)
    return {
        "@context": CONTEXT,
        "@type": "WebPage",
        "@id": url,
        "url": url,
        "name": title,
        "inLanguage": app.config.language or "en",
        "isPartOf": {"@id": _site_id(app, pagename)},
    }


def data_for(app: Sphinx, pagename: str, title: str) -> dict[str, Any]:
    """What the page is, as schema.org says it."""
    domain = get_domain(app.env)
    if (article := domain.articles.get(pagename)) is not None:
        return article_data(app, pagename, article)
    on_page = domain.data["entities"].get(pagename)
    if on_page:
        entity = app.env.dossier_registry.entities.get(next(iter(on_page)))
        if entity is not None:
            return entity_data(app, pagename, entity)
    if pagename == app.config.root_doc:
        return site_data(app, pagename)
    return page_data(app, pagename, title)


def script(data: dict[str, Any]) -> str:
    """The data as a JSON-LD block; ``<`` escaped so no text can close the element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", r"\u003c")
    return f'<script type="application/ld+json">{text}</script>'


def add_to_head(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Web pages only: an EPUB's pages are not found by search engines."""
    if app.builder.name != "html":
        return
    title = html.unescape(_TAGS.sub("", context.get("title") or "")).strip()
    block = script(data_for(app, pagename, title or app.config.project))
    context["metatags"] = context.get("metatags", "") + "\n" + block


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_to_head)
