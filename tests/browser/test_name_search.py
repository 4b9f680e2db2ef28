"""Search finds an entity however its name is spelled, and never the wrong one.

The queries and the entity each must bring first are in tests/data/name_queries.json;
the spelling keys both languages must give in tests/data/spelling.json.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from dossier.sources import spelling

from .support import AXE, COLOR_SCHEMES, node_tool, wait_for_search
from .test_accessibility import RUN_AXE, WCAG_TAGS, describe

DATA = Path(__file__).resolve().parents[1] / "data"
QUERIES = json.loads((DATA / "name_queries.json").read_text("utf-8"))["queries"]
CASES = json.loads((DATA / "spelling.json").read_text("utf-8"))["cases"]
RESULTS = "#search-results ul.search > li"
NOTE = "#dossier-spelling-note"

# What the search page shows first for a query (Sphinx shows its list from the end),
# once the files the query needs are loaded, as when a reader searches.
FIRST_RESULT = """async (query) => {
  await DossierSearch.loadFor(query);
  const results = Search._performSearch(...Search._parseQuery(query));
  return results.length ? results[results.length - 1][0] : null;
}"""
KEYS = """(texts) => texts.map((text) => ({
  latin: DossierSpelling.latinKey(text),
  persian: DossierSpelling.persianKey(text),
  key: DossierSpelling.key(text),
  searchable: DossierSpelling.searchable(text),
}))"""


@pytest.fixture
def search_page(browse):
    """The search page with its index loaded, to run queries in."""
    page = browse.open("search.html").page
    page.wait_for_function("() => Search.hasIndex()")
    return page


def test_the_query_table_is_large_and_varied():
    kinds = {row["kind"] for row in QUERIES}
    assert len(QUERIES) >= 60
    assert {"romanization", "typo", "persian", "not in the registry"} <= kinds
    assert any("ي" in row["query"] or "ك" in row["query"] for row in QUERIES)


def test_each_query_brings_its_entity_first_and_an_unknown_name_none(search_page):
    wrong = []
    for row in QUERIES:
        first = search_page.evaluate(FIRST_RESULT, row["query"])
        if row["first"] is None:
            if first and first.startswith("entities/"):
                wrong.append(f"{row['query']!r} ({row['kind']}): {first}, expected no entity")
        elif first != f"entities/{row['first']}":
            wrong.append(f"{row['query']!r} ({row['kind']}): {first}, expected {row['first']}")
    assert not wrong, "\n".join(wrong)


def test_python_and_javascript_give_the_same_spelling_keys(search_page):
    in_browser = search_page.evaluate(KEYS, [case["text"] for case in CASES])
    in_python = [
        {
            "latin": spelling.latin_key(case["text"]),
            "persian": spelling.persian_key(case["text"]),
            "key": spelling.key(case["text"]),
            "searchable": spelling.searchable(case["text"]),
        }
        for case in CASES
    ]
    expected = [{k: case[k] for k in ("latin", "persian", "key", "searchable")} for case in CASES]
    assert in_python == expected
    assert in_browser == expected


def _first(page) -> str:
    href = page.locator(f"{RESULTS} > a").first.get_attribute("href")
    return urlsplit(href).path


def test_an_approximate_match_says_whom_it_shows(browse):
    visit = browse.open(f"search.html?q={quote('Masud Rajavy')}")
    page = visit.page
    assert _first(page) == "entities/massoud-rajavi.html"
    note = page.locator(NOTE)
    assert note.inner_text() == "Showing Massoud Rajavi for ‘Masud Rajavy’"
    assert note.locator("a").get_attribute("href") == "entities/massoud-rajavi.html"
    assert visit.errors == []
    visit.assert_only_local_requests()


def test_a_name_as_registered_needs_no_note(browse):
    page = browse.open("search.html?q=Khamenei").page
    assert _first(page) == "entities/ali-khamenei.html"
    assert page.locator(NOTE).count() == 0


def test_an_unknown_name_brings_no_note_and_no_entity(browse):
    page = browse.open("search.html?q=Rajabi").page
    assert page.locator(NOTE).count() == 0
    assert not page.locator(f"{RESULTS} > a[href^='entities/']").count()


def test_persian_script_finds_the_entity_from_the_file_system(browse, site):
    _, visit = browse.context(origin="file://")
    page = browse.goto(visit, f"search.html?q={quote('علي خامنه اي')}", base=site.as_uri() + "/")
    assert "found" in wait_for_search(page)
    assert _first(page) == "entities/ali-khamenei.html"
    visit.assert_only_local_requests()


def test_a_query_loads_only_the_names_files_of_its_key_lengths(browse, site):
    visit = browse.open(f"search.html?q={quote('Masud Rajavy')}")
    loaded = [url for url in visit.requests if "/_search/names-" in url]
    table = json.loads(visit.page.locator("#dossier-names").text_content())
    wanted = {table["shards"][f"l{n}"] for n in (10, 11, 12) if f"l{n}" in table["shards"]}
    assert {url.rsplit("/", 1)[1] for url in loaded} == wanted
    assert len(list((site / "_search").glob("names-*.js"))) > len(wanted)


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
def test_the_note_of_an_approximate_match_is_accessible(browse, color_scheme):
    visit = browse.open(
        f"search.html?q={quote('Masud Rajavy')}", color_scheme=color_scheme, bypass_csp=True
    )
    page = visit.page
    assert page.locator(NOTE).count() == 1
    page.add_script_tag(path=str(node_tool(AXE)))
    violations = page.evaluate(RUN_AXE, WCAG_TAGS)
    assert not violations, describe(violations)
