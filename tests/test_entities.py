"""Entities: mention finding, links, entity pages, listings, glossary, objects, errors.

Built on the 'entities' test root; tests that change sources work on a copy.
"""

from __future__ import annotations

import shutil
import zlib
from pathlib import Path

import pytest

from dossier.sources.names import Matcher
from helpers import normalise, search_index, soup

ROOT = Path(__file__).parent / "roots" / "test-entities"


@pytest.fixture
def project(copy_root):
    return copy_root("entities")


def entity_links(page: Path) -> list[tuple[str, str]]:
    return [
        (a.get_text(), a["href"])
        for a in soup(page).select("a.reference")
        if a.select_one(".dossier-entity")
    ]


# --- the matcher ------------------------------------------------------------


def test_matcher_prefers_the_longest_name_and_respects_word_boundaries():
    matcher = Matcher({"MEK": ("mek",), "People’s Mojahedin": ("mek",), "Iran": ("iran",)})
    text = "The People’s Mojahedin of Iran (MEK), anti-MEK, MEKANIC, smek."
    assert [text[s:e] for s, e, _ in matcher.find(text)] == [
        "People’s Mojahedin",
        "Iran",
        "MEK",
        "MEK",
    ]


def test_matcher_is_exact_about_case_but_lets_lowercase_names_start_a_sentence():
    matcher = Matcher({"MEK": ("mek",), "monafeghin": ("m",)})
    found = matcher.find("Mek, mek, MEK. Monafeghin and monafeghin but not MONAFEGHIN.")
    assert [s for s, _e, _ in found] == [10, 15, 30]


def test_matcher_falls_back_to_a_shorter_name_that_ends_on_a_word_boundary():
    matcher = Matcher(
        {"Ali": ("ali",), "Ali Khamenei": ("k",), "Khamenei": ("k",), "Ali Vaez": ("v",)}
    )
    text = "Ali Khameneis, xAli Khamenei, Ali Vaez; Ali Khamenei."
    assert [(text[s:e], ids) for s, e, ids in matcher.find(text)] == [
        ("Ali", ("ali",)),
        ("Khamenei", ("k",)),
        ("Ali Vaez", ("v",)),
        ("Ali Khamenei", ("k",)),
    ]


# --- articles ---------------------------------------------------------------


def test_first_mention_of_each_entity_in_each_article_is_linked(build):
    app = build()
    links = entity_links(app.outdir / "articles" / "one.html")
    assert links == [
        ("People’s Mojahedin Organization of Iran", "../entities/mek.html"),
        ("NCRI", "../entities/ncri.html"),
        ("Khamenei", "../entities/ali-khamenei.html"),
        ("monafeghin", "../glossary.html#term-monafeghin"),
        ("Maryam Rajavi", "../entities/maryam-rajavi.html"),
        ("Massoud Rajavi", "../entities/massoud-rajavi.html"),
    ]
    assert entity_links(app.outdir / "articles" / "two.html") == [
        ("Khamenei", "../entities/ali-khamenei.html"),
        ("MEK", "../entities/mek.html"),
    ]


def test_mentions_never_change_the_words_of_the_article(build):
    app = build()
    paragraph = soup(app.outdir / "articles" / "one.html").select_one("#p1")
    paragraph.select_one("a.headerlink").decompose()  # its permalink, not its words
    text = normalise(paragraph.get_text())
    assert text == (
        "The People’s Mojahedin Organization of Iran, or MEK, met the NCRI. The MEK again."
    )


def test_links_are_styled_by_kind(build):
    page = soup(build().outdir / "articles" / "one.html")
    kinds = {span.get_text(): span["class"] for span in page.select(".dossier-entity")}
    assert kinds["NCRI"] == ["dossier-entity", "dossier-organization"]
    assert kinds["monafeghin"] == ["dossier-entity", "dossier-term"]


def test_no_mention_is_found_in_headings_links_or_code(build):
    app = build()
    mentions = dict(app.env.get_domain("dossier").mentions["articles/one"].counts)
    # paragraph 2 twice, paragraph 4 (the explicit role) once; not in heading, link or code
    assert mentions["ali-khamenei"] == 2
    page = soup(app.outdir / "articles" / "one.html")
    assert page.select_one("h2 .dossier-entity") is None
    assert page.select_one("code .dossier-entity") is None


def test_explicit_role_links_words_the_matcher_cannot_know(build):
    app = build()
    mentions = app.env.get_domain("dossier").mentions["articles/one"]
    paragraphs = dict(mentions.paragraphs)
    assert paragraphs["p4"] == ("ali-khamenei",)
    assert "Supreme Guide" in soup(app.outdir / "articles" / "one.html").select_one("#p4").text


def test_no_entity_role_stops_a_false_match(build):
    app = build()
    counts = dict(app.env.get_domain("dossier").mentions["articles/one"].counts)
    assert counts["mek"] == 4  # the {no-entity} MEK in paragraph 4 is not counted


def test_ambiguous_alias_used_unresolved_is_a_warning_with_the_fix(build, project):
    (project / "articles" / "one.md").write_text(
        (project / "articles" / "one.md").read_text() + "\nThen Rajavi spoke.\n", "utf-8"
    )
    app = build()
    assert (
        f"{project / 'articles' / 'one.md'}:20: WARNING: 'Rajavi' may mean 'maryam-rajavi' or "
        "'massoud-rajavi' (fix: write {entity}`Rajavi <maryam-rajavi>`, or "
        "{no-entity}`Rajavi` if it names neither) [dossier.ambiguous]"
    ) in app.warning.getvalue()


def test_unknown_id_in_role_is_a_warning_that_suggests_the_closest(build, project):
    (project / "articles" / "two.md").write_text(
        (project / "articles" / "two.md").read_text() + "\nThe {entity}`leader <ali-khamenai>`.\n",
        "utf-8",
    )
    app = build()
    assert (
        f"{project / 'articles' / 'two.md'}:11: WARNING: unknown entity id 'ali-khamenai' "
        "(fix: did you mean 'ali-khamenei'?) [dossier.entity]"
    ) in app.warning.getvalue()


# --- entity pages -----------------------------------------------------------


def test_entity_page_shows_kind_aliases_and_description(build):
    page = soup(build().outdir / "entities" / "mek.html")
    assert page.find("h1").get_text().rstrip("¶") == "Mujahedin-e Khalq"
    assert page.select_one(".dossier-kind").get_text() == "Organization"
    assert page.select_one(".dossier-aliases").get_text() == (
        "Also written: MEK, People’s Mojahedin, People’s Mojahedin Organization of Iran"
    )
    assert page.select_one(".dossier-description").get_text() == (
        "An organization in the test articles."
    )


def test_mentioned_in_lists_articles_with_counts_and_snippets_linking_to_paragraphs(build):
    page = soup(build().outdir / "entities" / "mek.html")
    items = page.select("ul.dossier-mentions > li")
    heads = [normalise(item.find("p").get_text()) for item in items]
    assert heads == ["Article one about the MEK (4 mentions)", "Article two (1 mention)"]
    snippets = [(a["href"], a.get_text()) for a in items[0].select(".dossier-snippets a")]
    assert snippets == [
        (
            "../articles/one.html#p1",
            "The People’s Mojahedin Organization of Iran, or MEK, met the NCRI. The MEK again.",
        ),
        (
            "../articles/one.html#p2",
            "Khamenei spoke of the monafeghin. Monafeghin, he said, and the MEK.",
        ),
    ]


def test_appears_alongside_ranks_entities_sharing_paragraphs(build):
    page = soup(build().outdir / "entities" / "mek.html")
    rows = [normalise(li.get_text()) for li in page.select("ul.dossier-alongside > li")]
    assert rows == [
        "Ali Khamenei (in 2 paragraphs)",
        "monafeghin (in 1 paragraph)",
        "National Council of Resistance of Iran (in 1 paragraph)",
    ]


def test_listing_page_is_a_to_z_by_sort_name_with_counts(build):
    page = soup(build().outdir / "people.html")
    rows = [normalise(li.get_text()) for li in page.select("ul.dossier-entity-index > li")]
    assert rows == [
        "Ali Khamenei (3 mentions)",
        "Nobody At All (0 mentions)",
        "Maryam Rajavi (1 mention)",
        "Massoud Rajavi (1 mention)",
    ]
    assert [h.get_text().rstrip("¶") for h in page.select("h2")] == ["K", "N", "R"]


def test_glossary_defines_terms_and_links_to_their_pages(build):
    page = soup(build().outdir / "glossary.html")
    term = page.select_one("dt#term-monafeghin")
    assert term.get_text().rstrip("¶") == "monafeghin"
    definition = term.find_next_sibling("dd")
    assert "A term in the test articles." in definition.get_text()
    assert definition.find("a")["href"] == "entities/monafeghin.html"


def test_entity_pages_are_not_in_the_navigation_of_other_pages(build):
    page = soup(build().outdir / "articles" / "one.html")
    assert not [
        a for a in page.select("a") if "entities/" in a.get("href", "") and a.find_parent("nav")
    ]


# --- objects ------------------------------------------------------------------


def inventory(outdir: Path) -> list[str]:
    raw = (outdir / "objects.inv").read_bytes()
    body = raw.split(b"\n", 4)[4]
    return zlib.decompress(body).decode().splitlines()


def test_every_entity_is_an_object_in_objects_inv(build):
    lines = [line for line in inventory(build().outdir) if " dossier:" in line]
    assert sorted(lines) == sorted(
        [
            "ali-khamenei dossier:person 1 entities/ali-khamenei.html Ali Khamenei",
            "maryam-rajavi dossier:person 1 entities/maryam-rajavi.html Maryam Rajavi",
            "massoud-rajavi dossier:person 1 entities/massoud-rajavi.html Massoud Rajavi",
            "nobody-at-all dossier:person 1 entities/nobody-at-all.html Nobody At All",
            "mek dossier:organization 1 entities/mek.html Mujahedin-e Khalq",
            "ncri dossier:organization 1 entities/ncri.html National Council of Resistance of Iran",
            "monafeghin dossier:term 1 entities/monafeghin.html -",
        ]
    )


def test_entities_are_search_objects_and_index_entries_by_name_and_alias(build):
    index = search_index(build().outdir)
    names = {row[4] for rows in index["objects"].values() for row in rows}
    assert {"Ali Khamenei", "Mujahedin-e Khalq", "monafeghin"} <= names
    entries = index["indexentries"]
    mek_page = index["docnames"].index("entities/mek")
    for key in ("mujahedin-e khalq", "mek", "people’s mojahedin", "ncri"):
        assert key in entries, key
    assert entries["mek"][0][0] == mek_page


def test_entities_are_in_the_general_index(build):
    text = soup(build().outdir / "genindex.html").get_text()
    assert "Mujahedin-e Khalq" in text
    assert "MEK" in text and "see Mujahedin-e Khalq" in normalise(text)


def test_unmentioned_entity_is_information_not_a_warning(build):
    app = build()
    assert "entity 'nobody-at-all' is not mentioned in any article" in app.status.getvalue()
    assert "nobody-at-all" not in app.warning.getvalue()


# --- registry errors ----------------------------------------------------------


def test_duplicate_id_is_a_warning_naming_both_places(build, project):
    with (project / "registry" / "organizations.yaml").open("a") as f:
        f.write("- id: mek\n  name: Again\n  description: Duplicate.\n")
    app = build()
    assert (
        f"{project / 'registry' / 'organizations.yaml'}:9: WARNING: duplicate id 'mek' "
        f"(first defined at {project / 'registry' / 'organizations.yaml'}:1) "
        "(fix: give each entity its own id) [dossier.registry]"
    ) in app.warning.getvalue()


def test_malformed_registry_lists_every_problem_with_its_line(build, project):
    (project / "registry" / "people.yaml").write_text(
        "- id: Bad Id\n  name: X\n  description: Y\n"
        "- id: no-name\n  description: Y\n"
        "- id: extra\n  name: Z\n  description: Y\n  born: 1950\n",
        "utf-8",
    )
    app = build()
    path = project / "registry" / "people.yaml"
    warnings = app.warning.getvalue()
    assert f"{path}:1: WARNING: 'id': 'Bad Id' does not match" in warnings
    assert f"{path}:4: WARNING: 'name' is a required property" in warnings
    assert (
        f"{path}:9: WARNING: Additional properties are not allowed ('born' was unexpected)"
    ) in warnings


def test_registry_yaml_syntax_error_names_the_line(build, project):
    (project / "registry" / "terms.yaml").write_text("- id: x\n  name: [unclosed\n", "utf-8")
    app = build()
    assert f"{project / 'registry' / 'terms.yaml'}:3: WARNING: not valid YAML" in (
        app.warning.getvalue()
    )


# --- parallel and incremental builds -----------------------------------------


def html_files(outdir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(outdir)): p.read_bytes() for p in sorted(outdir.rglob("*.html"))}


def test_parallel_build_gives_the_same_html_as_serial(make_app, tmp_path):
    outputs = []
    for parallel in (0, 2):
        srcdir = tmp_path / f"j{parallel}"
        shutil.copytree(ROOT, srcdir)
        app = make_app("html", srcdir=srcdir, parallel=parallel)
        app.build()
        # A second app in one process re-registers Sphinx's own nodes: not ours.
        warnings = [
            w for w in app.warning.getvalue().splitlines() if "while setting up extension" not in w
        ]
        assert warnings == []
        outputs.append(html_files(app.outdir))
    assert outputs[0] == outputs[1]


def test_rebuild_with_no_change_reads_and_writes_nothing(build):
    build()
    assert build(record=True)[1] == ([], [])


def test_editing_an_article_rewrites_only_pages_whose_inputs_changed(build, project):
    build()
    article = project / "articles" / "two.md"
    article.write_text(article.read_text().replace("again together.", "with the NCRI."), "utf-8")
    _app, (read, written) = build(record=True)
    assert read == ["articles/two"]
    # NCRI gained a mention and co-mentions; MEK and Khamenei gained co-mentions.
    assert written == [
        "articles/two",
        "entities/ali-khamenei",
        "entities/mek",
        "entities/ncri",
        "index",
        "organizations",
    ]


def test_a_mention_taken_out_rewrites_the_entity_page_that_listed_it(build, project):
    build()
    article = project / "articles" / "two.md"
    article.write_text(article.read_text().replace("Khamenei and the MEK", "The MEK"), "utf-8")
    _app, (_read, written) = build(record=True)
    assert "entities/ali-khamenei" in written


def test_a_deleted_article_leaves_the_pages_of_the_entities_it_named(build, project):
    build()
    (project / "articles" / "two.md").unlink()
    app, (_read, written) = build(record=True)
    assert {"entities/ali-khamenei", "entities/mek"} <= set(written)
    page = (app.outdir / "entities" / "mek.html").read_text("utf-8")
    assert "articles/two.html" not in page


def test_editing_a_description_rereads_only_that_entity_page(build, project):
    build()
    registry = project / "registry" / "organizations.yaml"
    registry.write_text(registry.read_text().replace("A council in", "A body in"), "utf-8")
    _app, (read, written) = build(record=True)
    assert read == ["entities/ncri"]
    assert written == ["entities/ncri"]


def test_editing_an_alias_rereads_the_articles_that_use_it(build, project):
    build()
    registry = project / "registry" / "people.yaml"
    registry.write_text(registry.read_text().replace("[Khamenei]", "[Khamenei, Supreme Guide]"))
    _app, (read, _written) = build(record=True)
    assert read == ["articles/one", "articles/two", "entities/ali-khamenei"]


def test_registry_problems_are_reported_on_every_build_not_only_when_read(build, project):
    (project / "registry" / "terms.yaml").write_text("- id: x\n  name: [unclosed\n", "utf-8")
    first = build()
    second = build()
    message = f"{project / 'registry' / 'terms.yaml'}:3: WARNING: not valid YAML"
    assert message in first.warning.getvalue()
    assert message in second.warning.getvalue()


def test_search_index_keeps_alias_entries_of_pages_not_rewritten(build, project):
    app = build()
    before = search_index(app.outdir)["indexentries"]
    assert "mek" in before
    article = project / "articles" / "two.md"
    article.write_text(article.read_text() + "\nOne more sentence.\n", encoding="utf-8")
    app, (_read, written) = build(record=True)
    assert "entities/mek" not in written
    assert search_index(app.outdir)["indexentries"] == before


def test_a_mention_whose_entity_has_no_page_is_reported_and_left_unlinked(build, project):
    conf = project / "conf.py"
    conf.write_text(
        conf.read_text(encoding="utf-8") + 'exclude_patterns = ["entities/ali-khamenei.md"]\n',
        encoding="utf-8",
    )
    app = build()
    assert "dossier:entity reference target not found: ali-khamenei" in app.warning.getvalue()
    page = app.outdir / "articles" / "one.html"
    assert "Ali Khamenei" not in [words for words, _href in entity_links(page)]
