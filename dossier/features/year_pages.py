"""The timeline and the quotations, one page per year, under an entry page.

At 10,000 articles one timeline page weighed 24 MB and one quotations page
43 MB: more than a phone opens, and rewritten whole by every edit that touched
an event or a quotation.  Each is now split by year, at an address a reader
can cite: ``timeline/1979.html`` holds the events dated 1979, and
``quotations/2019.html`` the quotations in the articles published in 2019 (the
year of the article, as the books use: a quotation's own date is often
missing).  ``timeline.html`` and ``quotations.html`` stay, as entry pages that
list the years with their counts, on every site, small or large.

The year pages are sources written at the start of each build, as the entity
pages are (``stubs``): a page per year found in the articles (the year of each
``{event}`` directive; the publication year of each article that marks a
quotation), each naming the years before and after it, so that a year that
comes or goes rewrites only its neighbours.  Each year is an aggregate of its
own (``timeline-year``, ``quotations-year``): an edit rewrites only the years
whose entries changed, and the entry page only if the counts changed.

A link made to the single page before the split (``timeline.html#year-1981``)
reaches its year page through a small script on the entry page
(``dossier-years.js``), which reads the years from the page itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util.docutils import SphinxDirective

from dossier.features import drafts
from dossier.features.stubs import STUB_MARK, write_stubs
from dossier.store import aggregates
from dossier.store.links import relative_uri
from dossier.store.lists import encode
from dossier.web.descriptions import describe

if TYPE_CHECKING:
    from sphinx.application import Sphinx

    from dossier.features.stubs import ArticleFiles

TIMELINE = "timeline"  # the entry page, and the folder of its year pages
QUOTATIONS = "quotations"
TITLES = {TIMELINE: "Timeline", QUOTATIONS: "Quotations"}
FOLDERS = tuple(TITLES)  # in the source folder: the year pages the build writes
HEADINGS = {TIMELINE: "Timeline: {year}", QUOTATIONS: "Quotations: articles of {year}"}
SCRIPT = "dossier-years.js"
DATA_ID = "dossier-year-pages"  # the element the script reads

# ``{event} 1979-02-11`` in a fenced directive (``:::`` or backticks), and the
# ``{quote}`` role or directive: what the article's reading will find, read
# before it (a year page must exist as a source before Sphinx reads sources).
# A string search, not a parse: at 10,000 articles the first build scans 200 MB.
_EVENT = re.compile(r"\{event\}[ \t]+(\d{4})")
_DATE = re.compile(r"""^date:[ \t]*["']?(\d{4})""", re.MULTILINE)


def _scan(path: Path) -> tuple[str, tuple[str, ...], bool]:
    """An article's publication year, the years of its events, whether it quotes."""
    text = path.read_text(encoding="utf-8", errors="replace")
    end = text.find("\n---", 3) if text.startswith("---") else -1
    date = _DATE.search(text, 0, max(end, 0))
    published = date.group(1) if date else ""
    return published, tuple(sorted(set(_EVENT.findall(text)))), "{quote}" in text


def years_found(app: Sphinx, articles: ArticleFiles) -> dict[str, list[str]]:
    """The years of each list, from the articles' files (a file unchanged since
    the last build is not read again)."""
    cache = app.env.__dict__.setdefault("dossier_year_cache", {})
    show_drafts = app.config.dossier_show_drafts
    timeline: set[str] = set()
    quotations: set[str] = set()
    seen = set()
    for name, stat in articles:
        key = (stat.st_mtime_ns, stat.st_size)
        seen.add(name)
        if cache.get(name, (None,))[0] != key:
            path = Path(name)
            draft = drafts.is_draft(path)
            cache[name] = (key, (draft, *_scan(path)))
        draft, published, events, quotes = cache[name][1]
        if draft and not show_drafts:
            continue
        timeline.update(events)
        if quotes and published:
            quotations.add(published)
    for gone in set(cache) - seen:
        del cache[gone]
    return {TIMELINE: sorted(timeline), QUOTATIONS: sorted(quotations)}


def _has_page(app: Sphinx, name: str) -> bool:
    srcdir = Path(app.srcdir)
    return any((srcdir / f"{name}{suffix}").is_file() for suffix in app.config.source_suffix)


def stub_text(kind: str, year: str, previous: str, following: str) -> str:
    options = (f":previous: {previous}\n" if previous else "") + (
        f":next: {following}\n" if following else ""
    )
    return (
        f"{STUB_MARK}\n# {HEADINGS[kind].format(year=year)}\n\n"
        f"```{{year-page}} {kind} {year}\n{options}```\n"
    )


def write_year_stubs(app: Sphinx, articles: ArticleFiles) -> None:
    """At the start of a build: one source per year of each list the site has."""
    found = years_found(app, articles)
    for kind, years in found.items():
        if not _has_page(app, kind):
            continue
        stubs = {}
        for n, year in enumerate(years):
            previous = years[n - 1] if n else ""
            following = years[n + 1] if n + 1 < len(years) else ""
            stubs[f"{year}.md"] = stub_text(kind, year, previous, following)
        write_stubs(Path(app.srcdir) / kind, stubs, str)


def year_docname(kind: str, year: str) -> str:
    return f"{kind}/{year}"


def has_year_page(app: Sphinx, kind: str, year: str) -> bool:
    return year_docname(kind, year) in app.env.found_docs


# --- a year's page -----------------------------------------------------------------


class YearPageDirective(SphinxDirective):
    """``{year-page} timeline 1981`` with ``:previous:`` and ``:next:`` years:
    the body of a generated year page (its list is an aggregate of that year)."""

    required_arguments = 2
    option_spec = {  # noqa: RUF012
        "previous": directives.unchanged,
        "next": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        kind, year = self.arguments
        # Reached from the entry page and from one year to the next, not the sidebar.
        self.env.metadata[self.env.docname]["orphan"] = True
        what = "dated events" if kind == TIMELINE else "quotations in the articles published"
        describe(self.env, self.env.docname, f"The {what} in {year}.")
        node = aggregates.placeholder(
            self.env,
            f"{kind}-year",
            year,
            previous=self.options.get("previous", ""),
            next=self.options.get("next", ""),
        )
        self.set_source_info(node)
        return [node]


def year_navigation(app: Sphinx, docname: str, kind: str, node: nodes.Element) -> nodes.Node:
    """Links to the year before, every year, and the year after."""
    options = node["options"]
    links = []
    if options.get("previous"):
        year = options["previous"]
        uri = relative_uri(app, docname, year_docname(kind, year))
        links.append(f'<a class="reference internal" rel="prev" href="{encode(uri)}">← {year}</a>')
    uri = relative_uri(app, docname, kind)
    links.append(f'<a class="reference internal" href="{encode(uri)}">All years</a>')
    if options.get("next"):
        year = options["next"]
        uri = relative_uri(app, docname, year_docname(kind, year))
        links.append(f'<a class="reference internal" rel="next" href="{encode(uri)}">{year} →</a>')
    if app.builder.format != "html":
        return nodes.paragraph(text=" · ".join(re.sub(r"<[^>]+>", "", link) for link in links))
    label = f"{TITLES[kind]}: other years"
    items = "".join(f"<li>{link}</li>" for link in links)
    return nodes.raw(
        "",
        f'<nav class="dossier-years-nav" aria-label="{label}"><ul>{items}</ul></nav>\n',
        format="html",
    )


# --- the entry page ------------------------------------------------------------------


def counted(n: int, what: str) -> str:
    """'1 quotation', '1,204 dated events'."""
    return f"{n:,} {what}{'s' if n != 1 else ''}"


def years_section(
    app: Sphinx,
    docname: str,
    kind: str,
    caption: str,
    headings: tuple[str, ...],
    rows: list[tuple[str, tuple[str, ...]]],
) -> nodes.section:
    """The entry page's "Years": a table of the years, each linked to its
    page, with its counts; and, for the script that sends old links on, the
    address of a year's page."""
    section = nodes.section(ids=["years"])
    section += nodes.title("Years", "Years")
    table = nodes.table(classes=["dossier-years"], ids=[f"{kind}-years-table"])
    table += nodes.title(caption, caption)
    group = nodes.tgroup(cols=len(headings))
    table += group
    group += [nodes.colspec(colwidth=1) for _ in headings]
    head = nodes.thead()
    group += head
    row = nodes.row()
    for heading in headings:
        row += nodes.entry("", nodes.paragraph(heading, heading))
    head += row
    body = nodes.tbody()
    group += body
    for year, counts in rows:
        row = nodes.row()
        if has_year_page(app, kind, year):
            link = nodes.reference(
                "", year, internal=True, refuri=relative_uri(app, docname, year_docname(kind, year))
            )
            row += nodes.entry("", nodes.paragraph("", "", link))
        else:
            row += nodes.entry("", nodes.paragraph(year, year))
        for count in counts:
            row += nodes.entry("", nodes.paragraph(count, count))
        body += row
    section += table
    if app.builder.format == "html":
        pattern = relative_uri(app, docname, year_docname(kind, "__year__"))
        entity = relative_uri(app, docname, f"{app.config.dossier_entities_dir}/__id__")
        years = " ".join(year for year, _ in rows if has_year_page(app, kind, year))
        section += nodes.raw(
            "",
            f'<div id="{DATA_ID}" hidden data-years="{years}" '
            f'data-year-page="{encode(pattern)}" '
            f'data-entity-page="{encode(entity)}"></div>\n',
            format="html",
        )
    return section


def _entry_script(app: Sphinx, pagename: str, _template: str, _context: dict, _doc) -> None:
    if app.builder.format != "html" or app.builder.name == "epub":
        return
    if pagename in TITLES and _has_page(app, pagename):
        app.builder.add_js_file(SCRIPT)


def setup(app: Sphinx) -> None:
    app.add_directive("year-page", YearPageDirective)
    app.connect("html-page-context", _entry_script)
