"""Citing: "Cite this article", its reference files, paragraph permalinks, quotations."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
from citeproc.source.json import CiteProcJSON

from dossier.features import citations
from dossier.store.domain import Article
from helpers import soup

SEED = "mek-nuisance-or-threat"
TITLE = "The Mujahedin-e Khalq (MEK): a nuisance or a threat to the regime in Iran?"


def test_article_page_has_its_reference_and_the_files_to_download(site):
    page = soup(site / "articles" / f"{SEED}.html")
    section = page.find("section", id="cite")
    assert section.find("h2").get_text().startswith("Cite this article")
    reference = " ".join(section.select_one("p.dossier-reference").get_text().split())
    assert reference == (
        f"“{TITLE}” 2020. Republished in Press Dossier. "
        f"https://press-dossier.example/articles/{SEED}.html."
    )
    links = {a.get_text(): a["href"] for a in section.select("p.dossier-cite-files a")}
    assert links == {"BibTeX": f"../cite/{SEED}.bib", "CSL-JSON": f"../cite/{SEED}.json"}
    (item,) = json.loads((site / "cite" / f"{SEED}.json").read_text(encoding="utf-8"))
    assert item["title"] == TITLE
    assert item["issued"] == {"date-parts": [[2020]]}
    # the downloaded CSL-JSON gives the same reference in any CSL processor
    bibliography = CitationStylesBibliography(
        citations._style(), CiteProcJSON([item]), formatter.plain
    )
    bibliography.register(Citation([CitationItem(item["id"])]))
    assert TITLE in str(bibliography.bibliography()[0])
    bib = (site / "cite" / f"{SEED}.bib").read_text(encoding="utf-8")
    assert bib.startswith(f"@misc{{{SEED},\n")
    assert f"  title = {{{{{TITLE}}}}},\n" in bib
    assert "  year = {2020},\n" in bib


def test_every_article_paragraph_has_a_permalink_to_itself(site):
    page = soup(site / "articles" / f"{SEED}.html")
    paragraphs = page.find_all("p", id=re.compile(r"^p\d+$"))
    assert len(paragraphs) > 50
    for paragraph in paragraphs:
        link = paragraph.find("a", class_="headerlink", recursive=False)
        assert link is not None and link["href"] == f"#{paragraph['id']}", paragraph["id"]
        assert link.get_text() == "¶"


def test_each_quotation_links_to_its_paragraph_and_to_its_citation(site):
    article = soup(site / "articles" / f"{SEED}.html")
    for name in ("quotations/2020.html", "entities/ali-khamenei.html"):
        page = soup(site / name)
        items = page.select("li.dossier-quotation")
        assert items, name
        for item in items:
            to_paragraph, cite = item.find_all("a", href=re.compile(r"articles/"))
            anchor = to_paragraph["href"].rpartition("#")[2]
            assert article.find("p", id=anchor) is not None, (name, anchor)
            assert f"¶ {anchor[1:]};" in item.get_text()
            assert cite.get_text() == "cite"
            assert cite["href"].endswith(f"articles/{SEED}.html#cite")


def _article(**fields) -> Article:
    values = {
        "docname": "articles/x",
        "title": "Fish & chips: 100% {true}?",
        "date": "2020-07",
        "summary": "s",
        "tags": (),
        "source": "s",
        "minutes": 1,
    }
    return Article(**{**values, **fields})


APP = SimpleNamespace(
    builder=SimpleNamespace(get_target_uri=lambda docname: docname + ".html"),
    config=SimpleNamespace(html_baseurl="https://example.org/", project="Press Dossier"),
)


def test_reference_names_authors_and_publisher_as_the_source_does():
    item = citations.csl_item(
        APP,
        _article(authors=("Jane Doe", "John Roe"), publisher="The Outlet", date="2020-07-05"),
    )
    assert citations.formatted(item, html=False) == (
        "Jane Doe and John Roe. 2020. “Fish & chips: 100% {true}?” The Outlet, July 5. "
        "Republished in Press Dossier. https://example.org/articles/x.html."
    )
    assert "Fish &amp; chips" in citations.formatted(item)


def test_bibtex_escapes_what_latex_would_read_as_commands():
    bib = citations.bibtex(citations.csl_item(APP, _article(authors=("Jane Doe",))))
    assert "  title = {{Fish \\& chips: 100\\% \\{true\\}?}},\n" in bib
    assert "  author = {{Jane Doe}},\n" in bib
    assert "  date = {2020-07},\n" in bib


def test_csl_style_kept_in_the_project_carries_its_licence():
    root = ET.parse(citations.STYLE).getroot()
    rights = root.find(
        "{http://purl.org/net/xbiblio/csl}info/{http://purl.org/net/xbiblio/csl}rights"
    )
    assert rights.get("license") == "http://creativecommons.org/licenses/by-sa/3.0/"


def test_reference_files_follow_an_edit_and_a_new_site_address(copy_root, make_app):
    """A rebuild makes again the reference files of the articles it read, and
    every one when the site's address changes (which every reference holds)."""
    project = copy_root("books")
    make_app("html", srcdir=project, freshenv=False).build()
    article = project / "articles" / "first.md"
    article.write_text(
        article.read_text("utf-8").replace("The first article of 2019", "A retitled article"),
        "utf-8",
    )
    app = make_app("html", srcdir=project, freshenv=False)
    app.build()
    cite = Path(app.outdir) / "cite"
    assert "title = {{A retitled article}}" in (cite / "first.bib").read_text("utf-8")
    moved = "https://moved.example/site/"
    app = make_app("html", srcdir=project, freshenv=False, confoverrides={"html_baseurl": moved})
    app.build()
    files = sorted(cite.glob("*.json"))
    assert len(files) > 1
    for path in files:
        (item,) = json.loads(path.read_text("utf-8"))
        assert item["URL"].startswith(moved), path.name
