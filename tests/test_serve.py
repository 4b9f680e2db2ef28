"""`dossier serve`: one Sphinx kept in memory, rebuilt in place, pages that reload."""

from __future__ import annotations

import pickle
import time
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from dossier.tools.serve import RELOADER, STATE, ResidentSite
from helpers import build_recording, fetch, running_preview, search_index, soup

if TYPE_CHECKING:
    from collections.abc import Iterable


@pytest.fixture
def project(copy_root):
    return copy_root("entities")


def test_a_rebuild_in_place_picks_up_articles_and_the_registry(project, tmp_path):
    site = ResidentSite(project, project, tmp_path / "html", tmp_path / "doctrees")
    site.build()
    before = search_index(site.outdir)
    article = project / "articles" / "two.md"
    article.write_text(article.read_text("utf-8") + "\nZanzibarite.\n", "utf-8")
    registry = project / "registry" / "organizations.yaml"
    registry.write_text(registry.read_text("utf-8").replace("A council in", "A body in"), "utf-8")
    site.build()
    assert site.builds == 2
    assert "Zanzibarite." in (site.outdir / "articles" / "two.html").read_text("utf-8")
    assert "A body in" in (site.outdir / "entities" / "ncri.html").read_text("utf-8")
    after = search_index(site.outdir)
    for new_word in ("zanzibarit", "bodi"):
        del after["terms"][new_word]
    assert after["terms"] == before["terms"], "the index kept in memory lost no page's words"


def test_the_index_kept_between_builds_is_the_one_a_fresh_build_writes(project, tmp_path):
    """Pruned and frozen word by word (kept_index), the index after several
    edits (a new section, changed and removed words, a deleted and a new
    article) equals the one a fresh build of the same sources writes."""
    site = ResidentSite(project, project, tmp_path / "html", tmp_path / "doctrees")
    site.build()
    two = project / "articles" / "two.md"
    text = two.read_text("utf-8")
    edits = [
        lambda: two.write_text(text.replace("again", "anew") + "\n## Quokka habits\n", "utf-8"),
        lambda: two.write_text(text + "\nOnly the Quokka.\n", "utf-8"),
        lambda: two.write_text(text + "\nZanzibarite.\n", "utf-8"),
        lambda: (project / "articles" / "one.md").unlink(),
        lambda: (project / "articles" / "three.md").write_text(
            text.replace("Article two", "Article three") + "\nOkapi tracks.\n", "utf-8"
        ),
    ]
    for number, edit in enumerate(edits):
        edit()
        site.build()
        fresh = tmp_path / f"fresh-{number}"
        ResidentSite(project, project, fresh / "html", fresh / "doctrees").build()
        kept, written = search_index(site.outdir), search_index(fresh / "html")
        for words in (kept["terms"], kept["titleterms"]):
            # Sphinx keeps a word no page has any more, with no pages.
            for word in [word for word, pages in words.items() if pages == []]:
                del words[word]
        assert kept == written, f"after edit {number}"


def _main_contents(outdir: Path, pages: Iterable[str] | None = None) -> dict[str, str]:
    """Each page's main content (navigation aside), by its path."""
    if pages is None:
        pages = [str(page.relative_to(outdir)) for page in outdir.rglob("*.html")]
    return {
        page: str(soup(outdir / page).find(attrs={"role": "main"}))
        for page in sorted(pages)
        if not page.startswith(("genindex", "search", "404"))
    }


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


# Per test root: edits to its articles, each (article, old text, new text), or an
# article to delete.
EDITS = {
    "articles": [
        ("older", "First paragraph", "The first paragraph"),
        ("older", 'date: "2019-03"', 'date: "2022-01"'),
        ("newer", "tags: [a, b]", "tags: [b]"),
        ("newer", "title: A newer article", "title: A renamed article"),
        ("same-year-b",),
    ],
    "timeline": [
        ("two", "Rouhani protested", "Rouhani and Khamenei protested"),
        ("one", ":::{event} 1981-05-02", ":::{event} 2019-05-02"),
        ("one", "{quote}`“Not at all.” <ali-khamenei>`", "“Not at all.”"),
        ("two", "title: Article two", "title: Article 2"),
        ("two",),
    ],
    "entities": [
        ("two", "again together.", "again together with the NCRI."),
        ("two", "again together", "apart"),
        ("one", "tags: [test]", "tags: [test, more]"),
        ("one",),
    ],
}


@pytest.mark.parametrize("root", EDITS)
def test_pages_rewritten_between_builds_are_the_ones_a_fresh_build_writes(
    root, copy_root, tmp_path
):
    """The lists gathered from all articles (entity pages and listings, the
    timeline, quotations, lists of articles) are kept and redone only where an
    edit feeds them: after each edit every page reads as in a fresh build."""
    project = copy_root(root)
    site = ResidentSite(project, project, tmp_path / "html", tmp_path / "doctrees")
    site.build()
    for number, (name, *change) in enumerate(EDITS[root]):
        article = project / "articles" / f"{name}.md"
        _edit(article, *change) if change else article.unlink()
        time.sleep(0.01)
        site.build()
        fresh = tmp_path / f"fresh-{number}"
        ResidentSite(project, project, fresh / "html", fresh / "doctrees").build()
        written = _main_contents(fresh / "html")  # a page whose source is gone stays
        assert _main_contents(site.outdir, written) == written, f"after edit {number}"
        assert "None" not in written.values()


def test_a_rebuild_told_what_changed_skips_the_scan_only_for_known_documents(project, tmp_path):
    site = ResidentSite(project, project, tmp_path / "html", tmp_path / "doctrees")
    read: list[list[str]] = []
    site.app.connect("env-before-read-docs", lambda _app, _env, names: read.append(list(names)))
    site.build()
    scans: list[str] = []
    find_files = site.app.env.find_files
    site.app.env.__class__.find_files = lambda env, *args: scans.append("scan") or find_files(*args)
    two = project / "articles" / "two.md"
    two.write_text(two.read_text("utf-8") + "\nZanzibarite and Quokka.\n", "utf-8")
    site.build([two])
    assert (read[-1], scans) == (["articles/two"], []), "the known article alone, no scan"
    assert "Zanzibarite" in (site.outdir / "articles" / "two.html").read_text("utf-8")
    three = project / "articles" / "three.md"
    three.write_text(two.read_text("utf-8").replace("Article two", "Article three"), "utf-8")
    site.build([three])
    assert scans == ["scan"] and "articles/three" in read[-1], "a new file: Sphinx's own scan"
    assert (site.outdir / "articles" / "three.html").is_file()
    assert "Article three" in (site.outdir / "articles" / "three.html").read_text("utf-8")


def test_the_environment_is_saved_after_the_build_for_the_next_sphinx_build(project, tmp_path):
    """Sphinx pickles a stub in the middle of a resident build; ``save``, run
    once the pages are out, writes the real environment, and the next Sphinx
    on the same sources then reads and writes nothing."""
    folders = (tmp_path / "html", tmp_path / "doctrees")
    site = ResidentSite(project, project, *folders)
    site.build()
    stub = (tmp_path / "doctrees" / "environment.pickle").read_bytes()
    with pytest.raises(ValueError, match="kept in memory by dossier serve"):
        pickle.loads(stub)
    assert site.save() > 0
    assert site.save() == 0, "nothing new to save"
    assert not list((tmp_path / "doctrees").glob("*.partial"))
    later = ResidentSite(project, project, *folders)
    assert build_recording(later.app) == ([], [])


def test_a_preview_that_stops_unsaved_leaves_the_last_saved_environment(project, tmp_path):
    """After an edit the preview does not save (10 s at 10,000 articles): the
    environment on disk stays the one last saved, whole, and the next Sphinx
    reads again only what was edited since."""
    folders = (tmp_path / "html", tmp_path / "doctrees")
    site = ResidentSite(project, project, *folders)
    site.build()
    site.save()
    two = project / "articles" / "two.md"
    two.write_text(two.read_text("utf-8") + "\nA sentence added in the preview.\n", "utf-8")
    site.build([two])
    pickle.loads((tmp_path / "doctrees" / "environment.pickle").read_bytes())  # not the stub
    later = ResidentSite(project, project, *folders)
    read, _written = build_recording(later.app)
    assert read == ["articles/two"]
    assert "added in the preview" in (folders[0] / "articles" / "two.html").read_text("utf-8")


def test_the_preview_serves_on_localhost_and_rebuilds_when_an_article_changes(project, tmp_path):
    with running_preview(project, tmp_path) as (address, output):
        page = fetch(address + "articles/two.html")
        assert f'<script src="{RELOADER}" defer></script></body>' in page
        assert fetch(address + RELOADER.lstrip("/")).startswith("/* dossier serve")
        assert fetch(address + STATE.lstrip("/")) == "1"
        article = project / "articles" / "two.md"
        article.write_text(article.read_text("utf-8") + "\nA new closing line.\n", "utf-8")
        deadline = time.monotonic() + 30
        while fetch(address + STATE.lstrip("/")) == "1":
            assert time.monotonic() < deadline, "no rebuild within 30 s"
            time.sleep(0.2)
        assert "A new closing line." in fetch(address + "articles/two.html")
        assert output.readline().startswith("rebuilt in")


def test_a_fresh_import_is_previewed_at_once_marked_as_a_draft(project, tmp_path):
    site = ResidentSite(project, project, tmp_path / "html", tmp_path / "doctrees")
    site.build()
    draft = project / "articles" / "three.md"
    draft.write_text(
        '---\ntitle: "A draft"\ndate: "YYYY"\nsummary: >-\n  TODO: one neutral sentence.\n'
        "tags: []\nsource: s\ndraft: true\n---\n\nThe draft's first paragraph.\n",
        encoding="utf-8",
    )
    site.build()
    page = soup(site.outdir / "articles" / "three.html")
    assert page.find("p", class_="draft-mark").get_text().startswith("Draft: ")
    assert "The draft's first paragraph." in page.get_text()


def test_a_preview_started_on_a_site_make_html_built_reads_no_document(project, tmp_path, make_app):
    """The preview's settings (drafts shown, books and data files left for
    `make html`) do not make Sphinx read every document again when there is no
    draft: at 10,000 articles that was a twenty-minute start."""
    app = make_app("html", srcdir=project, builddir=tmp_path, freshenv=True)
    app.build()
    site = ResidentSite(project, project, Path(app.outdir), Path(app.doctreedir))
    read, _written = build_recording(site.app)
    assert read == []


def test_a_preview_edit_of_one_event_rewrites_that_years_page_alone(copy_root, tmp_path):
    project = copy_root("timeline")
    site = ResidentSite(project, project, tmp_path / "html", tmp_path / "doctrees")
    site.build()
    written: list[str] = []
    site.app.connect("doctree-resolved", lambda _app, _tree, docname: written.append(docname))
    two = project / "articles" / "two.md"
    two.write_text(two.read_text("utf-8").replace("telephones the French", "calls the French"))
    site.build([two])
    assert [name for name in written if name.startswith(("timeline", "quotations"))] == [
        "timeline/2018"
    ]
    page = (site.outdir / "timeline" / "2018.html").read_text("utf-8")
    assert "Rouhani calls the French president" in page
