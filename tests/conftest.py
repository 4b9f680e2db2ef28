"""Shared fixtures: the real site built once per session, and Sphinx test roots."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest_plugins = ["sphinx.testing.fixtures"]

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"
# A build in this process sets SOURCE_DATE_EPOCH for its test project (features.reproducible);
# the real site's builds get the environment the tests started with, dated by the commit
# checked out then (as `make html` would), even if a commit is made while the tests run.
_ENVIRONMENT = dict(os.environ)
if "SOURCE_DATE_EPOCH" not in _ENVIRONMENT:
    from dossier.sources.source_date import last_commit_time

    _COMMITTED = last_commit_time(REPO)
    if _COMMITTED is not None:
        _ENVIRONMENT["SOURCE_DATE_EPOCH"] = str(_COMMITTED)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where ``sphinx.testing`` finds the ``test-*`` roots."""
    return Path(__file__).resolve().parent / "roots"


@pytest.fixture
def copy_root(tmp_path: Path):
    """Copy a test root (``tests/roots/test-<name>``) so that a test may edit its sources."""

    def copy(name: str) -> Path:
        srcdir = tmp_path / name
        shutil.copytree(Path(__file__).resolve().parent / "roots" / f"test-{name}", srcdir)
        return srcdir

    return copy


@pytest.fixture
def build(make_app, project: Path):
    """Build the test's ``project`` (incrementally on repeat calls).

    Returns the app, or ``(app, (read, written))`` with ``record=True``.
    """
    from helpers import build_recording

    def run(*, record: bool = False, parallel: int = 0):
        app = make_app("html", srcdir=project, freshenv=False, parallel=parallel)
        if record:
            return app, build_recording(app)
        app.build()
        return app

    return run


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
            str(outdir / ".doctrees" / builder),
            *extra,
            str(DOCS),
            str(outdir / builder),
        ],
        capture_output=True,
        text=True,
        check=False,
        env=_ENVIRONMENT,
    )


@pytest.fixture(scope="session")
def site_build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess[str]:
    """The HTML site, built as `make html` does (with its books)."""
    return sphinx_build("html", tmp_path_factory.mktemp("site"))


@pytest.fixture(scope="session")
def site(site_build: subprocess.CompletedProcess[str]) -> Path:
    """The built HTML of the real site; fails loudly if the build did."""
    assert site_build.returncode == 0, site_build.stderr
    return Path(site_build.args[-1])
