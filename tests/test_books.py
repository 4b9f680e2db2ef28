"""Reading offline: the HTML build makes one EPUB per year of publication."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from helpers import epubcheck, normalise, soup

BOOKS = ("test-dossier-2019.epub", "test-dossier-2021.epub")


@pytest.fixture
def project(copy_root) -> Path:
    return copy_root("books")


@pytest.fixture
def built(project: Path, build) -> Path:
    build()
    return project / "_build" / "html"


def _entries(book: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(book) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _xhtml(data: bytes) -> BeautifulSoup:
    return BeautifulSoup(data, "html.parser")


def _article_paragraphs(page: BeautifulSoup) -> list[str]:
    for link in page.select("a.headerlink"):
        link.decompose()
    return [normalise(p.get_text()) for p in page.select("p[id^=p]")]


def _stamps(site: Path) -> dict[str, tuple[bytes, int]]:
    return {
        name: ((site / "books" / name).read_bytes(), (site / "books" / name).stat().st_mtime_ns)
        for name in BOOKS
    }


def test_each_year_is_a_book_that_passes_epubcheck(built):
    assert sorted(p.name for p in (built / "books").iterdir()) == list(BOOKS)
    for name in BOOKS:
        epubcheck(built / "books" / name)
    book = _entries(built / "books" / BOOKS[0])
    opf = book["content.opf"].decode()
    assert "<dc:language>en</dc:language>" in opf
    for feature in ("accessMode", "accessModeSufficient", "accessibilityFeature"):
        assert f'property="schema:{feature}"' in opf
    assert 'property="schema:accessibilitySummary"' in opf
    nav = _xhtml(book["nav.xhtml"])
    assert [a.get_text() for a in nav.select("nav#toc > ol > li > a")] == [
        "About this book",
        "The first article of 2019",
        "The second article of 2019",
        "Names in this book",
    ], "the articles in date order"
    assert [a.get_text() for a in nav.select("nav#toc li li a")] == ["K", "M", "N", "R"]
    assert nav.select("nav#landmarks a")


def test_the_title_page_says_where_each_article_comes_from(built):
    title = _xhtml(_entries(built / "books" / BOOKS[0])["title.xhtml"])
    text = normalise(title.get_text())
    assert "Test Dossier" in text and "Articles of 2019" in text and "2 articles" in text
    assert "Source: Test source one." in text and "Source: Test source two." in text
    assert title.find("a", href="https://news.example/first")


def test_a_chapter_is_the_article_as_its_web_page_shows_it(built):
    chapter = _xhtml(_entries(built / "books" / BOOKS[0])["a-first.xhtml"])
    page = soup(built / "articles" / "first.html")
    assert _article_paragraphs(chapter) == _article_paragraphs(page)
    assert len(_article_paragraphs(chapter)) == 5
    assert chapter.find("h1").get_text() == "The first article of 2019"
    assert chapter.find("h2").get_text() == "A heading of the article"
    assert "The resistance will go on." in chapter.find("blockquote").get_text()
    byline = normalise(chapter.select_one(".dossier-byline").get_text())
    assert "Date: 1 March 2019" in byline and "Source: Test source one." in byline
    notice = normalise(chapter.select_one(".dossier-corrections").get_text())
    assert "Corrected a name in the second paragraph." in notice


def test_web_only_parts_are_left_out_and_links_out_of_the_book_are_words(built):
    chapter = _entries(built / "books" / BOOKS[0])["a-first.xhtml"]
    text = chapter.decode()
    for web_only in ("headerlink", "¶", "BibTeX", "cite/", "dossier-web-only", "<script", "<svg"):
        assert web_only not in text, web_only
    page = _xhtml(chapter)
    hrefs = [a["href"] for a in page.find_all("a", href=True)]
    assert "https://news.example/report" in hrefs, "a link to another site stays"
    assert not [h for h in hrefs if h.endswith(".html")], "no link to a web page of the site"
    assert page.find("a", string="second article")["href"] == "a-second.xhtml", "same book"
    assert "test" in page.select_one(".dossier-tags").get_text(), "a tag's page: its words"
    later = _xhtml(_entries(built / "books" / BOOKS[1])["a-later.xhtml"])
    assert "the first article" in later.get_text()
    assert not later.find("a", string="the first article"), "another year's book: its words"


def test_names_in_this_book_list_the_mentioned_entities_and_link_back(built):
    book = _entries(built / "books" / BOOKS[0])
    files = ["names-k.xhtml", "names-m.xhtml", "names-n.xhtml", "names-r.xhtml"]
    assert sorted(f for f in book if f.startswith("names-")) == files, "A to Z"
    index = _xhtml(book["names.xhtml"])
    assert [a["href"] for a in index.select("p a")] == files
    entries = {dt["id"]: dt for f in files for dt in _xhtml(book[f]).find_all("dt")}
    assert sorted(entries) == [
        "n-ali-khamenei",
        "n-maryam-rajavi",
        "n-mek",
        "n-monafeghin",
        "n-ncri",
    ]
    khamenei = entries["n-ali-khamenei"]
    persian = khamenei.find("span", lang="fa")
    assert persian.get_text() == "علی خامنه‌ای" and persian["dir"] == "rtl"
    said = normalise(khamenei.find_next_sibling("dd").get_text())
    assert "Person: A person named in the test articles." in said
    assert "The first article of 2019 (¶ 2)" in said and "The second article of 2019" in said
    # every link of every page of the book resolves inside the book
    for name, data in book.items():
        if not name.endswith(".xhtml"):
            continue
        for link in _xhtml(data).find_all("a", href=True):
            href = link["href"]
            if href.startswith("https://"):
                continue
            file, _, anchor = href.partition("#")
            target = file or name
            assert target in book, (name, href)
            if anchor:
                assert _xhtml(book[target]).find(id=anchor), (name, href)
    mention = _xhtml(book["a-first.xhtml"]).find("a", string="MEK")
    assert mention["href"] == "names-m.xhtml#n-mek"


def test_the_home_page_lists_each_book(built):
    items = soup(built / "index.html").select(".dossier-books li")
    links = {li.a.get_text(): li.a["href"] for li in items}
    assert links == {"2021": f"books/{BOOKS[1]}", "2019": f"books/{BOOKS[0]}"}
    assert "2 articles, EPUB" in items[1].get_text()
    size = (built / "books" / BOOKS[0]).stat().st_size
    assert f"{round(size / 1000)} kB" in items[1].get_text()
    for li in items:
        assert (built / posixpath.normpath(li.a["href"])).is_file()


def test_a_rebuild_packs_only_the_year_that_changed(project, build, built):
    before = _stamps(built)
    build()
    assert _stamps(built) == before, "no change: no book written"
    later = project / "articles" / "later.md"
    later.write_text(later.read_text("utf-8") + "\nA new paragraph about the MEK.\n", "utf-8")
    build()
    after = _stamps(built)
    assert after[BOOKS[0]] == before[BOOKS[0]], "the 2019 book is left alone"
    assert after[BOOKS[1]][0] != before[BOOKS[1]][0]
    book = _entries(built / "books" / BOOKS[1])
    assert "A new paragraph about the MEK." in _xhtml(book["a-later.xhtml"]).get_text()
    assert 'id="n-mek"' in book["names-m.xhtml"].decode()
    size = (built / "books" / BOOKS[1]).stat().st_size
    listed = soup(built / "index.html").select(".dossier-books li")[0].get_text()
    assert f"{round(size / 1000)} kB" in listed, "the home page shows the new size"


def test_a_year_without_articles_loses_its_book(project, build, built):
    (project / "articles" / "later.md").unlink()
    build()
    assert sorted(p.name for p in (built / "books").iterdir()) == [BOOKS[0]]
    assert len(soup(built / "index.html").select(".dossier-books li")) == 1
