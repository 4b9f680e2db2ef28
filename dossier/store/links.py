"""Links built at write time, when aggregates are filled (after Sphinx resolved
cross-references, so these point straight at their pages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from dossier.store.domain import get_domain
from dossier.store.lists import Link
from dossier.store.uris import builder_relative_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def relative_uri(app: Sphinx, fromdoc: str, todoc: str) -> str:
    return builder_relative_uri(app.builder, fromdoc, todoc)


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
