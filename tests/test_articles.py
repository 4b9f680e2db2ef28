"""Article front matter, bylines and the home-page article list (test root 'articles')."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dossier.sources.dates import format_date
from helpers import build_recording, normalise, soup

ROOTS = Path(__file__).parent / "roots"


@pytest.fixture
def articles_app(make_app, tmp_path):
    """A private copy of the 'articles' root, so tests may edit its sources."""
    srcdir = tmp_path / "articles"
    shutil.copytree(ROOTS / "test-articles", srcdir)
    return lambda: make_app("html", srcdir=srcdir, freshenv=False)


def titles(outdir: Path) -> list[str]:
    page = soup(outdir / "list.html")
    return [a.get_text() for a in page.select("ul.dossier-article-list .dossier-article-title a")]


@pytest.mark.parametrize(
    ("iso", "shown"),
    [("2020", "2020"), ("2020-07", "July 2020"), ("2021-05-04", "4 May 2021")],
)
def test_dates_show_at_the_precision_given(iso, shown):
    assert format_date(iso) == shown


def test_article_list_is_newest_first_then_by_title(articles_app):
    app = articles_app()
    app.build()
    assert titles(app.outdir) == ["A newer article", "An older article", "Beta in 2019"]
    item = soup(app.outdir / "list.html").select("ul.dossier-article-list > li")[0]
    assert normalise(item.get_text(" ")) == (
        "A newer article 4 May 2021 · 1 min read The newer one. Tags: a , b"
    )


def test_byline_shows_date_and_source(articles_app):
    app = articles_app()
    app.build()
    byline = soup(app.outdir / "articles" / "older.html").select_one(".dossier-byline")
    assert normalise(byline.get_text(" ")) == (
        "Date: March 2019 Source: Test source one. Reading time: 1 min read Tags: a"
    )
    assert byline.select_one(".dossier-tags a")["href"] == "../tags/a.html"


def test_a_list_of_the_newest_shows_them_and_says_how_many_there_are(articles_app, tmp_path):
    latest = tmp_path / "articles" / "latest.md"
    latest.write_text("# Latest\n\n```{article-list}\n:newest: 2\n```\n", "utf-8")
    app = articles_app()
    app.build()
    page = soup(app.outdir / "latest.html")
    shown = [a.get_text() for a in page.select(".dossier-article-title a")]
    assert shown == ["A newer article", "An older article"]
    assert normalise(page.select_one(".dossier-list-note").get_text()) == (
        "The 2 newest of 3 articles."
    )
    # Editing the article left out leaves the list as it is.
    older = tmp_path / "articles" / "articles" / "same-year-b.md"
    older.write_text(older.read_text("utf-8").replace("sorts by title", "by title"), "utf-8")
    _read, written = build_recording(articles_app())
    assert "latest" not in written and "list" in written


def test_bad_front_matter_is_a_warning_with_file_line_and_fix(articles_app, tmp_path):
    bad = tmp_path / "articles" / "articles" / "bad.md"
    bad.write_text(
        "---\ntitle: Bad\ndate: 2020-13\nsummary: s\ntags: []\nsource: s\n---\n\nText.\n",
        encoding="utf-8",
    )
    app = articles_app()
    app.build()
    warnings = app.warning.getvalue()
    assert (f"{bad}:3: WARNING: 'date': '2020-13' does not match") in warnings
    assert "(fix: write the date as YYYY, YYYY-MM or YYYY-MM-DD, in quotes)" in warnings
    assert "[dossier.frontmatter]" in warnings
    assert "Bad" not in titles(app.outdir)


def test_rebuilds_touch_only_what_changed(articles_app, tmp_path):
    app = articles_app()
    build_recording(app)
    home = app.outdir / "list.html"

    assert build_recording(articles_app()) == ([], [])

    source = tmp_path / "articles" / "articles" / "newer.md"
    source.write_text(source.read_text().replace("The newer one.", "Rewritten."), "utf-8")
    assert build_recording(articles_app()) == (
        ["articles/newer"],
        ["articles/newer", "index", "list", "tags/a", "tags/b"],
    )
    assert "Rewritten." in home.read_text()

    # Sphinx itself rewrites 'index', whose toctree lists the re-read page; the
    # article list's inputs did not change, so 'list' is not rewritten.
    source.write_text(source.read_text() + "\nA new paragraph.\n", "utf-8")
    assert build_recording(articles_app()) == (["articles/newer"], ["articles/newer", "index"])


def test_a_deleted_article_leaves_the_home_page_list(copy_root, make_app):
    project = copy_root("articles")
    make_app("html", srcdir=project, freshenv=False).build()
    home = project / "_build" / "html" / "index.html"
    assert "articles/older.html" in home.read_text("utf-8")
    (project / "articles" / "older.md").unlink()
    make_app("html", srcdir=project, freshenv=False).build()
    assert "articles/older.html" not in home.read_text("utf-8")
