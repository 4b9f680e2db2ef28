"""Every page's schema.org data: valid JSON-LD, only schema.org's own terms, and true.

Each page's ``application/ld+json`` block is expanded by pyld against schema.org's
context kept in tests/data/schemaorg (a document loader that never fetches), and
each type and property is looked up in the list of schema.org terms kept beside
it: a misspelt term, or a property on a type it does not apply to, fails.
"""

from __future__ import annotations

import csv
import json
from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from pyld import jsonld

from conftest import DOCS, REPO
from helpers import soup

SCHEMA_DATA = REPO / "tests" / "data" / "schemaorg"
VOCAB = "http://schema.org/"  # what schema.org's context expands to
CONTEXTS = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}
BASE = "https://press-dossier.example/"


def _load_document(url: str, options: dict | None = None) -> dict:
    if url not in CONTEXTS:
        raise jsonld.JsonLdError(f"not kept in the tests: {url}", "loading document failed")
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads((SCHEMA_DATA / "context.jsonld").read_text(encoding="utf-8")),
    }


@cache
def _terms() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(type -> itself and its supertypes, property -> the types it applies to)."""
    types: dict[str, set[str]] = {}
    properties: dict[str, set[str]] = {}
    with (SCHEMA_DATA / "terms.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            related = set(row["supertypes_or_domains"].split())
            if row["kind"] == "type":
                types[row["term"]] = {row["term"], *related}
            else:
                properties[row["term"]] = related
    return types, properties


def blocks(page: Path) -> list[dict]:
    return [
        json.loads(script.string)
        for script in soup(page).find_all("script", type="application/ld+json")
    ]


def page_url(site: Path, page: Path) -> str:
    return urljoin(BASE, page.relative_to(site).as_posix())


def _check_node(node: dict, where: str, problems: list[str]) -> None:
    types, properties = _terms()
    kinds = set()
    for iri in node.get("@type", ()):
        name = iri.removeprefix(VOCAB)
        if name not in types:
            problems.append(f"{where}: type {iri} is not a schema.org type we know")
        else:
            kinds |= types[name]
    for key, values in node.items():
        if key.startswith("@"):
            continue
        name = key.removeprefix(VOCAB)
        if not key.startswith(VOCAB) or name not in properties:
            problems.append(f"{where}: property {key} is not a schema.org property we know")
        elif kinds and not kinds & properties[name]:
            problems.append(f"{where}: {name} does not apply to {sorted(kinds)}")
        for value in values:
            if isinstance(value, dict) and "@value" not in value:
                _check_node(value, f"{where} > {name}", problems)


@pytest.fixture(scope="module")
def expanded(site: Path) -> dict[Path, list]:
    """Each built page's JSON-LD, expanded against schema.org's context."""
    options = {"documentLoader": _load_document}
    return {
        page: [
            jsonld.expand(block, {**options, "base": page_url(site, page)})
            for block in blocks(page)
        ]
        for page in sorted(site.rglob("*.html"))
    }


def test_every_page_has_one_json_ld_block_of_schema_org_terms(site, expanded):
    problems: list[str] = []
    for page, found in expanded.items():
        where = page.relative_to(site).as_posix()
        if len(found) != 1:
            problems.append(f"{where}: {len(found)} JSON-LD blocks")
        for block in found:
            for node in block:
                _check_node(node, where, problems)
    assert not problems, "\n".join(problems)


def _node(expanded_block: list) -> dict:
    (node,) = expanded_block
    return node


def _value(node: dict, name: str) -> list:
    return [v.get("@value", v.get("@id")) for v in node.get(VOCAB + name, [])]


def test_article_says_what_it_is_and_mentions_each_entity_page(site, expanded):
    page = site / "articles" / "mek-nuisance-or-threat.html"
    node = _node(expanded[page][0])
    assert node["@type"] == [VOCAB + "Article"]
    assert _value(node, "headline") == [
        "The Mujahedin-e Khalq (MEK): a nuisance or a threat to the regime in Iran?"
    ]
    assert _value(node, "datePublished") == ["2020"]  # the year alone: all the source gives
    assert _value(node, "inLanguage") == ["en"]
    assert VOCAB + "author" not in node  # the source names no author
    mentioned = set(_value(node, "mentions"))
    linked = {
        urljoin(page_url(site, page), a["href"])
        for a in soup(page).select("a.dossier-link")
        if "/entities/" in urljoin(page_url(site, page), a["href"])
    }
    assert linked
    assert linked <= mentioned
    for url in mentioned:  # every one is a built entity page
        assert (site / url.removeprefix(BASE)).is_file(), url


def test_entity_pages_are_typed_and_linked_to_wikidata_as_the_registry_says(site, expanded):
    entries = {
        entry["id"]: (path.stem, entry)
        for path in (DOCS / "registry").glob("*.yaml")
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))
    }
    kinds = {
        "people": "Person",
        "organizations": "Organization",
        "outlets": "NewsMediaOrganization",
        "places": "Place",
        "works": "CreativeWork",
        "terms": "DefinedTerm",
    }
    with_same_as = 0
    for entity_id, (stem, entry) in entries.items():
        page = site / "entities" / f"{entity_id}.html"
        node = _node(expanded[page][0])
        assert node["@type"] == [VOCAB + kinds[stem]], entity_id
        assert _value(node, "name") == [entry["name"]]
        assert set(_value(node, "sameAs")) == set(entry.get("same_as", ()))
        with_same_as += bool(entry.get("same_as"))
    assert with_same_as >= 8
    iran = _node(expanded[site / "entities" / "iran.html"][0])
    assert "https://www.wikidata.org/wiki/Q794" in _value(iran, "sameAs")


def test_home_page_is_the_web_site_with_its_search(site, expanded):
    node = _node(expanded[site / "index.html"][0])
    assert node["@type"] == [VOCAB + "WebSite"]
    (action,) = node[VOCAB + "potentialAction"]
    assert action["@type"] == [VOCAB + "SearchAction"]
    (target,) = action[VOCAB + "target"]
    (template,) = _value(target, "urlTemplate")
    assert template == BASE + "search.html?q={search_term_string}"


def test_json_ld_needs_no_hash_in_the_content_security_policy(site):
    """A JSON-LD block is data, never run: the policy lists no hash for it."""
    page = soup(site / "articles" / "mek-nuisance-or-threat.html")
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    scripts = page.find_all("script", src=False)
    data = [s for s in scripts if s.get("type") == "application/ld+json"]
    run = [s for s in scripts if s.get("type") != "application/ld+json"]
    assert data
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert script_src.count("'sha256-") == len({s.string for s in run})
