"""The maintainer's commands: import, suggest, check."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest

from conftest import DOCS, REPO
from dossier.tools import cli, importer
from helpers import dossier, source_blocks

SEED = REPO / "tests" / "data" / "seeds" / "000_d56f36da77d8ccc5.txt"
BASE = Path(__file__).parent / "bad" / "_base"


@pytest.fixture
def docs(tmp_path):
    target = tmp_path / "docs"
    shutil.copytree(BASE, target)
    return target


def test_importing_the_seed_reproduces_the_committed_article(docs):
    result = dossier("--docs", str(docs), "import", str(SEED), "--slug", "seed")
    assert result.returncode == 0, result.stderr
    imported = docs / "articles" / "seed.md"
    assert source_blocks(imported) == source_blocks(DOCS / "articles" / "mek-nuisance-or-threat.md")
    assert (
        'title: "The Mujahedin-e Khalq (MEK): a nuisance or a threat to the regime in Iran?"'
        in (imported.read_text("utf-8"))
    )


def test_import_reports_what_it_dropped_and_guessed_and_the_dates(docs):
    out = dossier("--docs", str(docs), "import", str(SEED), "--slug", "seed").stdout
    assert f"{SEED}:224: dropped (web page text, not article text): Tags: , , ," in out
    assert f"{SEED}:1: dropped (image caption or alt text repeated by the copy): " in out
    assert f"{SEED}:64: dropped (alt text repeated at the start of the next line): " in out
    assert (
        f"{SEED}:7: check: the first paragraph follows the lead image: kept as its caption" in out
    )
    assert f"{SEED}:7: date, a possible event: May 2, 1981" in out
    assert "wrote " in out and "9 headings" in out


def test_import_refuses_to_overwrite_unless_forced(docs):
    first = dossier("--docs", str(docs), "import", str(SEED), "--slug", "seed")
    assert first.returncode == 0
    page = docs / "articles" / "seed.md"
    page.write_text("edited by hand", encoding="utf-8")
    again = dossier("--docs", str(docs), "import", str(SEED), "--slug", "seed")
    assert again.returncode == 2
    assert page.read_text(encoding="utf-8") == "edited by hand"
    forced = dossier("--docs", str(docs), "import", str(SEED), "--slug", "seed", "--force")
    assert forced.returncode == 0
    assert page.read_text(encoding="utf-8").startswith("---\ntitle:")


LONG = (
    "The council met on Tuesday and heard the report on the river’s water, which the "
    "engineers had measured every week since the spring and found cleaner than before. "
)


def test_import_of_a_saved_web_page(docs, tmp_path):
    page = tmp_path / "saved.html"
    page.write_text(
        "<!doctype html><html><head><title>Site name</title></head><body>"
        "<nav><a href='/'>Home</a></nav><article><header><h1>A “quoted” title</h1></header>"
        f"<p>First paragraph, with a no\u00a0break space […]. {LONG}</p><h2>A section</h2>"
        "<figure><img src='x.jpg' alt='x'><figcaption>A caption.</figcaption></figure>"
        f"<p>Second paragraph. {LONG}</p>"
        "<ul><li>One item<ul><li>inner item</li></ul></li><li>Two<br>lines</li></ul>"
        f"<blockquote><p>A quoted paragraph. {LONG}</p></blockquote>"
        "</article><footer>Copyright © 2021 All Rights Reserved</footer>"
        "</body></html>",
        encoding="utf-8",
    )
    result = dossier("--docs", str(docs), "import", str(page), "--slug", "web")
    assert result.returncode == 0, result.stderr
    written = docs / "articles" / "web.md"
    assert source_blocks(written) == [
        ("paragraph", f"First paragraph, with a no\u00a0break space […]. {LONG}".strip()),
        ("heading", "A section"),
        ("paragraph", "A caption."),
        ("paragraph", f"Second paragraph. {LONG}".strip()),
        ("paragraph", "One item"),
        ("paragraph", "inner item"),
        ("paragraph", "Two lines"),
        ("paragraph", f"A quoted paragraph. {LONG}".strip()),
    ]
    text = written.read_text("utf-8")
    assert 'title: "A “quoted” title"' in text
    assert "```{container} image-caption\nA caption.\n```" in text
    assert "- One item\n  - inner item\n- Two lines\n" in text
    assert "\n> A quoted paragraph." in text


def test_a_failed_write_leaves_no_half_written_file(docs, monkeypatch):
    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(importer.os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        cli.main(["--docs", str(docs), "import", str(SEED), "--slug", "seed"])
    assert sorted(p.name for p in (docs / "articles").iterdir()) == ["article-one-about-the-mek.md"]


def test_import_writes_nothing_outside_the_docs_folder(docs, tmp_path):
    before = {p for p in tmp_path.rglob("*")}
    dossier("--docs", str(docs), "import", str(SEED), "--slug", "seed")
    assert {p for p in tmp_path.rglob("*")} - before == {
        docs / "articles" / "seed.md",
        docs / "sources",
        docs / "sources" / "seed.txt.gz",  # the input, kept as evidence
    }


def test_suggest_lists_unknown_names_and_ambiguous_aliases(docs):
    article = docs / "articles" / "names.md"
    article.write_text(
        '---\ntitle: T\ndate: "2020"\nsummary: s\ntags: []\nsource: s\n---\n\n'
        "Jean Ziegler met the NCRI in Geneva. Jean Ziegler spoke with the UNHCR.\n\n"
        "Then Rajavi spoke.\n",
        encoding="utf-8",
    )
    result = dossier("--docs", str(docs), "suggest", str(article))
    lines = [line.split("? (")[0] for line in result.stdout.splitlines()]
    assert lines[:4] == [
        f"{article}:9: not in the registry: Jean Ziegler (2×), person",
        f"{article}:9: not in the registry: Geneva (1×), place",
        f"{article}:9: not in the registry: UNHCR (1×), organization",
        f"{article}:11: ambiguous: Rajavi may mean maryam-rajavi or massoud-rajavi",
    ]


def test_check_passes_on_the_real_site():
    result = dossier("--docs", str(DOCS), "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "articles and registry: no problem found"


def test_a_five_megabyte_article_imports_and_builds(tmp_path):
    paragraphs = [p for p in SEED.read_text("utf-8").split("\n\n") if len(p) > 200]
    rng = random.Random(5)
    parts = ["A very long article\n"]
    size = 0
    while size < 5_000_000:
        paragraph = rng.choice(paragraphs).replace("MEK", rng.choice(["MEK", "NCRI", "group"]))
        parts.append(paragraph)
        size += len(paragraph.encode()) + 2
    source = tmp_path / "long.txt"
    source.write_text("\n\n".join(parts), encoding="utf-8")
    project = tmp_path / "site"
    shutil.copytree(Path(__file__).parent / "roots" / "test-entities", project)
    result = dossier("--docs", str(project), "import", str(source), "--slug", "long")
    assert result.returncode == 0, result.stderr
    page = project / "articles" / "long.md"
    text = page.read_text("utf-8").replace("TODO: one neutral", "One neutral")
    text = text.replace("draft: true\n", "")
    page.write_text(text, encoding="utf-8")
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-b", "html", str(project), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    assert (tmp_path / "out" / "articles" / "long.html").stat().st_size > 5_000_000


def test_cli_help_lists_the_three_commands():
    with mock.patch.object(sys, "argv", ["dossier", "--help"]), pytest.raises(SystemExit):
        cli.main()
    result = dossier("--help")
    for command in ("import", "suggest", "check"):
        assert command in result.stdout
