"""Dated events: the ``{event}`` marker in articles and the timeline pages.

An ``{event}`` directive stands just before the paragraph that reports the
event; it adds nothing to the page there.  The timeline gathers every event of
every article on a page per year (``year_pages``), under an entry page with an
overview chart drawn at build time and the years with their counts.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from html import escape
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from dossier.features.articles import is_article
from dossier.features.year_pages import (
    TIMELINE,
    counted,
    has_year_page,
    year_docname,
    year_navigation,
    years_section,
)
from dossier.sources.dates import DateError, PartialDate, parse_date
from dossier.store import aggregates
from dossier.store.domain import Event, get_domain
from dossier.store.links import entity_part, page_uri
from dossier.store.lists import Item, Link, Para, Strong, bullet_list

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from dossier.sources.registry import Registry

logger = logging.getLogger(__name__)


class event_marker(nodes.Element):  # noqa: N801 (docutils style)
    """Where an event was marked; removed once its paragraph is known."""


def warn(message: str, location, subtype: str) -> None:
    logger.warning(message, type="dossier", subtype=subtype, location=location)


def entity_ids(directive: SphinxDirective, text: str, what: str) -> tuple[str, ...]:
    """Registry ids from a space- or comma-separated list; unknown ones are warned about."""
    registry: Registry = directive.env.dossier_registry
    ids = []
    for entity_id in text.replace(",", " ").split():
        if entity_id in registry.entities:
            ids.append(entity_id)
        else:
            warn(
                f"unknown entity id '{entity_id}' in {what} "
                f"(fix: {registry.unknown_id_fix(entity_id)})",
                directive.get_location(),
                "entity",
            )
    return tuple(ids)


class EventDirective(SphinxDirective):
    """``{event} 2019-04-19`` with ``:label:`` and ``:entities:``, before its paragraph."""

    required_arguments = 1
    option_spec = {  # noqa: RUF012
        "label": directives.unchanged_required,
        "entities": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        try:
            date = parse_date(self.arguments[0])
        except DateError as err:
            warn(str(err), self.get_location(), "date")
            return []
        label = " ".join(self.options.get("label", "").split())
        if not label:
            warn(
                "event has no label (fix: add ':label: a short neutral description')",
                self.get_location(),
                "event",
            )
            return []
        ids = entity_ids(self, self.options.get("entities", ""), "event")
        if not ids and "entities" not in self.options:
            warn(
                "event names no entity (fix: add ':entities: id id …' with registry ids)",
                self.get_location(),
                "event",
            )
        node = event_marker(date=date.iso, inferred=date.inferred, label=label, entities=ids)
        self.set_source_info(node)
        return [node]


def collect_events(app: Sphinx, doctree: nodes.document) -> None:
    """Tie each event marker to the paragraph after it, record it, remove the marker."""
    env = app.env
    found = []
    for order, marker in enumerate(list(doctree.findall(event_marker))):
        paragraph = marker.next_node(nodes.paragraph, descend=True, siblings=True, ascend=True)
        if paragraph is None or not paragraph["ids"] or not is_article(env, env.docname):
            warn(
                "event is not followed by an article paragraph "
                "(fix: put the event directive just before the paragraph that reports it)",
                marker,
                "event",
            )
        else:
            found.append(
                Event(
                    date=marker["date"],
                    inferred=marker["inferred"],
                    label=marker["label"],
                    entities=marker["entities"],
                    docname=env.docname,
                    paragraph=paragraph["ids"][0],
                    order=order,
                )
            )
        marker.parent.remove(marker)
    if found:
        get_domain(env).data["events"][env.docname] = tuple(found)


def all_events(env: BuildEnvironment) -> list[Event]:
    """Every event of every article, by date, then article, then order in it."""
    return by_date(get_domain(env).data["events"])


def by_date(events: dict[str, tuple[Event, ...]]) -> list[Event]:
    found = (e for per_doc in events.values() for e in per_doc)
    return sorted(found, key=lambda e: (e.date, e.docname, e.order))


def event_anchor(env: BuildEnvironment, event: Event) -> str:
    """The event's id on its year's page: ``event-1981-one-p1`` (its year, its
    article, its paragraph; ``-2`` for a second event of that paragraph).  It
    carries the year so that a link to the single timeline page of before can
    be sent on to the year's page."""
    article = event.docname.removeprefix(env.config.dossier_articles_dir.strip("/") + "/")
    before = sum(
        1
        for other in get_domain(env).data["events"].get(event.docname, ())
        if other.paragraph == event.paragraph and other.order < event.order
    )
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", article)
    return f"event-{event.date[:4]}-{slug}-{event.paragraph}" + (f"-{before + 1}" if before else "")


def event_item(app: Sphinx, docname: str, event: Event, with_entities: bool = True) -> Item:
    """One line of a timeline: date, label, where the article reports it, who took part.

    Away from its year's page, the date links to the event there."""
    article = get_domain(app.env).articles.get(event.docname)
    title = article.title if article else event.docname
    anchor = event_anchor(app.env, event)
    date: str | Link = PartialDate(event.date, event.inferred).display()
    page = year_docname(TIMELINE, event.date[:4])
    if docname != page and has_year_page(app, TIMELINE, event.date[:4]):
        date = Link(page_uri(app, docname, page, anchor), date)
    paras = [
        Para(
            (
                Strong(date),
                f" — {event.label}. ",
                "Reported in ",
                Link(page_uri(app, docname, event.docname, event.paragraph), title),
                ".",
            )
        )
    ]
    if with_entities and event.entities:
        who: list = ["Involves: "]
        for n, entity_id in enumerate(event.entities):
            who += [", "] if n else []
            who.append(entity_part(app, docname, entity_id))
        paras.append(Para(tuple(who), ("dossier-event-entities",)))
    return Item(tuple(paras), ("dossier-event",), anchor if docname == page else "")


# --- the timeline: an entry page, a page per year ------------------------------------


class TimelineDirective(aggregates.AggregateDirective):
    """``{timeline}``: the years of the events, with their counts and a chart."""

    kind = "timeline"


def events_by_year(env: BuildEnvironment) -> dict[str, list[Event]]:
    """Every event by year (of its date), each year's by date, article, order.

    Made once the articles are read, and kept until the next build reads any."""
    domain = get_domain(env)
    if getattr(domain, "_events_by_year", None) is None:
        found: dict[str, list[Event]] = defaultdict(list)
        for event in all_events(env):
            found[event.date[:4]].append(event)
        domain._events_by_year = dict(found)
    return domain._events_by_year


def _forget_years(_app: Sphinx, env: BuildEnvironment) -> list[str]:
    get_domain(env)._events_by_year = None
    return []


def _event_years(env: BuildEnvironment, docname: str) -> tuple[str, ...] | None:
    """What one article gives the entry page: the years of its events."""
    found = get_domain(env).data["events"].get(docname)
    return tuple(sorted(e.date[:4] for e in found)) if found else None


def _years_of(env: BuildEnvironment, docname: str) -> set[str]:
    return set(_event_years(env, docname) or ())


def _timeline_inputs(env: BuildEnvironment, _key: str) -> tuple:
    return tuple((year, len(found)) for year, found in sorted(events_by_year(env).items()))


def _year_inputs(env: BuildEnvironment, year: str) -> tuple:
    titles = get_domain(env).articles
    names = {i: e.name for i, e in env.dossier_registry.entities.items()}
    return tuple(
        (
            e,
            titles[e.docname].title if e.docname in titles else None,
            tuple(names.get(i) for i in e.entities),
            event_anchor(env, e),
        )
        for e in events_by_year(env).get(year, ())
    )


def chart_svg(counts: dict[int, int]) -> str:
    """Events per year as an SVG bar chart: one bar per year with events."""
    width, height, top, bottom, side = 720, 180, 16, 28, 12
    first, last = min(counts), max(counts)
    span = max(last - first, 1)
    most = max(counts.values())
    step = (width - 2 * side) / (span + 1)
    summary = ", ".join(f"{year}: {n}" for year, n in sorted(counts.items()))
    parts = [
        f'<svg class="dossier-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="timeline-chart-title timeline-chart-desc" '
        f'xmlns="http://www.w3.org/2000/svg">',
        '<title id="timeline-chart-title">Dated events per year</title>',
        f'<desc id="timeline-chart-desc">Number of dated events per year, {first} to {last}: '
        f"{escape(summary)}.</desc>",
        f'<line class="axis" x1="{side}" y1="{height - bottom}" x2="{width - side}" '
        f'y2="{height - bottom}"/>',
    ]
    for year, n in sorted(counts.items()):
        bar = (height - top - bottom) * n / most
        x = side + (year - first) * step
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{height - bottom - bar:.1f}" '
            f'width="{max(step - 1, 2):.1f}" height="{bar:.1f}">'
            f"<title>{year}: {n} event{'s' if n != 1 else ''}</title></rect>"
        )
    decades = {y for y in range(first, last + 1) if y % 10 == 0 and min(y - first, last - y) > 3}
    labelled = {first, last} | decades
    for year in sorted(labelled):
        x = side + (year - first) * step + step / 2
        parts.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle">{year}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _render_timeline(app: Sphinx, docname: str, node: nodes.Element) -> list[nodes.Node]:
    by_year = events_by_year(app.env)
    if not by_year:
        return [nodes.paragraph(text="No dated events yet.")]
    total = sum(len(found) for found in by_year.values())
    counts = Counter({int(year): len(found) for year, found in by_year.items()})
    out: list[nodes.Node] = []
    if app.builder.name != "epub":  # an EPUB would have to declare its inline SVG
        out.append(nodes.raw("", chart_svg(counts), format="html"))
    out.append(
        nodes.paragraph(
            text=f"{counted(total, 'dated event')} from {min(by_year)} to {max(by_year)}, "
            f"in {len(by_year)} different years, each year on a page of its own. Dates marked "
            "“inferred” are not stated in the article but follow from its context.",
            classes=["dossier-timeline-summary"],
        )
    )
    rows = [(year, (f"{len(found):,}",)) for year, found in sorted(by_year.items())]
    out.append(
        years_section(app, docname, TIMELINE, "Dated events per year", ("Year", "Events"), rows)
    )
    return out


def _render_year(app: Sphinx, docname: str, node: nodes.Element) -> list[nodes.Node]:
    year = node["key"]
    events = events_by_year(app.env).get(year, [])
    out: list[nodes.Node] = [year_navigation(app, docname, TIMELINE, node)]
    if not events:
        out.append(nodes.paragraph(text=f"No dated events in {year}."))
    else:
        out.append(
            nodes.paragraph(
                text=f"{counted(len(events), 'dated event')} in {year}, in date order. "
                "Dates marked “inferred” are not stated in the article but follow from "
                "its context.",
                classes=["dossier-timeline-summary"],
            )
        )
        items = [event_item(app, docname, e) for e in events]
        out.append(bullet_list(app, items, ["dossier-timeline"]))
    out.append(year_navigation(app, docname, TIMELINE, node))
    return out


def setup(app: Sphinx) -> None:
    app.add_node(event_marker)
    app.add_directive("event", EventDirective)
    app.add_directive("timeline", TimelineDirective)
    aggregates.register(
        "timeline", aggregates.Aggregate(_timeline_inputs, _render_timeline, given_by=_event_years)
    )
    aggregates.register(
        "timeline-year", aggregates.Aggregate(_year_inputs, _render_year, keys_fed_by=_years_of)
    )
    app.connect("doctree-read", collect_events)
    # Before the aggregates' inputs are asked (``aggregates.pages_to_rewrite``).
    app.connect("env-get-updated", _forget_years, priority=100)
