"""Every bad input in tests/bad/ gets its exact message and exit code."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BAD = Path(__file__).parent / "bad"
CASES = sorted(
    p for p in BAD.iterdir() if p.is_file() and p.suffix != ".expected" and p.name != "README.md"
)


def run_case(case: Path, tmp_path: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    docs = tmp_path / "docs"
    shutil.copytree(BAD / "_base", docs)
    _name, *kind, _ext = case.name.split(".")
    if case.suffix == ".md":
        shutil.copyfile(case, docs / "articles" / case.name)
        command = ["check"]
    elif case.suffix == ".yaml":
        shutil.copyfile(case, docs / "registry" / f"{kind[0]}.yaml")
        command = ["check"]
    else:
        command = ["import", str(case)]
    result = subprocess.run(
        [sys.executable, "-m", "dossier.tools.cli", "--docs", str(docs), *command],
        capture_output=True,
        text=True,
        check=False,
    )
    return docs, result


@pytest.mark.parametrize("case", CASES, ids=[c.name.split(".")[0] for c in CASES])
def test_bad_input_gets_its_exact_message_and_exit_code(case, tmp_path):
    expected = (BAD / (case.name.split(".")[0] + ".expected")).read_text(encoding="utf-8")
    code, *messages = expected.splitlines()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    docs, result = run_case(case, tmp_path)
    assert f"exit {result.returncode}" == code, result.stderr
    wanted = [m.replace("{docs}", str(docs)).replace("{src}", str(case)) for m in messages]
    printed = [line for line in result.stderr.splitlines() if not line.endswith("found")]
    assert printed == wanted
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    copied = [*sorted(p.relative_to(tmp_path) for p in docs.rglob("*")), Path("docs")]
    assert sorted(set(after) - set(before)) == sorted(copied)  # nothing else was written


def test_every_case_has_an_expectation():
    for case in CASES:
        assert (BAD / (case.name.split(".")[0] + ".expected")).exists(), case.name
    assert len(CASES) >= 12
