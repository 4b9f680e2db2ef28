"""Corrections on the record: a notice on each corrected article, and the
Corrections page listing every correction on the site, newest first.

What an article records in its front matter (``dossier.sources.corrections``)
is kept in the domain; the Corrections page is an aggregate, rewritten only
when a correction or a corrected article's title changes.  The Atom feed
(``feed``) dates an entry by its newest correction and says what changed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from dossier.sources import frontmatter
from dossier.sources.corrections import Correction, corrections_of, latest
from dossier.sources.dates import format_date
from dossier.store import aggregates
from dossier.store.domain import get_domain
from dossier.store.links import page_link

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

NOTICE_ID = "corrections-notice"


def corrections_on(env: BuildEnvironment, docname: str) -> tuple[Correction, ...]:
    """The article's corrections, newest first (none for other pages)."""
    return get_domain(env).data["corrections"].get(docname, ())


def describe(correction: Correction) -> str:
    """One correction as a sentence or two: what changed, then why."""
    change = correction.change.rstrip()
    if not change.endswith((".", "!", "?")):
        change += "."
    return f"{change} Reason: {correction.reason}"


def _record(app: Sphinx, doctree: nodes.document) -> None:
    """Keep a valid article's corrections, and show them under its byline."""
    env = app.env
    docname = env.docname
    if docname not in get_domain(env).articles:
        return  # not an article, or its front matter has problems (already reported)
    found = corrections_of(frontmatter.read(env.doc2path(docname)).data)
    if not found:
        return
    get_domain(env).data["corrections"][docname] = found
    _insert_notice(doctree, found)


def _insert_notice(doctree: nodes.document, found: tuple[Correction, ...]) -> None:
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None:
        return
    notice = nodes.admonition(classes=["dossier-corrections"], ids=[NOTICE_ID])
    notice += nodes.title(text=f"Corrected {format_date(latest(found))}")
    listing = nodes.bullet_list()
    for correction in found:
        para = nodes.paragraph()
        para += nodes.strong(text=format_date(correction.date))
        para += nodes.Text(": " + describe(correction))
        listing += nodes.list_item("", para)
    notice += listing
    byline = [i for i, child in enumerate(section) if "dossier-byline" in child.get("classes", ())]
    section.insert(byline[0] + 1 if byline else 1, notice)


# --- the Corrections page ---------------------------------------------------------


class CorrectionsDirective(aggregates.AggregateDirective):
    """``{corrections}``: every correction of every article, newest first."""

    kind = "corrections"


def _given(env: BuildEnvironment, docname: str) -> tuple | None:
    """What one article gives the Corrections page: its title and corrections."""
    found = corrections_on(env, docname)
    article = get_domain(env).articles.get(docname)
    return (article.title, found) if found and article else None


def _every_correction(env: BuildEnvironment, _key: str = "") -> tuple:
    """(correction, docname, title), newest first; of one day, by article title."""
    domain = get_domain(env)
    rows = [
        (correction, docname, domain.articles[docname].title)
        for docname, found in domain.data["corrections"].items()
        if docname in domain.articles
        for correction in found
    ]
    rows.sort(key=lambda row: (row[2].casefold(), row[1]))
    return tuple(sorted(rows, key=lambda row: row[0].date, reverse=True))


def _render(app: Sphinx, docname: str, node: nodes.Element) -> list[nodes.Node]:
    rows = _every_correction(app.env)
    if not rows:
        return [nodes.paragraph(text="No article has been corrected.")]
    listing = nodes.bullet_list(classes=["dossier-corrections-list"])
    for correction, corrected, title in rows:
        para = nodes.paragraph()
        para += nodes.strong(text=format_date(correction.date))
        para += nodes.Text(", ")
        para += page_link(app, docname, corrected, title, NOTICE_ID)
        para += nodes.Text(": " + describe(correction))
        listing += nodes.list_item("", para)
    return [listing]


def setup(app: Sphinx) -> None:
    app.add_directive("corrections", CorrectionsDirective)
    aggregates.register(
        "corrections", aggregates.Aggregate(_every_correction, _render, given_by=_given)
    )
    app.connect("doctree-read", _record)
