"""Links built at write time, when aggregates are filled (after Sphinx resolved
cross-references, so these point straight at their pages)."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from docutils import nodes

from dossier.domain import get_domain
from dossier.lists import Link

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder

    from dossier.domain import EntityTarget


def relative_uri(app: Sphinx, fromdoc: str, todoc: str) -> str:
    return builder_relative_uri(app.builder, fromdoc, todoc)


def builder_relative_uri(builder: Builder, fromdoc: str, todoc: str) -> str:
    """The builder's relative URI, remembered: pages link to the same pages
    thousands of times (180,000 links at 1,000 articles).

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


def target_uri(builder: Builder, fromdoc: str, target: EntityTarget) -> str:
    """An entity's page (or glossary entry) as ``make_refnode`` links it: by its
    anchor alone on its own page."""
    if fromdoc == target.docname and target.anchor:
        return f"#{target.anchor}"
    uri = builder_relative_uri(builder, fromdoc, target.docname)
    return uri + (f"#{target.anchor}" if target.anchor else "")


def page_uri(app: Sphinx, fromdoc: str, todoc: str, anchor: str = "") -> str:
    return relative_uri(app, fromdoc, todoc) + (f"#{anchor}" if anchor else "")


def page_link(app: Sphinx, fromdoc: str, todoc: str, text: str, anchor: str = "") -> nodes.Node:
    return nodes.reference("", text, internal=True, refuri=page_uri(app, fromdoc, todoc, anchor))


def entity_part(app: Sphinx, fromdoc: str, entity_id: str, text: str | None = None) -> Link | str:
    """A link to an entity's page, or its name alone if it has no page (for ``lists``)."""
    entity = app.env.dossier_registry.entities.get(entity_id)
    words = text or (entity.name if entity else entity_id)
    target = get_domain(app.env).target(entity_id, prefer_glossary=False)
    if target is None:
        return words
    return Link(page_uri(app, fromdoc, target.docname, target.anchor), words)


def entity_link(app: Sphinx, fromdoc: str, entity_id: str, text: str | None = None) -> nodes.Node:
    """A link to an entity's page, or its name alone if it has no page."""
    part = entity_part(app, fromdoc, entity_id, text)
    if isinstance(part, str):
        return nodes.Text(part)
    return nodes.reference("", part.text, internal=True, refuri=part.uri)
