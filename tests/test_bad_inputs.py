"""Every bad input in tests/bad/ gets its exact message and exit code."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

BAD = Path(__file__).parent / "bad"
CASES = sorted(
    p for p in BAD.iterdir() if p.is_file() and p.suffix != ".expected" and p.name != "README.md"
)


def run_case(
    case: Path, tmp_path: Path, server: str
) -> tuple[Path, subprocess.CompletedProcess[str], str]:
    docs = tmp_path / "docs"
    shutil.copytree(BAD / "_base", docs)
    _name, *kind, _ext = case.name.split(".")
    url = ""
    if case.suffix == ".url":
        # an address on the test server: its path, then any extra arguments
        path, *extra = case.read_text(encoding="utf-8").splitlines()
        url = closed_port_address() + path if path.startswith("/closed") else server + path
        command = ["import", url, *" ".join(extra).split()]
    elif case.suffix == ".md":
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
    return docs, result, url


def closed_port_address() -> str:
    """An address on 127.0.0.1 where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from helpers import bad_pages_server

    with bad_pages_server() as address:
        yield address


@pytest.mark.parametrize("case", CASES, ids=[c.name.split(".")[0] for c in CASES])
def test_bad_input_gets_its_exact_message_and_exit_code(case, tmp_path, server):
    expected = (BAD / (case.name.split(".")[0] + ".expected")).read_text(encoding="utf-8")
    code, *messages = expected.splitlines()
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    docs, result, url = run_case(case, tmp_path, server)
    assert f"exit {result.returncode}" == code, result.stderr
    wanted = [
        m.replace("{docs}", str(docs)).replace("{src}", str(case)).replace("{url}", url)
        for m in messages
    ]
    printed = [line for line in result.stderr.splitlines() if not line.endswith("found")]
    assert printed == wanted
    after = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    copied = [*sorted(p.relative_to(tmp_path) for p in docs.rglob("*")), Path("docs")]
    assert sorted(set(after) - set(before)) == sorted(copied)  # nothing else was written


def test_every_case_has_an_expectation():
    for case in CASES:
        assert (BAD / (case.name.split(".")[0] + ".expected")).exists(), case.name
    assert len(CASES) >= 12
