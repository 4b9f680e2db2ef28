"""Relative addresses between pages, remembered: pages link to the same pages
thousands of times (180,000 links at 1,000 articles)."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.builders import Builder


def builder_relative_uri(builder: Builder, fromdoc: str, todoc: str) -> str:
    """The builder's relative URI, remembered.

    For the HTML builder a link depends only on the folder it is written from
    (``page.html`` in the same folder, ``../x/page.html`` from another), so
    pages of one folder share the answers; a page's link to itself is kept
    apart, as Sphinx makes it empty.
    """
    known: dict[tuple[str, str], str] = builder.__dict__.setdefault("_dossier_uris", {})
    by_folder = builder.name == "html" and fromdoc != todoc
    key = (posixpath.dirname(fromdoc) + "/" if by_folder else fromdoc, todoc)
    if key not in known:
        known[key] = builder.get_relative_uri(fromdoc, todoc)
    return known[key]


def target_uri(builder: Builder, fromdoc: str, docname: str, anchor: str) -> str:
    """A page (or an anchor in it) as ``make_refnode`` links it: by its anchor
    alone on its own page."""
    if fromdoc == docname and anchor:
        return f"#{anchor}"
    uri = builder_relative_uri(builder, fromdoc, docname)
    return uri + (f"#{anchor}" if anchor else "")
