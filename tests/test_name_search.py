"""Names however spelled: spelling keys, native names, foreign words, the names index.

The search page's behaviour is tested in Chromium (tests/browser/test_name_search.py);
here what the build writes for it, and what entity and article pages show.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.features.name_search import entity_keys, names_index
from dossier.sources import registry as registry_module
from dossier.sources import spelling
from helpers import search_index, soup

REPO = Path(__file__).resolve().parent.parent
CASES = json.loads((REPO / "tests" / "data" / "spelling.json").read_text("utf-8"))["cases"]
REGISTRY = registry_module.load(REPO / "docs" / "registry")
FOREIGN_WORDS = ("monafeghin", "pasdaran", "basij", "elteghat")


@pytest.mark.parametrize("case", CASES, ids=[case["text"] for case in CASES])
def test_python_gives_the_spelling_keys_of_the_table(case):
    assert spelling.latin_key(case["text"]) == case["latin"]
    assert spelling.persian_key(case["text"]) == case["persian"]
    assert spelling.key(case["text"]) == case["key"]
    assert spelling.searchable(case["text"]) == case["searchable"]


def test_romanizations_and_letter_forms_share_a_key():
    for group in (
        ("Mosaddegh", "Mossadegh", "Mosaddeq"),
        ("Mojahedin-e Khalq", "Mujahideen-e-Khalq", "Mujahedin Khalq"),
        ("Massoud Rajavi", "Masud Rajavy", "Mas'ud Radjavi"),
        ("علی خامنه‌ای", "علي خامنه اي", "عَلی خامِنه‌ای", "علـی خامنـه‌ای"),
    ):
        assert len({spelling.key(name) for name in group}) == 1, group
    assert spelling.key("Rajabi") != spelling.key("Rajavi")


def test_a_person_is_found_by_names_native_names_and_last_names():
    keys = entity_keys(REGISTRY.entities["massoud-rajavi"])
    assert keys == {"masudrajavi", "rajavi", "مسعودرجوی", "رجوی"}
    # Not the last word of an organization's name.
    assert "university" not in {k for k in entity_keys(REGISTRY.entities["sharif-university"])}


def test_the_names_index_is_filed_by_script_and_key_length():
    pages = {entity_id: entity_id for entity_id in REGISTRY.entities}
    index = names_index(REGISTRY, pages)
    assert index["l7"]["musadiq"] == "mohammad-mosaddegh"
    assert index["l6"]["rajavi"] == "maryam-rajavi massoud-rajavi"
    assert index["f9"]["مسعودرجوی"] == "massoud-rajavi"
    for shard, keys in index.items():
        assert all(shard == f"{'f' if spelling.is_persian(k) else 'l'}{len(k)}" for k in keys)


def _names_files(site: Path) -> dict[str, dict[str, str]]:
    table = json.loads(soup(site / "search.html").select_one("script#dossier-names").string)
    found = {}
    for shard, name in table["shards"].items():
        text = (site / "_search" / name).read_text("utf-8")
        shard_named, keys = json.loads("[" + text[len("DossierSearch.addNames(") : -1] + "]")
        assert shard_named == shard
        found[shard] = keys
    return found


def test_the_site_writes_the_names_index_the_search_page_names(site):
    files = _names_files(site)
    assert files["l7"]["musadiq"] == "mohammad-mosaddegh"
    assert files["f4"]["بسیج"] == "basij"
    written = {p.name for p in (site / "_search").glob("names-*.js")}
    table = json.loads(soup(site / "search.html").select_one("script#dossier-names").string)
    assert written == set(table["shards"].values())
    assert table["dir"] == "entities/"


def test_persian_words_are_filed_whole_and_in_one_letter_form(site):
    terms = search_index(site)["terms"]
    assert "خامنهای" in terms  # written with a zero-width non-joiner
    assert "خامنه" not in terms


NATIVE = {
    "ali-khamenei": "علی خامنه‌ای",
    "ruhollah-khomeini": "روح‌الله خمینی",
    "massoud-rajavi": "مسعود رجوی",
    "maryam-rajavi": "مریم رجوی",
    "hassan-rouhani": "حسن روحانی",
    "tehran": "تهران",
    "isfahan": "اصفهان",
    "mek": "سازمان مجاهدین خلق ایران",
    "irgc": "سپاه پاسداران انقلاب اسلامی",
    "monafeghin": "منافقین",
}


@pytest.mark.parametrize("entity_id", NATIVE)
def test_an_entity_page_shows_its_native_name_in_persian_right_to_left(site, entity_id):
    para = soup(site / "entities" / f"{entity_id}.html").select_one("p.dossier-native")
    assert para is not None
    assert para.get_text().startswith("In Persian: ")
    name = para.select_one("span")
    assert (name.get("lang"), name.get("dir"), name.get_text()) == ("fa", "rtl", NATIVE[entity_id])


def test_every_native_name_is_in_persian_script():
    for entity in REGISTRY.entities.values():
        for language, name in entity.native:
            assert language == "fa"
            assert all(spelling.is_persian(word) for word in name.split()), (entity.id, name)


def test_foreign_words_are_marked_as_persian_in_latin_letters_where_linked(site):
    page = soup(site / "articles" / "mek-nuisance-or-threat.html")
    langs = {}
    for words in page.select("a.dossier-link > .dossier-entity"):
        href = words.parent["href"]  # a term's link goes to its glossary entry
        entity = href.split("#term-")[1] if "#term-" in href else href.rsplit("/")[-1][:-5]
        langs[entity] = words.get("lang")
    for word in FOREIGN_WORDS:
        assert langs.get(word) == "fa-Latn", (word, langs.get(word))
    assert langs.get("ali-khamenei") is None
    assert langs.get("persian") is None


def test_names_the_article_uses_for_the_protests_and_parliament_have_entries(site):
    page = soup(site / "articles" / "mek-nuisance-or-threat.html")
    linked = {a.get_text() for a in page.select("a.dossier-link")}
    assert {"sedition", "MPs"} <= linked
    for entity_id in ("sedition", "mp", "european-union"):
        assert (site / "entities" / f"{entity_id}.html").is_file()
        description = REGISTRY.entities[entity_id].description
        assert "article" in description


@pytest.fixture
def project(copy_root):
    return copy_root("entities")


def test_a_native_name_and_a_language_added_later_reach_their_pages(build, project):
    """Adding ``native`` and ``lang`` to a term rewrites its page, the glossary
    and the articles that link it, and nothing is left stale."""
    build()
    terms = project / "registry" / "terms.yaml"
    terms.write_text(
        terms.read_text("utf-8").replace(
            "  name: monafeghin\n", "  name: monafeghin\n  native: {fa: منافقين}\n  lang: fa-Latn\n"
        ),
        "utf-8",
    )
    app, (read, _written) = build(record=True)
    warnings = [w for w in app.warning.getvalue().splitlines() if "already registered" not in w]
    assert warnings == []
    assert {"articles/one", "entities/monafeghin", "glossary"} <= set(read)
    for page in (app.outdir / "entities" / "monafeghin.html", app.outdir / "glossary.html"):
        name = soup(page).select_one("p.dossier-native span")
        assert (name["lang"], name["dir"], name.get_text()) == ("fa", "rtl", "منافقين")
    linked = soup(app.outdir / "articles" / "one.html").select_one(
        "a[href$='#term-monafeghin'] .dossier-entity"
    )
    assert linked["lang"] == "fa-Latn"
    names = _names_files(app.outdir)
    assert names["f7"]["منافقین"] == "monafeghin"  # the Arabic yeh filed as Persian


def test_the_glossary_shows_a_terms_native_name(site):
    entry = soup(site / "glossary.html").select_one("#term-monafeghin").find_next("dd")
    name = entry.select_one("p.dossier-native span")
    assert (name["lang"], name["dir"], name.get_text()) == ("fa", "rtl", "منافقین")
