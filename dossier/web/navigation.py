"""The sidebar's navigation tree, computed once per folder instead of per page.

The theme asks Sphinx for the whole navigation tree on every page, at a cost
that grows with the site.  Pages outside the navigation (articles, entity and
tag pages) all get the same tree, apart from link paths that depend only on
their folder: those pages share one copy per folder.  Pages in the navigation
mark themselves as current, so they still get their own.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def share_navigation(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    toctree = context.get("toctree")
    in_navigation = pagename in app.env.files_to_rebuild or pagename == app.config.root_doc
    if toctree is None or in_navigation:
        return
    shared: dict[tuple, str] = app.builder.__dict__.setdefault("_dossier_navigation", {})
    folder = posixpath.dirname(pagename)

    def cached_toctree(**kwargs: Any) -> str:
        key = (folder, tuple(sorted(kwargs.items())))
        if key not in shared:
            shared[key] = toctree(**kwargs)
        return shared[key]

    context["toctree"] = cached_toctree


def forget(app: Sphinx) -> None:
    """A new build may have a new navigation (run by ``dossier.start_build``)."""
    app.builder.__dict__.pop("_dossier_navigation", None)


def setup(app: Sphinx) -> None:
    # before the theme's own handler, which builds the sidebar from context["toctree"]
    app.connect("html-page-context", share_navigation, priority=100)
