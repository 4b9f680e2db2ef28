"""Shared fixtures: the real site built once per session, and Sphinx test roots."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``sphinx.testing`` finds the ``test-*`` roots."""
    return Path(__file__).resolve().parent / "roots"


def sphinx_build(builder: str, outdir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Build the real site exactly as ``make`` does (strict, warnings fail)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-b",
            builder,
            "-c",
            str(REPO),
            "-n",
            "-W",
            "--keep-going",
            "-d",
            str(outdir / ".doctrees"),
            *extra,
            str(DOCS),
            str(outdir / builder),
        ],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    return sphinx_build("html", tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def site(site_build: subprocess.CompletedProcess[str]) -> Path:
    """The built HTML of the real site; fails loudly if the build did."""
    assert site_build.returncode == 0, site_build.stderr
    return Path(site_build.args[-1])
