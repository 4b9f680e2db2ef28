"""Finding entity mentions in article text, and the roles that steer it.

The matcher looks up every run of words against the registry's names and
aliases (longest first, exact case; an alias written in lowercase also matches
with a capital first letter).  The first mention of each entity in an article
becomes a link; every mention is recorded with its paragraph.  The article's
words never change: links wrap the words, they do not replace them.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from dossier.features.articles import is_article
from dossier.sources.names import Matcher
from dossier.store.domain import DocMentions, get_domain
from dossier.store.lists import encode, prerendered
from dossier.store.uris import target_uri

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from dossier.sources.registry import Registry

logger = logging.getLogger(__name__)

SNIPPETS_PER_ARTICLE = 3
SNIPPET_CONTEXT = 80  # characters either side of the mention


class mention(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils style)
    """A first mention's link to its entity, until ``ResolveMentions`` makes it one."""


# Text inside these is never matched: it is not running article prose.
_SKIP = (
    nodes.title,
    nodes.reference,
    addnodes.pending_xref,
    mention,
    nodes.literal,
    nodes.FixedTextElement,
    nodes.raw,
    nodes.target,
)


EXPLICIT = "dossier-explicit"  # class of words tied to an entity by the {entity} role
NO_ENTITY = "dossier-no-entity"  # class of words the {no-entity} role keeps unmatched


def _has_class(node: nodes.Node, name: str) -> bool:
    return isinstance(node, nodes.Element) and name in node.get("classes", ())


class EntityRole(SphinxRole):
    """``{entity}`the Supreme Guide <ali-khamenei>``` or ``{entity}`ali-khamenei```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        has_title, words, entity_id = split_explicit_title(self.text)
        registry: Registry = self.env.dossier_registry
        if entity_id not in registry.entities:
            logger.warning(
                "unknown entity id '%s' (fix: %s)",
                entity_id,
                registry.unknown_id_fix(entity_id),
                type="dossier",
                subtype="entity",
                location=self.get_location(),
            )
            return [nodes.Text(words)], []
        if not has_title:
            words = registry.entities[entity_id].name
        node = nodes.inline(words, words, classes=[EXPLICIT], entity=entity_id)
        self.set_source_info(node)
        return [node], []


class NoEntityRole(SphinxRole):
    """``{no-entity}`Resistance``` keeps the matcher off these words."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return [nodes.inline(self.text, self.text, classes=[NO_ENTITY])], []


# The byline and the corrections notice are ours, not the article's text.
_SKIP_CLASSES = frozenset((EXPLICIT, NO_ENTITY, "dossier-byline", "dossier-corrections"))


def _skipped(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, _SKIP) or not _SKIP_CLASSES.isdisjoint(
            parent.get("classes", ()) if isinstance(parent, nodes.Element) else ()
        ):
            return True
        parent = parent.parent
    return False


def _snippet(text: str, start: int, end: int) -> str:
    """The mention with some words around it, cut at word boundaries."""
    left = max(0, start - SNIPPET_CONTEXT)
    right = min(len(text), end + SNIPPET_CONTEXT)
    if left > 0:
        left = text.find(" ", left, start) + 1 or start
    if right < len(text):
        right = text.rfind(" ", end, right) if text.rfind(" ", end, right) > 0 else end
    prefix = "… " if left > 0 else ""
    suffix = " …" if right < len(text) else ""
    return prefix + text[left:right].strip() + suffix


class _Collector:
    """Accumulates the mentions of one article while its doctree is walked."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.counts: Counter[str] = Counter()
        self.snippets: dict[str, list[tuple[str, str]]] = {}
        self.paragraphs: list[tuple[str, tuple[str, ...]]] = []

    def add(self, entity_id: str, para_id: str, para_text: str, start: int, end: int) -> bool:
        """Record a mention; True if it is the entity's first in this article."""
        first = entity_id not in self.counts
        self.counts[entity_id] += 1
        shown = self.snippets.setdefault(entity_id, [])
        if len(shown) < SNIPPETS_PER_ARTICLE and all(p != para_id for p, _ in shown):
            shown.append((para_id, _snippet(para_text, start, end)))
        return first

    def link(self, entity_id: str, words: str) -> mention:
        kind = self.registry.entities[entity_id].kind
        return mention(words, words, entity=entity_id, kind=kind)

    def result(self) -> DocMentions:
        return DocMentions(
            counts=tuple(self.counts.items()),
            snippets=tuple((i, tuple(s)) for i, s in self.snippets.items()),
            paragraphs=tuple(self.paragraphs),
        )


def _paragraph_mentions(
    paragraph: nodes.paragraph, para_id: str, matcher: Matcher, collector: _Collector
) -> None:
    text = paragraph.astext()
    offset = 0
    seen: list[str] = []
    for node in list(
        paragraph.findall(lambda n: isinstance(n, nodes.Text) or _has_class(n, EXPLICIT))
    ):
        if _has_class(node, EXPLICIT):
            words = node.astext()
            start = text.find(words, offset)
            entity_id = node["entity"]
            first = collector.add(entity_id, para_id, text, start, start + len(words))
            seen.append(entity_id)
            linked = collector.link(entity_id, words) if first else nodes.Text(words)
            node.parent.replace(node, linked)
            offset = start + len(words)
            continue
        if _has_class(node.parent, EXPLICIT):
            continue
        start_of_node = text.find(node.astext(), offset)
        offset = start_of_node + len(node.astext())
        if _skipped(node):
            continue
        pieces: list[nodes.Node] = []
        cursor = 0
        value = node.astext()
        for start, end, ids in matcher.find(value):
            if len(ids) > 1:
                _warn_ambiguous(paragraph, value[start:end], ids)
                continue
            entity_id = ids[0]
            at = start_of_node + start
            first = collector.add(entity_id, para_id, text, at, at + end - start)
            seen.append(entity_id)
            if first:
                pieces += [
                    nodes.Text(value[cursor:start]),
                    collector.link(entity_id, value[start:end]),
                ]
                cursor = end
        if pieces:
            pieces.append(nodes.Text(value[cursor:]))
            node.parent.replace(
                node, [p for p in pieces if not (isinstance(p, nodes.Text) and not p)]
            )
    if seen:
        collector.paragraphs.append((para_id, tuple(dict.fromkeys(seen))))


def _warn_ambiguous(paragraph: nodes.paragraph, words: str, ids: tuple[str, ...]) -> None:
    choices = " or ".join(f"'{i}'" for i in ids)
    logger.warning(
        "'%s' may mean %s (fix: write {entity}`%s <%s>`, or {no-entity}`%s` if it names neither)",
        words,
        choices,
        words,
        ids[0],
        words,
        type="dossier",
        subtype="ambiguous",
        location=paragraph,
    )


def find_mentions(app: Sphinx, doctree: nodes.document) -> None:
    """Give each article paragraph an id, link first mentions, record every mention."""
    env = app.env
    if not is_article(env, env.docname):
        return
    registry: Registry = env.dossier_registry
    matcher: Matcher = env.dossier_matcher
    collector = _Collector(registry)
    number = 0
    for paragraph in list(doctree.findall(nodes.paragraph)):
        if _skipped(paragraph):
            continue
        number += 1
        para_id = f"p{number}"
        paragraph["ids"].insert(0, para_id)
        _paragraph_mentions(paragraph, para_id, matcher, collector)
    get_domain(env).mentions[env.docname] = collector.result()


def _xref(node: mention) -> addnodes.pending_xref:
    """The link for Sphinx to resolve (or to report as unknown, as with any other)."""
    ref = addnodes.pending_xref(
        "",
        refdomain="dossier",
        reftype="entity",
        reftarget=node["entity"],
        refexplicit=True,
        refwarn=True,
    )
    words = node.astext()
    ref += nodes.inline(words, words, classes=["dossier-entity", f"dossier-{node['kind']}"])
    return ref


class KeepUnknownMentions(SphinxPostTransform):
    """A mention whose entity has no page goes to Sphinx's resolver, which reports
    it (as an unknown target, as any other reference) and leaves its words."""

    default_priority = 5  # before Sphinx's ReferencesResolver (10)

    def run(self, **kwargs) -> None:
        domain = get_domain(self.env)
        for node in list(self.document.findall(mention)):
            if domain.target(node["entity"]) is None:
                node.replace_self(_xref(node))


def write_mentions(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Mention links written straight as HTML for HTML builders.

    At 1,000 articles there are 70,000: resolved by Sphinx, each costs a domain
    lookup and two nodes to create and write, seconds in all.  The HTML is what
    Sphinx writes for ``DossierDomain.resolve_xref``'s link; the words stay text
    for the search index.  Other builders get that link as nodes.
    """
    builder = app.builder
    domain = get_domain(app.env)
    html = builder.format == "html"
    for node in list(doctree.findall(mention)):
        if not html:
            xref = _xref(node)
            node.replace_self(
                domain.resolve_xref(
                    app.env, docname, builder, "entity", node["entity"], xref, xref[0]
                )
            )
            continue
        found = domain.target(node["entity"])
        uri = target_uri(builder, docname, found.docname, found.anchor)
        words = node.astext()
        title = _CONTROL.sub(" ", domain.preview(node["entity"]))
        entity = app.env.dossier_registry.entities.get(node["entity"])
        # A foreign word the registry knows (monafeghin): its language, for screen readers.
        lang = f' lang="{encode(entity.lang)}"' if entity is not None and entity.lang else ""
        link = prerendered(
            html=f'<a class="dossier-link reference internal" href="{encode(uri or "#")}" '
            f'title="{encode(title)}"><span class="dossier-entity dossier-{node["kind"]}"{lang}>'
            f"{encode(words)}</span></a>"
        )
        link += nodes.Text(words)
        node.replace_self(link)


_CONTROL = re.compile("[\\n\\r\\t\\v\\f]")  # what docutils turns into spaces in attributes


def setup(app: Sphinx) -> None:
    app.add_node(mention)
    app.add_post_transform(KeepUnknownMentions)
    app.connect("doctree-resolved", write_mentions)
    app.add_role("entity", EntityRole())
    app.add_role("no-entity", NoEntityRole())
    app.connect("doctree-read", find_mentions)
