"""The real site: builds strictly and publishes every article verbatim."""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.search.en import SearchEnglish

from conftest import DOCS, REPO
from helpers import main_text, normalise, search_index, soup, source_blocks

ARTICLES = sorted((DOCS / "articles").glob("*.md"))
SEED = REPO / "tests" / "data" / "seeds" / "000_d56f36da77d8ccc5.txt"
SEED_ARTICLE = DOCS / "articles" / "mek-nuisance-or-threat.md"

# Lines of the scraped page that are not article text.
JUNK = [
    "Tags: ,",
    "Copyright © 2020 All Rights Reserved",
    "XML Sitemap",
    "Social media & sharing icons",
    "UltimatelySocial",
    "Mrs. Maryam Rajavi is the President-elect",
]

SEED_HEADINGS = [
    "The shockwave of popular revolt",
    "The MEK’s resistance units are gaining ground",
    "Khamenei warns of the MEK’s influence",
    "The Revolutionary Guards’ video report",
    "“The one and only enemy of the holy Islamic Republic”",
    "Films and books used to spread disinformation",
    "Nothing but Strategy: a book that speaks volumes",
    "For lobbies, scorn for the MEK is the flip side of admiration for the Pasdaran",
    "The eloquent case of the journalist from Le Point",
]


def built(site: Path, article: Path) -> Path:
    return site / "articles" / (article.stem + ".html")


def test_site_builds_with_no_warning(site_build):
    assert site_build.returncode == 0, site_build.stderr
    assert "WARNING" not in site_build.stderr


def test_every_source_paragraph_is_in_the_built_article_in_order(site):
    assert ARTICLES, "no article in docs/articles"
    for article in ARTICLES:
        html_text = main_text(built(site, article))
        position = 0
        for kind, text in source_blocks(article):
            found = html_text.find(text, position)
            assert found >= 0, f"{article.name}: {kind} missing or out of order: {text[:80]!r}"
            position = found + len(text)


def test_seed_article_keeps_every_paragraph_of_the_scrape_but_the_junk():
    """Each non-junk paragraph of the scraped text is a block of the MyST page, in order."""
    scraped = [normalise(p) for p in re.split(r"\n\s*\n", SEED.read_text("utf-8")) if p.strip()]
    title, body = scraped[1], scraped[2:]
    duplicated = {p for p in body if body.count(p) > 1} | {scraped[0]}
    kept = [p for p in body if p not in duplicated and not any(j in p for j in JUNK)]
    # The alt text of one picture repeats the start of its own caption.
    kept.remove("Khamenei’s Remarks")
    blocks = [text for _, text in source_blocks(SEED_ARTICLE)]
    assert blocks == kept
    assert f'title: "{title}"' in SEED_ARTICLE.read_text("utf-8")


def test_no_page_contains_scrape_junk(site):
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for junk in JUNK:
            assert junk not in text, f"{page.name} contains {junk!r}"


def test_seed_article_has_its_title_and_nine_section_headings(site):
    page = soup(built(site, SEED_ARTICLE))
    assert page.find("h1").get_text().rstrip("¶") == (
        "The Mujahedin-e Khalq (MEK): a nuisance or a threat to the regime in Iran?"
    )
    headings = [
        h.get_text().rstrip("¶")
        for h in page.select("article h2")
        if not h.find_parent("section", id="cite")  # "Cite this article" is ours
    ]
    assert headings == SEED_HEADINGS


def test_no_break_spaces_survive(site):
    html = built(site, SEED_ARTICLE).read_text(encoding="utf-8")
    for phrase in ("On 6\u00a0June", "On 18\u00a0May 2020", "On 24\u00a0April 2019"):
        assert phrase in html or phrase.replace("\u00a0", "&nbsp;") in html


def test_article_shows_date_and_source_under_the_title(site):
    page = soup(built(site, SEED_ARTICLE))
    title = page.find("h1")
    byline = title.find_next_sibling()
    assert "dossier-byline" in byline["class"]
    assert normalise(byline.get_text(" ")).startswith("Date: 2020 Source: Text of a web article")


def test_home_page_lists_each_article_with_date_and_summary(site):
    page = soup(site / "index.html")
    items = page.select("ul.dossier-article-list > li")
    assert len(items) == len(ARTICLES)
    first = items[0]
    link = first.select_one(".dossier-article-title a")
    assert link["href"] == "articles/mek-nuisance-or-threat.html"
    assert link.get_text().startswith("The Mujahedin-e Khalq (MEK)")
    assert first.select_one(".dossier-meta").get_text() == "2020 · 33 min read"
    assert first.select_one(".dossier-tags a").get_text() == "Iran"
    assert "opinion article" in first.select_one(".dossier-summary").get_text()


def test_about_page_states_source_and_privacy_promise(site):
    text = main_text(site / "about.html")
    for promise in ("no cookies", "no analytics", "no requests to any other server"):
        assert promise in text


def test_search_index_finds_a_term_only_the_article_has(site):
    index = search_index(site)
    article = index["docnames"].index("articles/mek-nuisance-or-threat")
    assert (
        "The Mujahedin-e Khalq (MEK): a nuisance or a threat to the regime in Iran?"
        in (index["titles"])
    )
    stem = SearchEnglish({}).stem("smoldering")
    hits = index["terms"][stem]
    assert (hits if isinstance(hits, list) else [hits]) == [article]


def test_site_uses_furo_with_theme_toggle_and_a_neutral_title(site):
    page = soup(site / "index.html")
    assert page.title.get_text() == "Press Dossier"
    assert page.select_one("button.theme-toggle") is not None  # light / dark / auto
    assert (site / "_static" / "styles" / "furo.css").exists()


def test_every_registry_entity_is_an_object_in_objects_inv(site):
    from test_entities import inventory

    from dossier.sources.registry import load

    registry = load(DOCS / "registry")
    assert registry.problems == []
    objects = [line for line in inventory(site) if " dossier:" in line]
    assert len(objects) == len(registry.entities)


TWENTY = {
    "Ali Khamenei": "ali-khamenei",
    "Khomeiny": "ruhollah-khomeini",
    "Teheran": "tehran",
    "PMOI": "mek",
    "People’s Mojahedin": "mek",
    "NCRI": "ncri",
    "Revolutionary Guards": "irgc",
    "MOIS": "mois",
    "Le Point": "le-point",
    "Fars": "fars-news-agency",
    "Mashhad": "mashhad",
    "Ashraf 3": "ashraf-3",
    "Villepinte": "villepinte",
    "Nothing but Strategy": "nothing-but-strategy",
    "The Mole": "the-mole",
    "Un Printemps en Iran": "un-printemps-en-iran",
    "Pierre Razoux": "pierre-razoux",
    "Jean Ziegler": "jean-ziegler",
    "Armin Arefi": "armin-arefi",
    "Mossadegh": "mohammad-mosaddegh",
}


def test_twenty_names_from_the_article_resolve_to_their_pages(site):
    from dossier.sources.registry import load

    forms = load(DOCS / "registry").surface_forms()
    for words, entity_id in TWENTY.items():
        assert forms[words] == (entity_id,), words
        page = soup(site / "entities" / f"{entity_id}.html")
        assert words in page.find("article").get_text(), words


def test_parallel_build_of_the_site_equals_the_serial_one(site, tmp_path):
    from conftest import sphinx_build

    result = sphinx_build("html", tmp_path, "-j", "2")
    assert result.returncode == 0, result.stderr
    parallel = tmp_path / "html"
    for page in sorted(site.rglob("*.html")):
        twin = parallel / page.relative_to(site)
        assert twin.read_bytes() == page.read_bytes(), page.relative_to(site)
    for book in sorted((site / "books").iterdir()):  # chapters written by the workers
        assert (parallel / "books" / book.name).read_bytes() == book.read_bytes(), book.name


def article_paragraph(site: Path, paragraph_id: str) -> str:
    return normalise(soup(built(site, SEED_ARTICLE)).select_one(f"#{paragraph_id}").get_text())


def dossier_data(site: Path) -> dict:
    import pickle

    environment = site.parent / ".doctrees" / "html" / "environment.pickle"
    return pickle.loads(environment.read_bytes()).domaindata["dossier"]


def test_seed_article_marks_its_events_and_quotations(site):
    data = dossier_data(site)
    events = data["events"]["articles/mek-nuisance-or-threat"]
    quotes = data["quotes"]["articles/mek-nuisance-or-threat"]
    assert len(events) == 59
    assert len(quotes) == 41
    assert min(e.date for e in events) == "1953"
    assert max(e.date for e in events)[:4] == "2020"


# (date, words the paragraph reporting the event must contain)
TEN_EVENTS = [
    ("1953", "toppled by a CIA coup in 1953"),
    ("1965", "Founded in 1965"),
    ("1981-05-02", "on May 2, 1981"),
    ("2014", "to Albania in 2014"),
    ("2018-01-02", "on January 2, 2018, Hassan Rouhani"),
    ("2018-08-05", "On August 5, 2018"),
    ("2019-04-19", "On 19 April 2019"),
    ("2019-07-28", "on July 28, 2019"),
    ("2020-01-22", "on 22 January 2020"),
    ("2020-04-23", "on 23 April 2020"),
]


def test_ten_events_point_at_the_paragraph_that_reports_them(site):
    events = dossier_data(site)["events"]["articles/mek-nuisance-or-threat"]
    for date, words in TEN_EVENTS:
        paragraphs = [article_paragraph(site, e.paragraph) for e in events if e.date == date]
        assert any(words in p for p in paragraphs), (date, words)


# (speaker, opening words of the quotation, as the article has them)
TEN_QUOTES = [
    ("gholam-hossein-esmaili", "“attempting to carry out sabotage operations"),
    ("mahmoud-alavi", "“116 teams related to the MEK”"),
    ("ali-khamenei", "“Places of gathering for young people"),
    ("erja-news", "“For two years, we have seen"),
    ("ahmad-khatami", "“Do not think that efforts to overturn"),
    ("mohammad-hossein-rouzitalab", "“The biggest anti-revolutionary group"),
    ("nasser-razavi", "“In 1991, we completely overhauled"),
    ("pierre-razoux", "“The paradox is that those people"),
    ("jean-ziegler", "“How can this Ashraf camp"),
    ("maryam-rajavi", "“In all these years, the mullahs"),
]


def test_ten_quotations_are_attributed_and_point_at_their_words(site):
    quotes = dossier_data(site)["quotes"]["articles/mek-nuisance-or-threat"]
    for speaker, opening in TEN_QUOTES:
        found = [q for q in quotes if q.speaker == speaker and q.opening.startswith(opening)]
        assert len(found) == 1, (speaker, opening)
        assert opening in article_paragraph(site, found[0].paragraph)


def _counted_years(page: Path) -> dict[str, int]:
    """The entry page's years, each with the first count beside it."""
    rows = soup(page).select("table.dossier-years tbody tr")
    return {row.select("td")[0].get_text(): int(row.select("td")[1].get_text()) for row in rows}


def test_timeline_and_quotation_pages_list_everything(site):
    timeline = soup(site / "timeline.html")
    assert timeline.select_one("svg.dossier-chart[role=img]") is not None
    years = _counted_years(site / "timeline.html")
    found = {}
    for year in years:
        found[year] = len(soup(site / "timeline" / f"{year}.html").select("li.dossier-event"))
    assert found == years
    assert sum(found.values()) == 59
    # the article was published in 2020: its quotations are on that year's page
    assert _counted_years(site / "quotations.html") == {"2020": 41}
    quotations = soup(site / "quotations" / "2020.html")
    assert len(quotations.select("#by-speaker li.dossier-quotation")) == 41
