"""Pages that gather data from many documents (lists, backlinks, timelines).

The pattern of ``sphinx.ext.todo``: a directive leaves a placeholder, records in
the domain that its page holds that aggregate, and ``doctree-resolved`` fills
the placeholder from the domain.  ``env-get-updated`` rewrites a page only when
the inputs of one of its aggregates changed (the fix for sphinx#9706).

An aggregate is named by a kind ("articles", "entity") and a key (an entity id,
or "" when the kind needs none).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from dossier.domain import get_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


class aggregate_placeholder(nodes.General, nodes.Element):  # noqa: N801 (docutils style)
    """Stands where an aggregate will be rendered once all documents are read."""


@dataclass(frozen=True)
class Aggregate:
    """How to compute one kind of aggregate: its inputs, and its nodes."""

    inputs: Callable[[BuildEnvironment, str], Hashable]
    render: Callable[[Sphinx, str, aggregate_placeholder], list[nodes.Node]]


_KINDS: dict[str, Aggregate] = {}


def register(kind: str, aggregate: Aggregate) -> None:
    _KINDS[kind] = aggregate


def placeholder(env: BuildEnvironment, kind: str, key: str = "", **options) -> nodes.Element:
    """Record that the current page shows this aggregate, and stand in for it."""
    pages = get_domain(env).aggregates
    pages[env.docname] = tuple(sorted({*pages.get(env.docname, ()), (kind, key)}))
    return aggregate_placeholder(kind=kind, key=key, options=options)


class AggregateDirective(SphinxDirective):
    """Base for directives that place a key-less aggregate; subclasses set ``kind``."""

    kind: ClassVar[str]

    def run(self) -> list[nodes.Node]:
        node = placeholder(self.env, self.kind, **self.options)
        self.set_source_info(node)
        return [node]


def _digest(value: Hashable) -> str:
    """A stable fingerprint (repr, not pickle: pickle output depends on object identity)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Return the pages whose aggregates have new inputs since the last build."""
    domain = get_domain(env)
    stored = domain.data["digests"]
    wanted = {aggregate for aggregates in domain.aggregates.values() for aggregate in aggregates}
    changed = set()
    for kind, key in sorted(wanted):
        digest = _digest(_KINDS[kind].inputs(env, key))
        if stored.get(f"{kind}:{key}") != digest:
            stored[f"{kind}:{key}"] = digest
            changed.add((kind, key))
    return sorted(doc for doc, shown in domain.aggregates.items() if changed.intersection(shown))


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(aggregate_placeholder)):
        node.replace_self(_KINDS[node["kind"]].render(app, docname, node))


def setup(app: Sphinx) -> None:
    app.add_node(aggregate_placeholder)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("doctree-resolved", fill_placeholders)
