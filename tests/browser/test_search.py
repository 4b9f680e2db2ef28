"""The search page finds entities by alias, glossary terms, and article phrases with a snippet."""

from __future__ import annotations

from urllib.parse import quote, urlsplit

from .support import wait_for_search

RESULTS = "#search-results ul.search > li"


def result_paths(page) -> list[str]:
    hrefs = page.locator(f"{RESULTS} > a").evaluate_all("links => links.map((a) => a.href)")
    return [urlsplit(href).path for href in hrefs]


def search(browse, query: str):
    visit = browse.open(f"search.html?q={quote(query)}")
    page = visit.page
    assert page.locator(RESULTS).count(), f"no result for {query!r}"
    visit.assert_only_local_requests()
    return page


def test_an_alias_finds_its_entity_first(browse):
    page = search(browse, "Khomeiny")
    first = result_paths(page)[0]
    assert first.endswith("/entities/ruhollah-khomeini.html"), result_paths(page)


def test_a_glossary_term_finds_its_entry_first(browse):
    page = search(browse, "monafeghin")
    first = page.locator(f"{RESULTS} > a").first.get_attribute("href")
    assert first.startswith(("glossary.html#term-monafeghin", "entities/monafeghin.html")), (
        result_paths(page)
    )


def test_an_article_phrase_finds_the_article_with_a_snippet(browse):
    page = search(browse, "shockwave of popular revolt")
    article = page.locator(RESULTS).filter(
        has=page.locator("a[href^='articles/mek-nuisance-or-threat.html']")
    )
    assert article.count(), f"the article is not among {result_paths(page)}"
    snippet = article.first.locator("p.context")
    snippet.wait_for(state="visible")
    assert "shockwave" in snippet.inner_text().lower(), snippet.inner_text()


def test_search_works_from_the_file_system(browse, site):
    _, visit = browse.context(origin="file://")
    page = browse.goto(visit, "search.html?q=Khamenei", base=site.as_uri() + "/")
    assert "found" in wait_for_search(page)
    assert page.locator(RESULTS).count(), "no result when the site is opened from disk"
    visit.assert_only_local_requests()


def _loaded(visit, kind: str) -> list[str]:
    return [url for url in visit.requests if f"/_search/{kind}-" in url]


def test_a_word_loads_only_its_own_shard_of_the_index(browse, site):
    shards = sorted((site / "_search").glob("shard-*.js"))
    assert len(shards) > 1, "the test expects the site's word index in several shards"
    visit = browse.open("search.html?q=Khamenei")
    page = visit.page
    assert len(_loaded(visit, "shard")) == 1, visit.requests
    assert not _loaded(visit, "words"), "a whole indexed word needs no word list"
    assert any(path.endswith("/entities/ali-khamenei.html") for path in result_paths(page))


def test_a_word_inside_longer_title_words_loads_none_of_their_shards(browse):
    """ "Nation" is a word of titles and of the text; Sphinx looks inside longer
    words (national, international) only for a word that is not itself
    indexed, so their shards are not loaded (at 10,000 articles a four-letter
    name was inside 190 title words: 185 shards, 2.8 MB gzip)."""
    visit = browse.open("search.html?q=Nation")
    assert not _loaded(visit, "titlewords") and not _loaded(visit, "words")
    assert len(_loaded(visit, "shard")) <= 2, visit.requests  # its own, and its titles'
    assert result_paths(visit.page)


def test_part_of_a_word_finds_the_longer_words(browse):
    visit = browse.open("search.html?q=Khamen")
    page = visit.page
    assert _loaded(visit, "words"), "a partial word is looked up in the word list"
    assert any(path.endswith("/entities/ali-khamenei.html") for path in result_paths(page))


# Whole words, parts of words (in the text and in titles), several words, a
# section title's words, an excluded word, a stop word, digits, punctuation.
SAME_AS_WHOLE_INDEX = [
    "Khamenei",
    "Khamen",
    "ajavi",
    "Camp Ashraf",
    "Nation",
    "Revolution",
    "Ali Khamenei",
    "i Khamene",
    "amp Ashr",
    "Khamenei warns",
    "the MEK’s influence",
    "Mojahedin Organization",
    "terror -Albania",
    "the",
    "2018",
    "Ali-",
    "?!",
]

RESULTS_NOW = "(query) => JSON.stringify(Search._performSearch(...Search._parseQuery(query)))"

# Every file the core names: word shards, pages' names and titles, and the
# whole lists of words, title words, objects and index entries.
LOAD_EVERY_SHARD = """async () => {
  const index = Search._index;
  const grams = Object.values(index.grams).map((files) => files.all);
  const names = [index.termshards, index.docchunks, index.defchunks, grams].flat().filter(Boolean);
  const root = document.documentElement.dataset.content_root || "";
  await Promise.all(names.map((name) => new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = `${root}_search/${name}`;
    script.onload = resolve;
    script.onerror = reject;
    document.head.appendChild(script);
  })));
}"""


def test_the_shards_a_query_loads_give_the_results_of_the_whole_index(browse):
    """What Sphinx's search finds after loading only the shards the query needs
    is what it finds with the whole index loaded (the site has several shards)."""
    for query in SAME_AS_WHOLE_INDEX:
        page = browse.open(f"search.html?q={quote(query)}").page
        found = page.evaluate(RESULTS_NOW, query)
        page.evaluate(LOAD_EVERY_SHARD)
        assert found == page.evaluate(RESULTS_NOW, query), f"{query!r} misses results"
        browse.close()


def test_search_runs_without_a_script_error(browse):
    visit = browse.open(f"search.html?q={quote('Khomeiny')}")
    assert visit.errors == []


def test_a_sphinx_search_without_the_private_api_it_relies_on_fails_loudly(browse):
    """``dossier-search.js`` uses Sphinx's private ``Search._parseQuery``,
    ``Search._index`` and ``Search.query``: a Sphinx release that changes one
    stops it with an error that names what changed."""
    context, visit = browse.context()
    searchtools = (browse.site / "_static" / "searchtools.js").read_text("utf-8")
    changed = searchtools.replace("_parseQuery", "_parseQueryRenamed")
    assert changed != searchtools
    context.route(
        "**/_static/searchtools.js*",
        lambda route: route.fulfill(body=changed, content_type="text/javascript"),
    )
    visit.page.goto(browse.base_url + "search.html", wait_until="load")
    visit.page.wait_for_timeout(200)
    assert any("Search._parseQuery changed" in error for error in visit.errors), visit.errors
