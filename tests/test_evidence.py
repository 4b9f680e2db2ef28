"""Each imported page is kept as evidence, and `dossier check` finds any
paragraph that is no longer the publisher's words."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from pathlib import Path

import pytest

from conftest import DOCS
from dossier.sources import frontmatter
from dossier.tools.evidence import verbatim_problems
from helpers import MORE, WORDS, dossier

BASE = Path(__file__).parent / "bad" / "_base"


@pytest.fixture
def imported(tmp_path) -> tuple[Path, Path, bytes]:
    docs = tmp_path / "docs"
    shutil.copytree(BASE, docs)
    source = tmp_path / "saved.html"
    data = (
        "<!doctype html><html><head><title>River report</title></head><body><article>"
        f"<h1>River report</h1><p>{WORDS}</p><h2>The budget</h2><p>{MORE}</p>"
        "</article></body></html>"
    ).encode()
    source.write_bytes(data)
    result = dossier("--docs", str(docs), "import", str(source), "--slug", "river")
    assert result.returncode == 0, result.stderr
    return docs, docs / "articles" / "river.md", data


def test_the_imported_page_is_stored_compressed_with_its_hash(imported):
    docs, article, data = imported
    stored = docs / "sources" / "river.html.gz"
    assert gzip.decompress(stored.read_bytes()) == data
    matter = frontmatter.parse(article.read_text("utf-8")).data
    assert matter["source_file"] == "sources/river.html.gz"
    assert matter["source_sha256"] == hashlib.sha256(data).hexdigest()
    assert verbatim_problems(article) == []


def test_an_edited_paragraph_fails_check_with_its_line(imported):
    docs, article, _data = imported
    text = article.read_text("utf-8")
    article.write_text(
        text.replace("found cleaner than before", "found much cleaner").replace(
            "TODO: one neutral", "One neutral"
        ),
        encoding="utf-8",
    )
    line = next(n for n, t in enumerate(article.read_text("utf-8").splitlines(), 1) if "much" in t)
    result = dossier("--docs", str(docs), "check")
    assert result.returncode == 1
    assert (
        f"{article}:{line}: this paragraph is not word for word in its stored source "
        "sources/river.html.gz (fix: restore the publisher's words (see the stored page), "
        "or record the change as a correction)"
    ) in result.stderr.splitlines()
    # a correction that names the paragraph (by line or by its words) is not reported
    assert verbatim_problems(article, allowed_changes=[line]) == []
    changed = WORDS.replace("found cleaner than before", "found much cleaner")
    assert verbatim_problems(article, allowed_changes=[changed]) == []


def test_a_changed_stored_page_is_reported(imported):
    docs, article, data = imported
    (docs / "sources" / "river.html.gz").write_bytes(gzip.compress(data + b" "))
    problems = verbatim_problems(article)
    assert len(problems) == 1
    assert (
        "the stored source sources/river.html.gz is not the page that was imported" in (problems[0])
    )


def test_every_article_of_the_site_has_its_stored_source_and_matches_it():
    for article in sorted((DOCS / "articles").glob("*.md")):
        matter = frontmatter.parse(article.read_text("utf-8")).data
        assert (DOCS / matter["source_file"]).is_file(), article
        assert verbatim_problems(article) == []


def test_the_stored_sources_are_not_published(site):
    assert not (site / "sources").exists()
    assert not list(site.rglob("*.gz"))


def test_a_paragraph_changed_by_a_recorded_correction_passes_check(imported):
    """The verbatim check accepts a changed paragraph only when a correction quotes it."""
    docs, article, _data = imported
    text = article.read_text("utf-8").replace("TODO: one neutral", "One neutral")
    changed = WORDS.replace("found cleaner than before", "found much cleaner")
    text = text.replace(WORDS, changed)
    article.write_text(text, encoding="utf-8")
    assert dossier("--docs", str(docs), "check").returncode == 1
    correction = (
        "corrections:\n"
        '  - date: "2026-11-20"\n'
        "    change: The publisher corrected the finding on the river's water.\n"
        "    reason: The publisher's own correction.\n"
        f'    paragraph: "{changed}"\n'
    )
    article.write_text(text.replace("---\n", "---\n" + correction, 1), encoding="utf-8")
    result = dossier("--docs", str(docs), "check")
    assert "not word for word" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stdout + result.stderr
