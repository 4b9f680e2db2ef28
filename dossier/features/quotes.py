"""Quotations: the ``{quote}`` role and directive, attributions, the quotations pages.

The role wraps a quotation inside a paragraph, its attribution after the words:
``{quote}`“…” <speaker-id, 2020-05-17, venue>```.  The directive wraps whole
paragraphs that are quotation: ``{quote} speaker-id`` with ``:date:`` and
``:venue:``.  Neither changes the quoted words; the attribution is shown under
the paragraph or at the foot of the block quote.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import split_explicit_title

from dossier.features.articles import is_article
from dossier.features.events import warn
from dossier.features.year_pages import QUOTATIONS, counted, year_navigation, years_section
from dossier.sources.dates import DateError, PartialDate, parse_date
from dossier.store import aggregates
from dossier.store.domain import Quote, get_domain
from dossier.store.links import entity_link, entity_part, page_uri
from dossier.store.lists import Item, Link, Para, bullet_list

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from dossier.sources.registry import Registry

QUOTE = "dossier-quote"
ATTRIBUTION = "dossier-attribution"
SHORT = 14  # quotations of up to this many words are shown whole
CITE_ANCHOR = "cite"  # an article's "Cite this article" (dossier.features.citations)


class Attribution(NamedTuple):
    speaker: str
    date: PartialDate | None
    venue: str


def _attribution(env: BuildEnvironment, location, speaker: str, date: str, venue: str):
    """Check an attribution; None (after a warning) if it cannot be used."""
    registry: Registry = env.dossier_registry
    if not speaker:
        warn(
            "quotation names no speaker (fix: end the role with <speaker-id, date, venue>)",
            location,
            "quote",
        )
        return None
    if speaker not in registry.entities:
        warn(
            f"unknown speaker '{speaker}' (fix: {registry.unknown_id_fix(speaker)})",
            location,
            "quote",
        )
        return None
    parsed = None
    if date:
        try:
            parsed = parse_date(date)
        except DateError as err:
            warn(str(err), location, "date")
            return None
    return Attribution(speaker, parsed, " ".join(venue.split()))


def attribution_nodes(env: BuildEnvironment, found: Attribution) -> list[nodes.Node]:
    """“Ali Khamenei, 17 May 2020, meeting with students”, the name linked."""
    kind = env.dossier_registry.entities[found.speaker].kind
    ref = addnodes.pending_xref(
        "", refdomain="dossier", reftype=kind, reftarget=found.speaker, refexplicit=True
    )
    name = env.dossier_registry.entities[found.speaker].name
    ref += nodes.inline(name, name)
    extra = [found.date.display() if found.date else "", found.venue]
    return [ref, nodes.Text("".join(f", {part}" for part in extra if part))]


def _set(node: nodes.Element, found: Attribution) -> None:
    node["classes"].append(QUOTE)
    node["speaker"] = found.speaker
    node["date"] = found.date.iso if found.date else ""
    node["inferred"] = bool(found.date and found.date.inferred)
    node["venue"] = found.venue


class QuoteRole(SphinxRole):
    """``{quote}`“words” <speaker-id, date, venue>```: a quotation inside a paragraph."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        _has_target, words, target = split_explicit_title(self.text)
        if _has_target is False:
            target = ""
        if not words.strip():
            warn(
                "quotation marker encloses no text (fix: put the quoted words before <speaker>)",
                self.get_location(),
                "quote",
            )
            return [], []
        fields = [part.strip() for part in target.split(",", 2)] + ["", ""]
        found = _attribution(self.env, self.get_location(), *fields[:3])
        node = nodes.inline(words, words)
        if found:
            _set(node, found)
        return [node], []


class QuoteDirective(SphinxDirective):
    """``{quote} speaker-id``: paragraphs that are all quotation, shown as a block quote."""

    required_arguments = 1
    has_content = True
    option_spec = {  # noqa: RUF012
        "date": directives.unchanged,
        "venue": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        parsed = self.parse_content_to_nodes()
        if len(parsed) == 1 and isinstance(parsed[0], nodes.block_quote):
            parsed = list(parsed[0].children)
        if not any(isinstance(n, nodes.paragraph) for n in parsed):
            warn(
                "quotation marker encloses no text (fix: put the quoted paragraphs inside it)",
                self.get_location(),
                "quote",
            )
            return parsed
        found = _attribution(
            self.env,
            self.get_location(),
            self.arguments[0],
            self.options.get("date", ""),
            self.options.get("venue", ""),
        )
        quote = nodes.block_quote()
        self.set_source_info(quote)
        quote += parsed
        if found:
            _set(quote, found)
            attribution = nodes.attribution()
            attribution += attribution_nodes(self.env, found)
            quote += attribution
        return [quote]


def _shorten(text: str) -> str:
    words = text.split()
    if len(words) <= SHORT:
        return " ".join(words)
    return " ".join(words[:8]) + " … " + " ".join(words[-5:])


def _found(node: nodes.Element) -> Attribution:
    date = PartialDate(node["date"], node["inferred"]) if node["date"] else None
    return Attribution(node["speaker"], date, node["venue"])


def collect_quotes(app: Sphinx, doctree: nodes.document) -> None:
    """Record each quotation with its paragraph; attribute inline ones under it."""
    env = app.env
    if not is_article(env, env.docname):
        return
    recorded = []
    notes: dict[int, tuple[nodes.paragraph, list[Attribution]]] = {}
    marked = (n for n in doctree.findall(nodes.Element) if QUOTE in n["classes"] and "speaker" in n)
    for order, node in enumerate(list(marked)):
        if isinstance(node, nodes.block_quote):
            paragraph = node.next_node(nodes.paragraph)
            text = " ".join(p.astext() for p in node.findall(nodes.paragraph))
        else:
            paragraph = node.parent
            while paragraph is not None and not isinstance(paragraph, nodes.paragraph):
                paragraph = paragraph.parent
            text = node.astext()
            notes.setdefault(id(paragraph), (paragraph, []))[1].append(_found(node))
        recorded.append(
            Quote(
                speaker=node["speaker"],
                date=node["date"],
                inferred=node["inferred"],
                venue=node["venue"],
                opening=_shorten(text),
                docname=env.docname,
                paragraph=paragraph["ids"][0] if paragraph and paragraph["ids"] else "",
                order=order,
            )
        )
    for paragraph, found in notes.values():
        note = nodes.paragraph(classes=[ATTRIBUTION])
        note += nodes.Text("Quoted: " if len(found) == 1 else "Quoted, in order: ")
        for n, attribution in enumerate(found):
            if n:
                note += nodes.Text("; ")
            note += attribution_nodes(env, attribution)
        note += nodes.Text(".")
        paragraph.parent.insert(paragraph.parent.index(paragraph) + 1, note)
    if recorded:
        get_domain(env).data["quotes"][env.docname] = tuple(recorded)


def all_quotes(env: BuildEnvironment) -> list[Quote]:
    quotes = [q for per_doc in get_domain(env).data["quotes"].values() for q in per_doc]
    return sorted(quotes, key=lambda q: (q.docname, q.order))


def quote_item(app: Sphinx, docname: str, quote: Quote, with_speaker: bool) -> Item:
    """“Opening … closing” — speaker, date, venue; linked to its paragraph."""
    parts: list = [Link(page_uri(app, docname, quote.docname, quote.paragraph), quote.opening)]
    details = []
    if quote.date:
        details.append(PartialDate(quote.date, quote.inferred).display())
    if quote.venue:
        details.append(quote.venue)
    if with_speaker:
        parts += [" — ", entity_part(app, docname, quote.speaker)]
        parts.append("".join(f", {d}" for d in details))
    elif details:
        parts.append(" — " + ", ".join(details))
    article = get_domain(app.env).articles.get(quote.docname)
    if article:
        # the paragraph's number and the article's reference: what citing it takes
        number = f", ¶ {quote.paragraph[1:]}" if quote.paragraph[1:].isdigit() else ""
        parts.append(f" (in “{article.title}”{number}; ")
        parts += [Link(page_uri(app, docname, quote.docname, CITE_ANCHOR), "cite"), ")"]
    return Item((Para(tuple(parts)),), ("dossier-quotation",))


class QuotationIndexDirective(aggregates.AggregateDirective):
    """``{quotation-index}``: the years of publication, with their quotations' counts."""

    kind = "quotations"


def published(env: BuildEnvironment, docname: str) -> str:
    """The year the article was published in ("" if it is not a known article)."""
    article = get_domain(env).articles.get(docname)
    return article.date[:4] if article else ""


def quotes_by_year(env: BuildEnvironment) -> dict[str, list[Quote]]:
    """Every quotation by the year its article was published, each year's by
    article and order; kept until the next build reads an article."""
    domain = get_domain(env)
    if getattr(domain, "_quotes_by_year", None) is None:
        found: dict[str, list[Quote]] = defaultdict(list)
        for quote in all_quotes(env):
            if year := published(env, quote.docname):
                found[year].append(quote)
        domain._quotes_by_year = dict(found)
    return domain._quotes_by_year


def _forget_years(_app: Sphinx, env: BuildEnvironment) -> list[str]:
    get_domain(env)._quotes_by_year = None
    return []


def _given(env: BuildEnvironment, docname: str) -> tuple | None:
    """What one article gives the entry page: its year, quotations and speakers."""
    found = get_domain(env).data["quotes"].get(docname)
    if not found:
        return None
    return published(env, docname), len(found), tuple(sorted({q.speaker for q in found}))


def _years_of(env: BuildEnvironment, docname: str) -> set[str]:
    given = _given(env, docname)
    return {given[0]} if given and given[0] else set()


def _counts(quotes: list[Quote]) -> tuple[int, int]:
    return len(quotes), len({q.speaker for q in quotes})


def _quotations_inputs(env: BuildEnvironment, _key: str) -> tuple:
    return tuple((year, _counts(found)) for year, found in sorted(quotes_by_year(env).items()))


def _year_inputs(env: BuildEnvironment, year: str) -> tuple:
    titles = get_domain(env).articles
    names = {i: (e.sort, e.name) for i, e in env.dossier_registry.entities.items()}
    return tuple(
        (q, titles[q.docname].title if q.docname in titles else None, names.get(q.speaker))
        for q in quotes_by_year(env).get(year, ())
    )


def _render_quotations(app: Sphinx, docname: str, node: nodes.Element) -> list[nodes.Node]:
    by_year = quotes_by_year(app.env)
    if not by_year:
        return [nodes.paragraph(text="No quotations yet.")]
    quotes = [q for found in by_year.values() for q in found]
    speakers = len({q.speaker for q in quotes})
    out: list[nodes.Node] = [
        nodes.paragraph(
            text=f"{counted(len(quotes), 'quotation')} by {counted(speakers, 'speaker')}, "
            "on a page for each year of publication of the articles that report them. "
            "Each speaker's page also lists all of their quotations."
        )
    ]
    rows = [
        (year, tuple(f"{n:,}" for n in _counts(found))) for year, found in sorted(by_year.items())
    ]
    out.append(
        years_section(
            app,
            docname,
            QUOTATIONS,
            "Quotations per year of publication",
            ("Year", "Quotations", "Speakers"),
            rows,
        )
    )
    return out


def _render_year(app: Sphinx, docname: str, node: nodes.Element) -> list[nodes.Node]:
    year = node["key"]
    quotes = quotes_by_year(app.env).get(year, [])
    out: list[nodes.Node] = [year_navigation(app, docname, QUOTATIONS, node)]
    if not quotes:
        out += [
            nodes.paragraph(text=f"No quotations in the articles published in {year}."),
            year_navigation(app, docname, QUOTATIONS, node),
        ]
        return out
    entities = app.env.dossier_registry.entities
    by_speaker: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        by_speaker[quote.speaker].append(quote)
    speakers = sorted(by_speaker, key=lambda s: (entities[s].sort.casefold(), s))
    out.append(
        nodes.paragraph(
            text=f"{counted(len(quotes), 'quotation')} by {counted(len(speakers), 'speaker')} "
            f"in the articles published in {year}, by speaker and by the date they were said."
        )
    )
    section = nodes.section(ids=["by-speaker"])
    section += nodes.title("By speaker", "By speaker")
    for speaker in speakers:
        sub = nodes.section(ids=[f"speaker-{speaker}"])
        title = nodes.title()
        title += entity_link(app, docname, speaker)
        sub += title
        # the quotations' words are the articles' own: searching finds the articles
        items = [quote_item(app, docname, q, with_speaker=False) for q in by_speaker[speaker]]
        sub += bullet_list(app, items, ["dossier-quotations", "no-search"], searched=False)
        section += sub
    out.append(section)
    section = nodes.section(ids=["by-date"])
    section += nodes.title("By date", "By date")
    dated = sorted((q for q in quotes if q.date), key=lambda q: (q.date, q.docname, q.order))
    items = [quote_item(app, docname, q, with_speaker=True) for q in dated]
    section += bullet_list(app, items, ["dossier-quotations", "no-search"], searched=False)
    undated = [q for q in quotes if not q.date]
    if undated:
        section += nodes.paragraph(text="Without a date in the article:")
        items = [quote_item(app, docname, q, with_speaker=True) for q in undated]
        section += bullet_list(app, items, ["dossier-quotations", "no-search"], searched=False)
    out.append(section)
    out.append(year_navigation(app, docname, QUOTATIONS, node))
    return out


def setup(app: Sphinx) -> None:
    app.add_role("quote", QuoteRole())
    app.add_directive("quote", QuoteDirective)
    app.add_directive("quotation-index", QuotationIndexDirective)
    aggregates.register(
        "quotations", aggregates.Aggregate(_quotations_inputs, _render_quotations, given_by=_given)
    )
    aggregates.register(
        "quotations-year", aggregates.Aggregate(_year_inputs, _render_year, keys_fed_by=_years_of)
    )
    app.connect("doctree-read", collect_quotes)
    # Before the aggregates' inputs are asked (``aggregates.pages_to_rewrite``).
    app.connect("env-get-updated", _forget_years, priority=100)
