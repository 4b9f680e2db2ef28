"""The dossier's Sphinx domain: the one store of per-document data.

Everything read from a document lives here, keyed by docname, so that Sphinx
can forget it when the document changes (``clear_doc``) and merge it back from
worker processes under ``-j`` (``merge_domaindata``).  Entities are the domain's
objects: they go to ``objects.inv``, the search index and cross-references.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple

from docutils import nodes
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.util.nodes import make_refnode

from dossier.sources.registry import KINDS
from dossier.store.uris import target_uri

if TYPE_CHECKING:
    from collections.abc import Iterable, Set

    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class Article(NamedTuple):
    """What listings need to know about one article."""

    docname: str
    title: str
    date: str
    summary: str
    tags: tuple[str, ...]
    source: str
    minutes: int  # reading time
    authors: tuple[str, ...] = ()  # as the source names them; none when it names none
    publisher: str = ""
    url: str = ""  # the original's address, when known


class EntityTarget(NamedTuple):
    """Where an entity's page (or glossary entry) is, and what it is."""

    docname: str
    anchor: str
    name: str
    kind: str


class DocMentions(NamedTuple):
    """The mentions found in one article."""

    counts: tuple[tuple[str, int], ...]  # (entity id, mentions) in first-mention order
    snippets: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]  # id -> ((para id, text),)
    paragraphs: tuple[tuple[str, tuple[str, ...]], ...]  # (para id, entity ids in it)


class Event(NamedTuple):
    """A dated event marked in an article."""

    date: str  # ISO at the precision the text allows
    inferred: bool
    label: str
    entities: tuple[str, ...]
    docname: str
    paragraph: str  # id of the paragraph that reports it
    order: int  # position in the article


class Quote(NamedTuple):
    """A direct quotation marked in an article."""

    speaker: str
    date: str  # "" when the article gives none
    inferred: bool
    venue: str
    opening: str  # the quotation's words, shortened to its opening and closing
    docname: str
    paragraph: str
    order: int


# Per-document stores: each maps docname -> value, or docname -> {key: value}.
PER_DOC = ("articles", "aggregates", "mentions", "events", "quotes", "corrections")
PER_DOC_KEYED = ("entities", "glossary")


class DossierDomain(Domain):
    name = "dossier"
    label = "Dossier"
    data_version = 5
    object_types: ClassVar[dict[str, ObjType]] = {
        kind: ObjType(kind, "entity", kind) for kind in KINDS
    }
    roles: ClassVar[dict[str, Any]] = {"entity": XRefRole(), **{k: XRefRole() for k in KINDS}}
    initial_data: ClassVar[dict[str, Any]] = {
        "articles": {},  # docname -> Article
        "aggregates": {},  # docname -> sorted tuple of (kind, key) aggregates on that page
        "mentions": {},  # docname -> DocMentions
        "events": {},  # docname -> tuple of Event
        "quotes": {},  # docname -> tuple of Quote
        "corrections": {},  # docname -> tuple of Correction, newest first
        "entities": {},  # docname -> {entity id: EntityTarget} (its page)
        "glossary": {},  # docname -> {entity id: EntityTarget} (its glossary entry)
        "digests": {},  # "kind:key" -> digest of the aggregate's inputs at the last build
        "registry": {},  # entity id -> (kind, names, description) at the last build
    }

    @property
    def articles(self) -> dict[str, Article]:
        return self.data["articles"]

    @property
    def aggregates(self) -> dict[str, tuple[tuple[str, str], ...]]:
        return self.data["aggregates"]

    @property
    def mentions(self) -> dict[str, DocMentions]:
        return self.data["mentions"]

    def entity_pages(self) -> dict[str, EntityTarget]:
        return self._index()[0]

    def _index(self) -> tuple[dict[str, EntityTarget], dict[str, EntityTarget]]:
        """Entity pages and glossary entries by id, built once after reading."""
        if getattr(self, "_targets", None) is None:
            self._targets = tuple(
                {i: t for per_doc in self.data[key].values() for i, t in per_doc.items()}
                for key in ("entities", "glossary")
            )
        return self._targets

    def forget_index(self) -> None:
        self._targets = None

    def clear_doc(self, docname: str) -> None:
        self.forget_index()
        for key in (*PER_DOC, *PER_DOC_KEYED):
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self.forget_index()
        for key in (*PER_DOC, *PER_DOC_KEYED):
            for docname, value in otherdata[key].items():
                if docname in docnames:
                    self.data[key][docname] = value

    def target(self, entity_id: str, prefer_glossary: bool = True) -> EntityTarget | None:
        """The glossary entry of a term if there is one, else the entity's page."""
        pages, glossary = self._index()
        if prefer_glossary and entity_id in glossary:
            return glossary[entity_id]
        return pages.get(entity_id)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        found = self.target(target, prefer_glossary=typ == "entity")
        if found is None or (typ in KINDS and found.kind != typ):
            return None
        # What ``make_refnode`` makes, with the page's address remembered per folder.
        ref = nodes.reference("", "", internal=True, reftitle=self.preview(target))
        uri = target_uri(builder, fromdocname, found.docname, found.anchor)
        if uri.startswith("#"):  # on the page itself
            ref["refid"] = uri[1:]
        else:
            ref["refuri"] = uri
        ref += contnode
        ref["classes"].append("dossier-link")
        return ref

    def preview(self, entity_id: str) -> str:
        """What a link's title says of an entity: its kind and description."""
        entity = self.env.dossier_registry.entities.get(entity_id)
        if entity is None:
            return entity_id
        return entity.preview

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = self.target(target, prefer_glossary=False)
        if found is None:
            return []
        ref = make_refnode(builder, fromdocname, found.docname, found.anchor, contnode, found.name)
        return [(f"dossier:{found.kind}", ref)]

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        for entity_id, found in sorted(self.entity_pages().items()):
            yield entity_id, found.name, found.kind, found.docname, found.anchor, 1


def get_domain(env: BuildEnvironment) -> DossierDomain:
    return env.get_domain("dossier")  # type: ignore[return-value]


def setup(app: Sphinx) -> None:
    app.add_domain(DossierDomain)
