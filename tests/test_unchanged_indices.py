"""The general index and objects.inv: rewritten when what they show changed, and only then."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dossier.tools.serve import ResidentSite

INDICES = ("genindex.html", "objects.inv")


@pytest.fixture
def project(copy_root):
    """The entities root with its articles out of the navigation, as on the
    real site (they are orphans), and a sitemap that lists the general index."""
    project = copy_root("entities")
    (project / "index.md").write_text(
        "# Home\n\n```{toctree}\npeople\norganizations\nglossary\n```\n", "utf-8"
    )
    conf = project / "conf.py"
    conf.write_text(
        conf.read_text("utf-8").replace('"dossier"]', '"dossier", "sphinx_sitemap"]')
        + 'html_baseurl = "https://example.org/"\n',
        "utf-8",
    )
    return project


def written(outdir: Path) -> dict[str, tuple[int, bytes]]:
    """Each index file's modification time and content."""
    return {
        name: ((outdir / name).stat().st_mtime_ns, (outdir / name).read_bytes()) for name in INDICES
    }


def fresh_build(project: Path, where: Path) -> dict[str, bytes]:
    """The index files a full build of the same sources writes."""
    ResidentSite(project, project, where / "html", where / "doctrees").build()
    return {name: (where / "html" / name).read_bytes() for name in INDICES}


def append(path: Path, text: str) -> Path:
    path.write_text(path.read_text("utf-8") + text, "utf-8")
    return path


def sitemap(outdir: Path) -> list[str]:
    root = ET.parse(outdir / "sitemap.xml").getroot()
    return sorted(loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"))


@pytest.mark.parametrize("parallel", [0, 2])
def test_an_edit_that_changes_no_index_entry_leaves_both_files_alone(project, make_app, parallel):
    """Also in a new ``sphinx-build`` (here a new application), and under ``-j 2``."""
    make_app("html", srcdir=project, freshenv=False, parallel=parallel).build()
    outdir = project / "_build" / "html"
    before, pages = written(outdir), sitemap(outdir)
    append(project / "articles" / "two.md", "\nZanzibarite.\n")
    make_app("html", srcdir=project, freshenv=False, parallel=parallel).build()
    assert "Zanzibarite" in (outdir / "articles" / "two.html").read_text("utf-8")
    assert written(outdir) == before
    assert any(page.endswith("/genindex.html") for page in pages), pages
    assert sitemap(outdir) == pages, "the sitemap still lists the general index"


def test_a_rebuild_in_place_leaves_them_alone_and_the_next_sphinx_build_too(project, tmp_path):
    site = ResidentSite(project, project, tmp_path / "html", tmp_path / "doctrees")
    site.build()
    before = written(site.outdir)
    two = append(project / "articles" / "two.md", "\nZanzibarite and the MEK.\n")
    site.build([two])
    assert written(site.outdir) == before
    site.save()
    append(two, "\nOnce more.\n")
    ResidentSite(project, project, tmp_path / "html", tmp_path / "doctrees").build()
    assert written(site.outdir) == before


EDITS = {
    "a new entity": lambda project: append(
        project / "registry" / "people.yaml",
        "- id: zara-quokka\n  name: Zara Quokka\n  aliases: [Quokka]\n"
        "  description: A new person.\n",
    ),
    "an entity renamed": lambda project: (project / "registry" / "people.yaml").write_text(
        (project / "registry" / "people.yaml")
        .read_text("utf-8")
        .replace("name: Nobody At All", "name: Nobody Whatever"),
        "utf-8",
    ),
    "an article's new title": lambda project: (project / "articles" / "two.md").write_text(
        (project / "articles" / "two.md")
        .read_text("utf-8")
        .replace("title: Article two", "title: Renamed"),
        "utf-8",
    ),
    "an article removed": lambda project: (project / "articles" / "one.md").unlink(),
    "a page of the navigation renamed": lambda project: (project / "people.md").write_text(
        (project / "people.md").read_text("utf-8").replace("# People", "# Persons"), "utf-8"
    ),
}


@pytest.mark.parametrize("edit", EDITS)
def test_an_edit_that_changes_what_they_show_rewrites_them_as_a_full_build_does(
    project, tmp_path, edit
):
    site = ResidentSite(project, project, tmp_path / "html", tmp_path / "doctrees")
    site.build()
    before = written(site.outdir)
    EDITS[edit](project)
    site.build()
    after = written(site.outdir)
    assert {name: content for name, (_time, content) in after.items()} == fresh_build(
        project, tmp_path / "fresh"
    )
    assert after != before


def test_a_missing_or_altered_file_is_written_again(project, make_app):
    make_app("html", srcdir=project, freshenv=False).build()
    outdir = project / "_build" / "html"
    before = written(outdir)
    (outdir / "genindex.html").unlink()
    (outdir / "objects.inv").write_bytes(b"")
    make_app("html", srcdir=project, freshenv=False).build()
    after = written(outdir)
    assert {name: content for name, (_time, content) in after.items()} == {
        name: content for name, (_time, content) in before.items()
    }
