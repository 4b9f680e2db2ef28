"""The same commit gives the same bytes, in any folder, on any day.

Two clones of one commit, in two folders at different depths, are built the
way `make html` builds (the site and its books, one EPUB per year) with
``SOURCE_DATE_EPOCH`` unset, in two time zones, a second apart: every file of
``build/html`` and the EPUB must be the same, byte for byte.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from conftest import REPO
from dossier.features.reproducible import normalise_zip
from dossier.sources import source_date

ROOT = REPO / "tests" / "roots" / "test-reproducible"
COMMITTED = "2021-06-01T12:00:00+00:00"
BOOKS = Path("build/html/books")
EPUB = BOOKS / "press-dossier-2021.epub"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(folder: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMITTED, "GIT_COMMITTER_DATE": COMMITTED}
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args],
        cwd=folder,
        env=env,
        check=True,
        capture_output=True,
    )


def _origin(tmp: Path) -> Path:
    """A repository laid out as the project's: conf.py, dossier/, docs/."""
    origin = tmp / "origin"
    shutil.copytree(
        REPO / "dossier", origin / "dossier", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copy(REPO / "conf.py", origin)
    shutil.copytree(ROOT, origin / "docs")
    for folder in ("_static", "_templates"):
        shutil.copytree(REPO / "docs" / folder, origin / "docs" / folder)
    (origin / ".gitignore").write_text("build/\ndocs/entities/\ndocs/tags/\n")
    _git(origin, "init", "-q")
    _git(origin, "add", "-A")
    _git(origin, "commit", "-q", "-m", "sources")
    return origin


def _build(clone: Path, zone: str) -> None:
    """`make html`'s build, importing the clone's own dossier package."""
    env = {k: v for k, v in os.environ.items() if k != source_date.VARIABLE}
    env.update(PYTHONPATH=str(clone), TZ=zone)
    for builder in ("html",):
        done = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", builder, "-c", ".", "-n", "-W",
             "--keep-going", "-d", f"build/doctrees/{builder}", "docs", f"build/{builder}"],
            cwd=clone,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _epub_texts(epub: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(epub) as book:
        return {info.filename: book.read(info) for info in book.infolist()}


@pytest.fixture(scope="module")
def two_clones(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("reproducible")
    origin = _origin(tmp)
    one, two = tmp / "one" / "site", tmp / "two" / "deeper" / "elsewhere"
    for clone in (one, two):
        clone.parent.mkdir(parents=True)
        subprocess.run(["git", "clone", "-q", str(origin), str(clone)], check=True)
    _build(one, "UTC")
    time.sleep(1)
    _build(two, "Asia/Tehran")
    return one, two


@needs_git
def test_two_clones_build_the_same_bytes(two_clones):
    one, two = two_clones
    site_one, site_two = _files(one / "build" / "html"), _files(two / "build" / "html")
    assert ".buildinfo" in site_one
    assert sorted(p.name for p in (one / BOOKS).iterdir()) == [
        "press-dossier-2020.epub",
        "press-dossier-2021.epub",
    ]
    assert sorted(site_one) == sorted(site_two)
    differ = [name for name in site_one if site_one[name] != site_two[name]]
    assert not differ, f"these files differ between the two folders: {differ}"
    assert (one / EPUB).read_bytes() == (two / EPUB).read_bytes()


@needs_git
def test_no_folder_and_no_build_date_in_any_output(two_clones):
    today = datetime.datetime.now(datetime.UTC).date()
    stamps = [today.isoformat(), today.strftime("%d %B %Y"), today.strftime("%b %d, %Y")]
    for clone in two_clones:
        outputs = _files(clone / "build" / "html")
        for book in sorted((clone / BOOKS).iterdir()):
            outputs |= {f"{book.name}/{n}": d for n, d in _epub_texts(book).items()}
        for name, data in outputs.items():
            text = data.decode("utf-8", errors="replace")
            assert str(clone) not in text, f"{name} names the build folder"
            for stamp in stamps:
                assert stamp not in text, f"{name} holds the build's date {stamp}"


@needs_git
def test_epub_is_dated_by_the_commit_with_entries_in_a_fixed_order(two_clones):
    one, _ = two_clones
    opf = _epub_texts(one / EPUB)["content.opf"].decode()
    assert "<dc:date>2021-06-01T12:00:00Z</dc:date>" in opf
    assert '<meta property="dcterms:modified">2021-06-01T12:00:00Z</meta>' in opf
    with zipfile.ZipFile(one / EPUB) as book:
        entries = book.infolist()
    assert entries[0].filename == "mimetype"
    assert entries[0].compress_type == zipfile.ZIP_STORED
    assert entries[1].filename == "META-INF/container.xml"
    assert [e.filename for e in entries[2:]] == sorted(e.filename for e in entries[2:])
    assert {e.date_time for e in entries} == {(2021, 6, 1, 12, 0, 0)}


def test_the_environment_variable_comes_first(tmp_path, monkeypatch):
    monkeypatch.setenv(source_date.VARIABLE, "1600000000")
    assert source_date.source_date_epoch(tmp_path) == 1600000000


def test_outside_git_the_newest_source_dates_the_build(tmp_path, monkeypatch):
    monkeypatch.delenv(source_date.VARIABLE, raising=False)
    (tmp_path / "page.md").write_text("# Page\n")
    (tmp_path / "entities").mkdir()
    (tmp_path / "entities" / "made-by-the-build.md").write_text("# Stub\n")
    os.utime(tmp_path / "page.md", (1500000000, 1500000000))
    os.utime(tmp_path / "entities" / "made-by-the-build.md", (1700000000, 1700000000))
    if source_date.last_commit_time(tmp_path) is not None:
        pytest.skip("the temporary folder is inside a git checkout")
    assert source_date.source_date_epoch(tmp_path, ["entities"]) == 1500000000


def test_an_archive_rewritten_twice_is_the_same(tmp_path):
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    for path, order in (
        (first, ["b.txt", "mimetype", "a.txt"]),
        (second, ["a.txt", "b.txt", "mimetype"]),
    ):
        with zipfile.ZipFile(path, "w") as archive:
            for name in order:
                archive.writestr(name, name * 3)
        normalise_zip(path, 1600000000)
    assert first.read_bytes() == second.read_bytes()
