"""A complete ``sitemap.xml`` after incremental builds too.

sphinx-sitemap collects a page's address as the page is written, so a build
that rewrites four pages writes a sitemap of four pages (jdillard/sphinx-sitemap#13,
open since 2018).  Before it writes the file, the pages this build did not
write are handed to it through its own ``add_html_link``, so its addresses,
exclusions and options stay its own.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _note_written(app: Sphinx, pagename: str, *_args: object) -> None:
    app.__dict__.setdefault("dossier_written_pages", set()).add(pagename)


def _add_pages_not_written(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.name not in {"html", "dirhtml"}:
        return
    from sphinx_sitemap import add_html_link

    written = app.__dict__.pop("dossier_written_pages", set())
    for pagename in sorted(app.env.found_docs - written):
        add_html_link(app, pagename, None, None, None)


def _connect(app: Sphinx, _config: object) -> None:
    """Once every extension is loaded: only if the site uses sphinx-sitemap."""
    if "sphinx_sitemap" in app.extensions:
        app.connect("html-page-context", _note_written)
        # sphinx-sitemap writes the file at the default priority (500).
        app.connect("build-finished", _add_pages_not_written, priority=400)


def setup(app: Sphinx) -> None:
    app.connect("config-inited", _connect)
