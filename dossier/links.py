"""Links built at write time, when aggregates are filled (after Sphinx resolved
cross-references, so these point straight at their pages)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from dossier.domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def relative_uri(app: Sphinx, fromdoc: str, todoc: str) -> str:
    """The builder's relative URI, remembered: big aggregate pages link to the
    same few pages thousands of times."""
    known: dict[tuple[str, str], str] = app.builder.__dict__.setdefault("_dossier_uris", {})
    if (fromdoc, todoc) not in known:
        known[fromdoc, todoc] = app.builder.get_relative_uri(fromdoc, todoc)
    return known[fromdoc, todoc]


def page_link(app: Sphinx, fromdoc: str, todoc: str, text: str, anchor: str = "") -> nodes.Node:
    uri = relative_uri(app, fromdoc, todoc) + (f"#{anchor}" if anchor else "")
    return nodes.reference("", text, internal=True, refuri=uri)


def entity_link(app: Sphinx, fromdoc: str, entity_id: str, text: str | None = None) -> nodes.Node:
    """A link to an entity's page, or its name alone if it has no page."""
    entity = app.env.dossier_registry.entities.get(entity_id)
    words = text or (entity.name if entity else entity_id)
    target = get_domain(app.env).target(entity_id, prefer_glossary=False)
    if target is None:
        return nodes.Text(words)
    return page_link(app, fromdoc, target.docname, words, target.anchor)
