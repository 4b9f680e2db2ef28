"""A fresh import is a draft: previewed at once, marked; left out of `make html`."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from helpers import MORE, WORDS, soup

ROOT = Path(__file__).parent / "roots" / "test-entities"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True)


def imported_site(tmp_path: Path) -> Path:
    project = tmp_path / "site"
    shutil.copytree(ROOT, project)
    source = tmp_path / "saved.html"
    source.write_text(
        "<!doctype html><html><head><title>Zebra crossing report</title></head><body><article>"
        f"<h1>Zebra crossing report</h1><p>{WORDS}</p><p>{MORE}</p></article></body></html>",
        encoding="utf-8",
    )
    result = run("dossier.tools.cli", "--docs", str(project), "import", str(source),
                 "--slug", "zebra")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "draft: true" in (project / "articles" / "zebra.md").read_text("utf-8")
    return project


def test_a_draft_passes_check_and_is_left_out_of_the_build(tmp_path):
    project = imported_site(tmp_path)
    check = run("dossier.tools.cli", "--docs", str(project), "check")
    assert "zebra.md" not in check.stderr  # its placeholders may wait until it is published
    out = tmp_path / "html"
    build = run("sphinx", "-b", "html", "-W", str(project), str(out))
    assert build.returncode == 0, build.stderr
    assert "left out 1 draft(s), not published until 'draft: true' is removed: " in build.stdout
    assert "articles/zebra.md" in build.stdout
    assert not (out / "articles" / "zebra.html").exists()
    for page in out.rglob("*"):
        if page.is_file() and page.suffix in {".html", ".js", ".xml", ".json", ".txt"}:
            assert "Zebra crossing" not in page.read_text("utf-8", "replace"), page


def test_a_draft_is_previewed_marked_as_a_draft(tmp_path):
    project = imported_site(tmp_path)
    out = tmp_path / "serve"
    build = run("sphinx", "-b", "html", "-D", "dossier_show_drafts=1", str(project), str(out))
    assert build.returncode == 0, build.stderr
    page = soup(out / "articles" / "zebra.html")
    mark = page.find("p", class_="draft-mark")
    assert mark is not None and mark.get_text().startswith("Draft: this article is previewed")
    assert WORDS in page.get_text()


def test_removing_the_draft_line_publishes_it(tmp_path):
    project = imported_site(tmp_path)
    article = project / "articles" / "zebra.md"
    text = article.read_text("utf-8").replace("draft: true\n", "")
    article.write_text(text.replace("TODO: one neutral", "One neutral"), "utf-8")
    out = tmp_path / "html"
    build = run("sphinx", "-b", "html", str(project), str(out))
    assert build.returncode == 0, build.stderr
    assert (out / "articles" / "zebra.html").exists()
    assert soup(out / "articles" / "zebra.html").find("p", class_="draft-mark") is None
