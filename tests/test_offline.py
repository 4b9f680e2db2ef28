"""Reading offline and elsewhere: the books, the feed, the sitemap, the 404 page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from helpers import epubcheck, soup

ATOM = "{http://www.w3.org/2005/Atom}"


def test_the_seed_sites_book_passes_epubcheck(site):
    epubcheck(site / "books" / "press-dossier-2020.epub")


def test_home_page_offers_the_books_and_the_feed(site):
    links = {
        a.get_text(): a["href"] for a in soup(site / "index.html").select(".dossier-downloads a")
    }
    assert links == {"Atom feed": "atom.xml"}
    books = {a.get_text(): a["href"] for a in soup(site / "index.html").select(".dossier-books a")}
    assert books == {"2020": "books/press-dossier-2020.epub"}
    assert (site / "books" / "press-dossier-2020.epub").stat().st_size > 10_000


def test_atom_feed_lists_the_articles_newest_first(site):
    feed = ET.parse(site / "atom.xml").getroot()
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [
        "The Mujahedin-e Khalq (MEK): a nuisance or a threat to the regime in Iran?"
    ]
    assert (
        entries[0].find(f"{ATOM}link").get("href").endswith("/articles/mek-nuisance-or-threat.html")
    )
    head = soup(site / "about.html").find("link", type="application/atom+xml")
    assert head["href"] == "atom.xml"


def test_sitemap_lists_pages_but_not_the_404_or_search_page(site):
    urls = [
        loc.text
        for loc in ET.parse(site / "sitemap.xml")
        .getroot()
        .iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    ]
    assert any(u.endswith("/articles/mek-nuisance-or-threat.html") for u in urls)
    assert any(u.endswith("/entities/ali-khamenei.html") for u in urls)
    assert not [u for u in urls if u.endswith(("/404.html", "/search.html"))]
    # each year of the timeline and of the quotations is a page of its own
    for kind in ("timeline", "quotations"):
        years = sorted(page.name for page in (site / kind).glob("*.html"))
        assert years, kind
        listed = sorted(u.rpartition("/")[2] for u in urls if f"/{kind}/" in u)
        assert listed == years, kind


def _sitemap(outdir: Path) -> list[str]:
    root = ET.parse(outdir / "sitemap.xml").getroot()
    return sorted(loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"))


def _with_sitemap(project: Path) -> Path:
    conf = project / "conf.py"
    conf.write_text(
        conf.read_text("utf-8").replace('"dossier"]', '"dossier", "sphinx_sitemap"]')
        + 'html_baseurl = "https://example.org/"\n',
        "utf-8",
    )
    return project


def test_the_sitemap_still_lists_every_page_after_an_incremental_build(copy_root, make_app):
    project = _with_sitemap(copy_root("articles"))
    make_app("html", srcdir=project, freshenv=False).build()
    before = _sitemap(project / "_build" / "html")
    assert any(url.endswith("/articles/older.html") for url in before), before
    article = next((project / "articles").glob("*.md"))
    article.write_text(article.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    make_app("html", srcdir=project, freshenv=False).build()
    assert _sitemap(project / "_build" / "html") == before
    article.write_text(article.read_text("utf-8") + "\nAnd one more.\n", "utf-8")
    make_app("html", srcdir=project, freshenv=False, parallel=2).build()
    assert _sitemap(project / "_build" / "html") == before, "each page once, also with -j 2"


def test_every_page_has_opengraph_text_and_no_image(site):
    for name in ("index.html", "articles/mek-nuisance-or-threat.html", "timeline.html"):
        page = soup(site / name)
        assert page.find("meta", property="og:title")
        assert page.find("meta", property="og:description")
        assert page.find("meta", property="og:image") is None
    article = soup(site / "articles/mek-nuisance-or-threat.html")
    assert article.find("meta", property="og:type")["content"] == "article"
    assert article.find("meta", attrs={"name": "description"})["content"].startswith(
        "An opinion article"
    )


def test_404_page_uses_links_from_the_site_root(site):
    page = soup(site / "404.html")
    assert page.find("h1").get_text() == "Page not found"
    stylesheets = [link["href"] for link in page.find_all("link", rel="stylesheet")]
    assert stylesheets and all(href.startswith("/_static/") for href in stylesheets)


def test_tag_pages_and_archive_list_the_article(site):
    tag = soup(site / "tags" / "iran.html")
    assert tag.select_one(".dossier-article-title a")["href"] == (
        "../articles/mek-nuisance-or-threat.html"
    )
    archive = soup(site / "archive.html")
    assert archive.select_one("#year-2020 li a")["href"] == "articles/mek-nuisance-or-threat.html"
    tags = [a.get_text() for a in soup(site / "tags.html").select(".dossier-tag-index a")]
    assert tags == ["Iran", "Mujahedin-e Khalq", "opposition movements", "protests", "state media"]


def test_a_description_cut_inside_a_character_reference_is_repaired():
    from dossier.web.descriptions import _CUT_REFERENCE

    cut = '<meta property="og:description" content="Events: 5 February 2019 — L&#x27..." />'
    assert _CUT_REFERENCE.sub('..."', cut) == (
        '<meta property="og:description" content="Events: 5 February 2019 — L..." />'
    )


def test_entity_pages_are_described_by_their_entry(site):
    page = soup(site / "entities" / "l-opinion.html")
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("Outlet: ")


def test_a_preview_rewrites_the_sitemap_only_when_the_pages_change(copy_root, tmp_path):
    """``dossier serve`` leaves ``sitemap.xml`` as it is after an edit that adds
    or removes no page, and lists a new page and drops a removed one."""
    from dossier.tools.serve import ResidentSite

    project = _with_sitemap(copy_root("articles"))
    site = ResidentSite(project, project, tmp_path / "html", tmp_path / "doctrees")
    site.build()
    sitemap = site.outdir / "sitemap.xml"
    before, made = _sitemap(site.outdir), sitemap.stat().st_mtime_ns
    article = project / "articles" / "older.md"
    article.write_text(article.read_text("utf-8") + "\nOne more sentence.\n", "utf-8")
    site.build([article])
    assert sitemap.stat().st_mtime_ns == made and _sitemap(site.outdir) == before
    added = project / "articles" / "added.md"
    added.write_text(article.read_text("utf-8").replace("title:", "title: Added,"), "utf-8")
    site.build([added])
    assert _sitemap(site.outdir) == sorted([*before, "https://example.org/en/articles/added.html"])
    article.unlink()
    site.build([article])
    assert "https://example.org/en/articles/older.html" not in _sitemap(site.outdir)
