"""What readers see of entities: entity pages, listings per kind, the glossary.

Read time (per page, from the registry): name, kind, aliases, description,
index entries and the object.  Write time (from all articles' mentions, through
aggregates): "Mentioned in" with snippets, "Appears alongside", counts.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.domains.std import make_glossary_term
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from dossier.features.events import event_item
from dossier.features.network import ego_picture
from dossier.features.quotes import quote_item
from dossier.sources.registry import KINDS, NATIVE_LANGUAGES
from dossier.store import aggregates
from dossier.store.domain import EntityTarget, get_domain
from dossier.store.links import entity_part, page_link, relative_uri
from dossier.store.lists import Item, Para, bullet_list
from dossier.store.mention_view import fed_by, view
from dossier.web.descriptions import describe

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from dossier.sources.registry import Entity, Registry

logger = logging.getLogger(__name__)

# An entity page's lists repeat what the articles, the timeline and the quotations
# page say: searched, every entity page would match a common word, and the index
# would hold 2,000 copies of the same four section titles (a third of it at 1,000
# articles).  The page's name, aliases and description stay searchable.
UNSEARCHED = ("no-search",)

LANGUAGE_NAMES = {"fa": "Persian"}  # how an entity page introduces its native names


class native_name(nodes.Inline, nodes.TextElement):  # noqa: N801 (docutils style)
    """A name in its own language and script, marked so that browsers lay it
    out and screen readers pronounce it in that language."""


def visit_native_name(translator: Any, node: native_name) -> None:
    translator.body.append(
        f'<span lang="{node["lang"]}" dir="{node["dir"]}">{escape(node.astext())}</span>'
    )
    raise nodes.SkipNode


def native_names(entity: Entity) -> list[nodes.Node]:
    """One paragraph per language: "In Persian: مسعود رجوی (also written …)"."""
    found = []
    for language, names in entity.native_names.items():
        para = nodes.paragraph(classes=["dossier-native"])
        para += nodes.strong(text=f"In {LANGUAGE_NAMES.get(language, language)}: ")
        for number, name in enumerate(names):
            if number:
                para += nodes.Text(", " if number > 1 else " (also written ")
            para += native_name(name, name, lang=language, dir=NATIVE_LANGUAGES[language])
        if len(names) > 1:
            para += nodes.Text(")")
        found.append(para)
    return found


class EntityDirective(SphinxDirective):
    """``{entity} <id>``: the body of an entity's page (used by generated stubs)."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        registry: Registry = self.env.dossier_registry
        entity = registry.entities[self.arguments[0]]
        get_domain(self.env).data["entities"].setdefault(self.env.docname, {})[entity.id] = (
            EntityTarget(self.env.docname, "", entity.name, entity.kind)
        )
        describe(self.env, self.env.docname, entity.preview)
        # An entity's page is reached from its mentions, not the navigation (set here
        # rather than in the stub's front matter: 2,000 YAML parses cost 3 s).
        self.env.metadata[self.env.docname]["orphan"] = True
        entries = [("single", entity.name, "", "main", None)]
        entries += [
            ("see", f"{alias}; {entity.name}", "", "main", None) for alias in entity.aliases
        ]
        kind = nodes.paragraph(classes=["dossier-kind"])
        kind += nodes.Text(entity.kind_label)
        body: list[nodes.Node] = [addnodes.index(entries=entries), kind]
        if entity.aliases:
            aliases = nodes.paragraph(classes=["dossier-aliases"])
            aliases += nodes.strong(text="Also written: ")
            aliases += nodes.Text(", ".join(entity.aliases))
            body.append(aliases)
        body += native_names(entity)
        body.append(
            nodes.paragraph(entity.description, entity.description, classes=["dossier-description"])
        )
        body.append(aggregates.placeholder(self.env, "entity", entity.id))
        return body


def forget_targets(app: Sphinx, env: BuildEnvironment) -> None:
    """Documents may have been re-read: drop the entity index computed from the old ones."""
    get_domain(env).forget_index()


def _entity_inputs(env: BuildEnvironment, entity_id: str) -> tuple:
    seen = view(env).entity(entity_id)
    articles = get_domain(env).articles

    def title(docname: str, default: str | None = None) -> str | None:
        article = articles.get(docname)
        return article.title if article else default

    return (
        tuple((title(d, d), d, c, s) for d, c, s in seen.mentions),
        tuple((_name(env, i), i, n) for i, n in seen.alongside),
        tuple((e, title(e.docname)) for e in seen.events),
        tuple((q, title(q.docname)) for q in seen.quotes),
    )


def _entities_fed_by(env: BuildEnvironment, docname: str) -> set[str]:
    """The entities whose page shows something of this document."""
    return fed_by(get_domain(env), docname)


def _name(env: BuildEnvironment, entity_id: str) -> str:
    entity = env.dossier_registry.entities.get(entity_id)
    return entity.name if entity else entity_id


def _section(title: str, section_id: str, classes: tuple[str, ...] = ()) -> nodes.section:
    section = nodes.section(ids=[section_id], classes=list(classes))
    section += nodes.title(title, title)
    return section


def _listing(
    app: Sphinx, title: str, section_id: str, classes: list[str], items: list[Item]
) -> nodes.section:
    """A titled section holding one bulleted list, kept out of the search index."""
    section = _section(title, section_id, UNSEARCHED)
    section += bullet_list(app, items, classes, searched=False)
    return section


def _counted(count: int, unit: str = "mention", before: str = "") -> str:
    """' (3 mentions)', ' (in 1 paragraph)'."""
    return f" ({before}{count} {unit}{'s' if count != 1 else ''})"


def _entity_row(app: Sphinx, docname: str, entity_id: str, name: str, note: str) -> Item:
    return Item((Para((entity_part(app, docname, entity_id, name), note)),))


def _mentions_nodes(app: Sphinx, docname: str, mentioned: list) -> nodes.Node:
    """The "Mentioned in" list as nodes, for builders other than HTML."""
    listing = nodes.bullet_list(classes=["dossier-mentions"])
    for title, article, count, snippets in mentioned:
        head = nodes.paragraph()
        head += page_link(app, docname, article, title)
        head += nodes.Text(_counted(count))
        item = nodes.list_item("", head)
        if snippets:
            shown = nodes.bullet_list(classes=["dossier-snippets"])
            for para_id, snippet in snippets:
                shown += nodes.list_item(
                    "", nodes.paragraph("", "", page_link(app, docname, article, snippet, para_id))
                )
            item += shown
        listing += item
    return listing


def _mentions_html(app: Sphinx, docname: str, mentioned: list) -> nodes.Node:
    """The same list written straight as HTML: an entity named in every article
    has thousands of snippets, and nodes for each cost most of the build."""
    parts = ['<ul class="dossier-mentions simple">']
    for title, article, count, snippets in mentioned:
        uri = escape(relative_uri(app, docname, article))
        parts.append(
            f'<li><p><a class="reference internal" href="{uri}">{escape(title)}</a>'
            f"{escape(_counted(count))}</p>"
        )
        if snippets:
            parts.append('<ul class="dossier-snippets simple">')
            parts += [
                f'<li><p><a class="reference internal" href="{uri}#{escape(para_id)}">'
                f"{escape(snippet)}</a></p></li>"
                for para_id, snippet in snippets
            ]
            parts.append("</ul>")
        parts.append("</li>")
    parts.append("</ul>")
    return nodes.raw("", "\n".join(parts), format="html")


def _render_entity(app: Sphinx, docname: str, node: nodes.Element) -> list[nodes.Node]:
    entity_id = node["key"]
    mentioned, alongside, events, quotes = _entity_inputs(app.env, entity_id)
    out: list[nodes.Node] = []
    section = _section("Mentioned in", "mentioned-in", UNSEARCHED)
    if not mentioned:
        section += nodes.paragraph(text="No article mentions this entry yet.")
    elif app.builder.format == "html":
        section += _mentions_html(app, docname, sorted(mentioned))
    else:
        section += _mentions_nodes(app, docname, sorted(mentioned))
    out.append(section)
    if quotes:
        items = [quote_item(app, docname, q, with_speaker=False) for q, _ in quotes]
        out.append(_listing(app, "Quotations", "quotations", ["dossier-quotations"], items))
    if events:
        items = [event_item(app, docname, e, with_entities=False) for e, _ in events]
        out.append(_listing(app, "Events", "events", ["dossier-timeline"], items))
    if alongside:
        items = [
            _entity_row(app, docname, other, name, _counted(shared, "paragraph", "in "))
            for name, other, shared in alongside
        ]
        section = _listing(
            app, "Appears alongside", "appears-alongside", ["dossier-alongside"], items
        )
        if app.builder.format == "html" and app.builder.name != "epub":
            name = _name(app.env, entity_id)
            section.insert(1, ego_picture(app, docname, entity_id, name, alongside))
        out.append(section)
    return out


def report_unmentioned(app: Sphinx, env: BuildEnvironment) -> None:
    """An entity no article mentions is worth knowing about, but is no error."""
    mentions = view(env)
    for entity in env.dossier_registry.entities.values():
        if not mentions.mentioned(entity.id):
            logger.info(
                "entity '%s' is not mentioned in any article",
                entity.id,
                location=f"{entity.path}:{entity.line}",
            )


class EntityIndexDirective(SphinxDirective):
    """``{entity-index} <kind>``: every entity of a kind, A to Z, with mention counts."""

    required_arguments = 1
    option_spec = {}  # noqa: RUF012

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in KINDS:
            raise self.error(f"unknown kind '{kind}' (fix: use one of {', '.join(KINDS)})")
        return [aggregates.placeholder(self.env, "entity-index", kind)]


def _index_inputs(env: BuildEnvironment, kind: str) -> tuple:
    mentions = view(env)
    return tuple(
        (e.sort, e.id, e.name, mentions.count(e.id)) for e in env.dossier_registry.by_kind(kind)
    )


def _counts(env: BuildEnvironment, docname: str) -> tuple | None:
    """What an article gives the listings: how often it names each entity."""
    found = get_domain(env).mentions.get(docname)
    return found.counts if found else None


def _render_index(app: Sphinx, docname: str, node: nodes.Element) -> list[nodes.Node]:
    rows = _index_inputs(app.env, node["key"])
    by_letter: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        by_letter[row[0][:1].upper()].append(row)
    out: list[nodes.Node] = [nodes.paragraph(text=f"{len(rows)} entries.")]
    for letter in sorted(by_letter):
        section = _section(letter, f"letter-{letter.lower()}")
        items = [
            _entity_row(app, docname, entity_id, name, _counted(count))
            for _sort, entity_id, name, count in by_letter[letter]
        ]
        section += bullet_list(app, items, ["dossier-entity-index"])
        out.append(section)
    return out


class GlossaryDirective(SphinxDirective):
    """``{entity-glossary}``: every term of the registry as a Sphinx glossary."""

    def run(self) -> list[nodes.Node]:
        registry: Registry = self.env.dossier_registry
        glossary = addnodes.glossary(sorted=True)
        entries = nodes.definition_list(classes=["glossary"])
        glossary += entries
        targets = get_domain(self.env).data["glossary"].setdefault(self.env.docname, {})
        for entity in registry.by_kind("term"):
            entries += self._item(entity)
            targets[entity.id] = EntityTarget(
                self.env.docname, f"term-{entity.id}", entity.name, "term"
            )
        return [glossary]

    def _item(self, entity: Entity) -> nodes.definition_list_item:
        source, line = self.get_source_info()
        term = make_glossary_term(
            self.env,
            [nodes.Text(entity.name)],
            None,
            source,
            line,
            f"term-{entity.id}",
            self.state.document,
        )
        definition = nodes.definition()
        definition += nodes.paragraph(entity.description, entity.description)
        if entity.aliases:
            definition += nodes.paragraph("", "Also written: " + ", ".join(entity.aliases))
        definition += native_names(entity)
        more = nodes.paragraph()
        ref = addnodes.pending_xref(
            "", refdomain="dossier", reftype="term", reftarget=entity.id, refexplicit=True
        )
        ref += nodes.inline("", "Where it is mentioned")
        more += ref
        definition += more
        return nodes.definition_list_item("", term, definition)


def setup(app: Sphinx) -> None:
    app.add_node(native_name, html=(visit_native_name, None))
    app.add_directive("entity", EntityDirective)
    app.add_directive("entity-index", EntityIndexDirective)
    app.add_directive("entity-glossary", GlossaryDirective)
    app.connect("env-updated", forget_targets)
    app.connect("env-check-consistency", report_unmentioned)
    aggregates.register(
        "entity", aggregates.Aggregate(_entity_inputs, _render_entity, _entities_fed_by)
    )
    aggregates.register(
        "entity-index", aggregates.Aggregate(_index_inputs, _render_index, given_by=_counts)
    )
