"""Lists written as HTML: the same HTML and search words as Sphinx makes from the nodes."""

from __future__ import annotations

import pytest
from docutils import nodes
from docutils.utils import new_document
from sphinx.search import WordCollector
from sphinx.search.en import SearchEnglish

from dossier.store.lists import Item, Link, Para, Strong, as_html, as_nodes

ITEMS = [
    Item((Para(("plain ", Link("a.html", 'L\'Opinion & "Le Monde" <x> @ y'), " (3)")),)),
    Item((Para((Link("", "this page"), " tail")),), ("dossier-card",)),
    Item((Para((Strong(Link("../b.html#p3", "Strong link")),), ("dossier-title",)),)),
    Item((Para((Strong("2020-05-17?"), " — label. "), ("a", "b")),)),
]
TWO_PARAGRAPHS = Item(
    (Para(("first",)), Para(("Involves: ", Link("c.html", "C"), ", ", "D"), ("who",))),
    ("dossier-event",),
    "event-1981-one-p1",
)


def _write(app, node: nodes.Node) -> tuple[str, set[str]]:
    """The HTML Sphinx writes for a section holding the node, and the words it indexes."""
    document = new_document("<test>", app.builder.docsettings)
    section = nodes.section(ids=["s"])
    section += nodes.title("Title", "Title")
    section += node
    document += section
    document.settings = app.builder.docsettings
    visitor = app.builder.create_translator(document, app.builder)
    document.walkabout(visitor)
    collector = WordCollector(document, SearchEnglish({}))
    document.walk(collector)
    return "".join(visitor.fragment), set(collector.found_words)


@pytest.mark.sphinx("html", testroot="timeline")
@pytest.mark.parametrize("items", [ITEMS, [*ITEMS, TWO_PARAGRAPHS], []])
def test_html_and_words_are_those_of_the_nodes(app, items):
    app.build()
    app.builder.current_docname = "index"
    app.builder.secnumbers, app.builder.fignumbers = {}, {}
    expected = _write(app, as_nodes(items, ["dossier-x"]))
    assert _write(app, as_html(items, ["dossier-x"])) == expected
    html, words = _write(app, as_html(items, ["dossier-x"], searched=False))
    assert (html, words) == (expected[0], {"Title"})  # the section title's only
