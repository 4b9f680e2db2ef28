"""The dossier as open data: ``data/`` in the built site, a valid Data Package."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import frictionless
import yaml

from conftest import DOCS
from helpers import soup

TABLES = ("entities", "articles", "mentions", "events", "quotations")


def _csv(site: Path, name: str) -> list[dict[str, str]]:
    with (site / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as rows:
        return list(csv.DictReader(rows))


def test_data_package_is_valid_with_its_keys(site):
    report = frictionless.validate(site / "data" / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "type", "note"])
    described = json.loads((site / "data" / "datapackage.json").read_text(encoding="utf-8"))
    paths = sorted(r["path"] for r in described["resources"])
    assert paths == sorted(f"{t}.{ext}" for t in TABLES for ext in ("csv", "json"))


def test_csv_and_json_hold_the_same_rows(site):
    for table in TABLES:
        as_csv = _csv(site, table)
        as_json = json.loads((site / "data" / f"{table}.json").read_text(encoding="utf-8"))
        assert len(as_csv) == len(as_json), table
        assert list(as_csv[0]) == list(as_json[0]), table


def test_every_registry_entry_is_an_entity_row(site):
    ids = {
        entry["id"]
        for path in (DOCS / "registry").glob("*.yaml")
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))
    }
    rows = _csv(site, "entities")
    assert [r["id"] for r in rows] == sorted(ids)
    iran = next(r for r in rows if r["id"] == "iran")
    assert "https://www.wikidata.org/wiki/Q794" in iran["same_as"].split("|")
    assert int(iran["mentions"]) > 0


def test_each_mention_points_at_a_paragraph_that_names_the_entity(site):
    rows = _csv(site, "mentions")
    assert rows
    pages: dict[str, object] = {}
    for row in rows:
        article = row["article"]
        if article not in pages:
            pages[article] = soup(site / "articles" / f"{article}.html")
        paragraph = pages[article].find(id=row["paragraph"])
        assert paragraph is not None, row
    # the matcher found Tehran in the first paragraph of the seed article's text
    first = {r["entity"] for r in rows if r["paragraph"] == "p1"}
    assert "tehran" in first


def test_about_page_links_the_data_and_says_what_may_be_reused(site):
    page = soup(site / "about.html")
    links = {a["href"] for a in page.select(".dossier-dataset a")}
    assert "data/datapackage.json" in links
    assert {f"data/{t}.csv" for t in TABLES} <= links
    for href in links:
        assert (site / href).is_file(), href
    text = " ".join(page.get_text(" ").split())
    assert "may be reused" in text
    assert "belong to their authors and publishers" in text


def test_data_tables_are_made_again_only_after_a_document_changed(make_app, copy_root, monkeypatch):
    """A no-change build does not make the tables again (at 10,000 articles that
    took a minute); an edit does, with the edit in them."""
    from dossier.features import dataset

    project = copy_root("timeline")
    made: list[int] = []
    rows = dataset.rows
    monkeypatch.setattr(dataset, "rows", lambda app: made.append(1) or rows(app))

    def build() -> Path:
        app = make_app("html", srcdir=project, freshenv=False)
        app.build()
        return Path(app.outdir) / "data"

    build()
    assert len(made) == 1
    build()
    assert len(made) == 1
    article = project / "articles" / "one.md"
    article.write_text(
        article.read_text("utf-8").replace("title:", "title: Renamed,", 1), encoding="utf-8"
    )
    folder = build()
    assert len(made) == 2
    assert "Renamed," in (folder / "articles.json").read_text("utf-8")
