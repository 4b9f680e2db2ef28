"""`dossier suggest`: the names an article gives that the registry lacks, their
kinds, and the draft entries `--write` adds (which `check` flags until a
person describes them, and which the preview and, once described, the build
link)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.suggest_run import labelled_set, score
from dossier.sources import registry
from dossier.tools import cli, importer
from dossier.tools.serve import ResidentSite
from dossier.tools.suggest import suggestions
from helpers import dossier, soup

ARTICLE = """---
title: A test article
date: "2021"
summary: A test article about a university.
tags: [test]
source: Written for the tests.
---

Students of Shiraz University met the rector in Shiraz on Monday, and the
Ministry of Culture sent Helena Tavares, its adviser, to the meeting.

Tavares said the university’s library would open in May. The Shiraz Times
reported the visit, and the Nejat Society’s statement called it a success.

The mayor of Teheran, Tehran’s oldest official, sent a letter to the
Ministry of Culture.
"""

PLACES = """- id: shiraz
  name: Shiraz
  description: A city in the test articles.
"""


@pytest.fixture
def project(copy_root):
    site = copy_root("entities")
    (site / "registry" / "places.yaml").write_text(PLACES, encoding="utf-8")
    (site / "articles" / "three.md").write_text(ARTICLE, encoding="utf-8")
    return site


def run(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return dossier("--docs", str(project), "suggest", str(project / "articles" / "three.md"), *args)


def test_suggest_lists_each_missing_name_once_with_count_first_line_and_kind(project):
    result = run(project)
    assert result.returncode == 0, result.stderr
    article = project / "articles" / "three.md"
    lines = result.stdout.splitlines()
    # the longest unknown name wins over the registered Shiraz inside it
    assert (
        f"{article}:9: not in the registry: Shiraz University (1×), organization? ("
        in (lines[lines.index(next(x for x in lines if "Shiraz University" in x))])
    )
    listed = {line.split(": not in the registry: ")[1].split(" (")[0]: line for line in lines[:-1]}
    # one name, its variants gathered: the last name alone, another spelling
    assert (
        "person?" in listed["Helena Tavares"]
        and "also written: Tavares" in listed["Helena Tavares"]
    )
    assert "Tehran" in listed and "(2×)" in listed["Tehran"]
    assert "also written: Teheran" in listed["Tehran"]
    assert "(2×)" in listed["Ministry of Culture"]
    # possessives and a leading "the" are trimmed
    assert "Nejat Society" in listed and "Shiraz Times" in listed
    assert "outlet?" in listed["Shiraz Times"]
    # sentence starts, months, days and registered names are not suggested
    for word in ("Students", "Monday", "May", "The", "Shiraz", "Tavares", "Teheran"):
        assert word not in listed
    assert lines[-1].startswith(f"next: `dossier suggest {article} --write` drafts")


def test_suggest_prints_json_for_other_tools(project):
    result = run(project, "--format", "json", "--only", "Helena Tavares")
    report = json.loads(result.stdout)
    assert report["suggestions"] == [
        {
            "name": "Helena Tavares",
            "kind": "person",
            "confidence": report["suggestions"][0]["confidence"],
            "count": 2,
            "line": 10,
            "variants": ["Tavares"],
        }
    ]
    assert 0 < report["suggestions"][0]["confidence"] <= 1
    assert report["written"] == []


def test_a_name_that_matches_no_suggestion_is_refused(project):
    result = run(project, "--skip", "Nobody Here", "--write")
    assert result.returncode == 2
    assert "no suggestion is named 'Nobody Here'" in result.stderr
    assert not (project / "registry" / "outlets.yaml").exists()


def test_write_drafts_entries_that_check_flags_until_described(project):
    before = {p.name: p.read_text("utf-8") for p in (project / "registry").glob("*.yaml")}
    result = run(project, "--write", "--skip", "Nejat Society", "--kind", "Shiraz Times=outlet")
    assert result.returncode == 0, result.stderr
    organizations = project / "registry" / "organizations.yaml"
    assert f"{organizations}:" in result.stdout
    assert "drafted 'shiraz-university' (organization): Shiraz University" in result.stdout
    # existing entries are kept byte for byte; the drafts follow them
    for name, text in before.items():
        assert (project / "registry" / name).read_text("utf-8").startswith(text)
    known = registry.load(project / "registry")
    assert known.problems == []
    person = known.entities["helena-tavares"]
    assert (person.kind, person.name, person.aliases) == ("person", "Helena Tavares", ("Tavares",))
    assert person.is_draft and person.description.startswith("TODO: ")
    assert known.entities["tehran"].aliases == ("Teheran",)
    assert known.entities["shiraz-times"].kind == "outlet"
    assert "nejat-society" not in known.entities

    check = dossier("--docs", str(project), "check")
    assert check.returncode == 1
    people = project / "registry" / "people.yaml"
    line = people.read_text("utf-8").splitlines().index("- id: helena-tavares") + 4
    assert (
        f"{people}:{line}: the description of 'helena-tavares' (Helena Tavares) is still to be "
        "written (fix: replace the TODO" in check.stderr
    )
    drafted = [e for e in known.entities.values() if e.is_draft]
    assert check.stderr.count("is still to be written") == len(drafted)
    # suggest now lists none of them
    assert "Helena Tavares" not in run(project).stdout


def test_described_drafts_pass_check_and_the_build_links_them(project, tmp_path):
    run(project, "--write", "--only", "Shiraz University", "--only", "Helena Tavares")
    for path in (project / "registry").glob("*.yaml"):
        text = path.read_text("utf-8")
        start = text.find("    TODO:")
        while start != -1:
            end = text.find("\n- ", start)
            end = len(text) if end == -1 else end + 1
            text = text[:start] + "    Described by a person for the tests.\n" + text[end:]
            start = text.find("    TODO:")
        path.write_text(text, "utf-8")
    check = dossier("--docs", str(project), "check")
    assert "still to be written" not in check.stderr
    out = tmp_path / "html"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-q", "-n", "-W", "-b", "html", str(project), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    page = soup(out / "articles" / "three.html")
    links = {a.get_text(): a["href"] for a in page.select("a[href*='entities/']")}
    assert links["Shiraz University"] == "../entities/shiraz-university.html"
    assert links["Helena Tavares"] == "../entities/helena-tavares.html"
    entity = soup(out / "entities" / "shiraz-university.html").get_text()
    assert "Described by a person for the tests." in entity


def test_the_preview_links_a_draft_before_it_is_described(project, tmp_path):
    run(project, "--write", "--only", "Shiraz University")
    site = ResidentSite(project, project, tmp_path / "html", tmp_path / "doctrees")
    site.build()
    page = soup(site.outdir / "articles" / "three.html")
    link = page.select_one("a[href$='entities/shiraz-university.html']")
    assert link is not None and link.get_text() == "Shiraz University"
    assert link["title"].startswith("Organization: TODO: ")
    assert (site.outdir / "entities" / "shiraz-university.html").exists()


def test_a_failed_write_leaves_the_registry_as_it_was(project, monkeypatch):
    before = {p.name: p.read_bytes() for p in (project / "registry").glob("*.yaml")}
    calls = []

    def replace_once(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the second registry file: the first is put back
            raise OSError("disk full")
        return shutil.move(src, dst)

    monkeypatch.setattr(importer.os, "replace", replace_once)
    with pytest.raises(OSError, match="disk full"):
        cli.main(["--docs", str(project), "suggest", str(project / "articles" / "three.md"), "-w"])
    monkeypatch.undo()
    after = {p.name: p.read_bytes() for p in (project / "registry").glob("*.yaml")}
    assert after == before


@pytest.mark.parametrize("labelled", labelled_set(), ids=lambda a: a.path.stem)
def test_suggest_finds_most_named_things_and_their_kinds(labelled):
    """A floor under `make bench-suggest`'s figures, on each labelled article."""
    found, _ambiguous = suggestions(labelled.path, registry.Registry({}, []))
    result = score(labelled, found)
    assert result["recall"] >= 0.85, result
    assert result["precision"] >= 0.65, result
    assert result["kind"] >= 0.75, result
