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
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from dossier.store.domain import get_domain

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
    #: The keys a document's data feeds, for kinds with many keys (one per
    #: entity): after an edit only those keys' inputs are recomputed.  Their
    #: inputs may depend on nothing else but the registry.
    keys_fed_by: Callable[[BuildEnvironment, str], Iterable[str]] | None = None
    #: What one document gives the inputs (None: nothing), for kinds whose
    #: inputs depend on nothing else but the registry: after an edit the inputs
    #: are recomputed only if a document read or removed gives something new.
    given_by: Callable[[BuildEnvironment, str], Hashable] | None = None


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


def _fed_keys(env: BuildEnvironment, docname: str) -> set[tuple[str, str]]:
    return {
        (kind, key)
        for kind, aggregate in _KINDS.items()
        if aggregate.keys_fed_by
        for key in aggregate.keys_fed_by(env, docname)
    }


def note_purged(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """Before a document's old data goes, note the keyed aggregates it fed."""
    env.__dict__.setdefault("dossier_fed_keys", set()).update(_fed_keys(env, docname))
    env.__dict__.setdefault("dossier_touched_docs", set()).add(docname)


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    env.__dict__.setdefault("dossier_touched_docs", set()).update(docnames)


def _given_anew(env: BuildEnvironment, docnames: set[str]) -> set[str]:
    """The kinds to which one of these documents now gives something new (each
    document's share is kept for the next build: it is made of the domain's
    own data, which the saved environment then holds once)."""
    stored = get_domain(env).data.setdefault("given", {})  # "kind:docname" -> share
    kinds = set()
    for kind, aggregate in _KINDS.items():
        if aggregate.given_by is None:
            continue
        for docname in docnames:
            name, given = f"{kind}:{docname}", aggregate.given_by(env, docname)
            if stored.get(name) != given:
                kinds.add(kind)
                if given is None:
                    del stored[name]
                else:
                    stored[name] = given
    return kinds


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Return the pages whose aggregates have new inputs since the last build.

    A keyed aggregate's inputs are recomputed only if a document read or
    removed in this build fed it, or the registry changed; a key-less one
    with ``given_by``, only if such a document gives it something new.
    """
    domain = get_domain(env)
    stored = domain.data["digests"]
    fed = env.__dict__.pop("dossier_fed_keys", set())
    touched = env.__dict__.pop("dossier_touched_docs", set())  # read, or removed
    for docname in touched:
        fed |= _fed_keys(env, docname)
    everything = getattr(env, "dossier_registry_changed", True)
    if not (touched or everything):
        return []  # no document read or removed, the same registry: the same inputs
    given = _given_anew(env, touched)
    wanted = {aggregate for aggregates in domain.aggregates.values() for aggregate in aggregates}
    changed = set()
    for kind, key in sorted(wanted):
        name, aggregate = f"{kind}:{key}", _KINDS[kind]
        if not everything and name in stored:
            if aggregate.keys_fed_by is not None and (kind, key) not in fed:
                continue
            if aggregate.given_by is not None and kind not in given:
                continue
        digest = _digest(aggregate.inputs(env, key))
        if stored.get(name) != digest:
            stored[name] = digest
            changed.add((kind, key))
    return sorted(doc for doc, shown in domain.aggregates.items() if changed.intersection(shown))


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(aggregate_placeholder)):
        node.replace_self(_KINDS[node["kind"]].render(app, docname, node))


def setup(app: Sphinx) -> None:
    app.add_node(aggregate_placeholder)
    app.connect("env-purge-doc", note_purged)
    app.connect("env-before-read-docs", note_read)
    app.connect("env-get-updated", pages_to_rewrite)
    app.connect("doctree-resolved", fill_placeholders)
