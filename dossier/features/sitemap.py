"""A complete ``sitemap.xml`` after incremental builds too.

sphinx-sitemap collects a page's address as the page is written, so a build
that rewrites four pages writes a sitemap of four pages (jdillard/sphinx-sitemap#13,
open since 2018).  Just before it writes the file, its queue is refilled with
every document's address, made by its own ``add_html_link`` (so addresses,
exclusions and options stay its own), plus the other pages this build wrote
(such as the general index) or kept as they were (``unchanged_indices``),
in the order they were written or would have been.  The library's queue is a
``multiprocessing`` manager's, a process of its own that every written page
sends a message to, so that pages written by parallel workers reach it; since
every document is listed at the end anyway, a plain in-process queue replaces
it (the pages only the main process writes, such as the general index, still
reach it).
"""

from __future__ import annotations

import queue
from typing import TYPE_CHECKING

from dossier.speed.unchanged_indices import KEPT_PAGE_EVENT

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _list_every_page(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.name not in {"html", "dirhtml"}:
        return
    from sphinx_sitemap import add_html_link

    written = []
    with_pages_written = app.sitemap_links
    while True:
        try:
            written.append(with_pages_written.get_nowait())
        except queue.Empty:
            break
    app.sitemap_links = every_page = queue.Queue()
    docs = frozenset(app.env.found_docs)
    others = sorted({link for link, _updated in written} - {_link(app, doc) for doc in docs})
    if getattr(app, "dossier_sitemap_listed", None) == (docs, others):
        # The same pages as the last build of this process wrote (``dossier serve``):
        # the library writes nothing for an empty queue (0.5 s at 30,000 pages).
        return
    for pagename in sorted(docs):
        add_html_link(app, pagename, None, None, None)
    listed = {link for link, _updated in every_page.queue}
    for link, updated in written:
        if link not in listed:
            every_page.put((link, updated))
    app.dossier_sitemap_listed = (docs, others)


def _link(app: Sphinx, pagename: str) -> str:
    """The address sphinx-sitemap gives a page (for the HTML builder)."""
    return pagename + (app.config.html_file_suffix or ".html")


def _list_kept_page(app: Sphinx, pagename: str) -> None:
    """A page left as it was is listed as if it had been written."""
    from sphinx_sitemap import add_html_link

    add_html_link(app, pagename, None, None, None)


def _in_process_queue(app: Sphinx) -> None:
    if hasattr(app, "sitemap_links"):
        app.sitemap_links = queue.Queue()


def _connect(app: Sphinx, _config: object) -> None:
    """Once every extension is loaded: only if the site uses sphinx-sitemap."""
    if "sphinx_sitemap" in app.extensions:
        # After the library makes its queue (builder-inited, default priority 500),
        # and before it writes the file (build-finished, 500).
        app.connect("builder-inited", _in_process_queue, priority=600)
        app.connect("build-finished", _list_every_page, priority=400)
        app.connect(KEPT_PAGE_EVENT, _list_kept_page)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _connect)
