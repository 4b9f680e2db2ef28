"""The Atom feed of the articles (``atom.xml``), written with feedgen.

Written after an HTML build from the articles the domain knows, newest first;
every page's head links to it so that feed readers find it.  A corrected
article's entry is updated on the day of its newest correction, and its
content says what changed and why, so that feed readers show it again.
"""

from __future__ import annotations

import datetime
import html
from pathlib import Path
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator
from sphinx.util import logging

from dossier.features.articles import newest_first
from dossier.features.corrections import corrections_on, describe
from dossier.sources.corrections import Correction, latest
from dossier.sources.dates import format_date
from dossier.store.domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

FEED = "atom.xml"


def _when(iso: str) -> datetime.datetime:
    """A partial date as the first moment it covers (2020 -> 1 January 2020)."""
    parts = [int(p) for p in iso.split("-")] + [1, 1]
    return datetime.datetime(parts[0], parts[1], parts[2], tzinfo=datetime.UTC)


def _updated(app: Sphinx, docname: str, date: str) -> datetime.datetime:
    """The article's date, or its newest correction's when that is later."""
    return max(_when(date), _when(latest(corrections_on(app.env, docname)) or date))


def _corrected_content(summary: str, corrected: tuple[Correction, ...]) -> str:
    """The summary, then each correction, newest first, as HTML."""
    items = "".join(
        f"<li>{format_date(c.date)}: {html.escape(describe(c))}</li>" for c in corrected
    )
    return f"<p>{html.escape(summary)}</p><p>Corrected:</p><ul>{items}</ul>"


def write_feed(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html" or app.builder.name == "epub":
        return
    base = app.config.html_baseurl
    if not base:
        logger.info("no Atom feed: html_baseurl is not set in conf.py")
        return
    base = base.rstrip("/") + "/"
    articles = newest_first(list(get_domain(app.env).articles.values()))
    feed = FeedGenerator()
    feed.id(base)
    feed.title(app.config.project)
    feed.author({"name": app.config.author})
    feed.link(href=base, rel="alternate")
    feed.link(href=base + FEED, rel="self")
    feed.language(app.config.language or "en")
    shown = articles[: app.config.dossier_feed_size]
    updated = [_updated(app, article.docname, article.date) for article in shown]
    feed.updated(max(updated, default=_when("1970")))
    for article, when in reversed(list(zip(shown, updated, strict=True))):
        url = base + app.builder.get_target_uri(article.docname)
        entry = feed.add_entry()
        entry.id(url)
        entry.title(article.title)
        entry.link(href=url)
        entry.summary(article.summary)
        corrected = corrections_on(app.env, article.docname)
        if corrected:
            entry.content(_corrected_content(article.summary, corrected), type="html")
        entry.updated(when)
        entry.published(_when(article.date))
        for tag in article.tags:
            entry.category(term=tag)
    feed.atom_file(str(Path(app.outdir) / FEED), pretty=True)


def link_feed(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Announce the feed in every page's head."""
    if app.builder.name == "epub":
        return
    href = context["pathto"](FEED, 1)
    context["metatags"] = context.get("metatags", "") + (
        f'\n<link rel="alternate" type="application/atom+xml" '
        f'title="{app.config.project}: articles" href="{href}">'
    )


def setup(app: Sphinx) -> None:
    app.add_config_value("dossier_feed_size", 50, "html", types=[int])
    app.connect("html-page-context", link_feed)
    app.connect("build-finished", write_feed)
