"""The date a build stamps on what it makes: that of its sources, not of the build.

Reproducible-builds.org's convention: ``SOURCE_DATE_EPOCH`` (seconds since
1970, UTC) when set; otherwise the time of the last commit, so that two
clones of the same commit, built anywhere on any day, carry the same date.
Outside a git checkout (an unpacked archive), the newest modification time
of the sources stands in, leaving out the folders the build writes itself.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

VARIABLE = "SOURCE_DATE_EPOCH"


def from_environment() -> int | None:
    value = os.environ.get(VARIABLE, "").strip()
    return int(value) if value.isdigit() else None


def last_commit_time(folder: Path) -> int | None:
    """The committer time of the last commit of the checkout holding ``folder``."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "log", "-1", "--format=%ct"],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None  # no git on this machine
    value = done.stdout.strip()
    return int(value) if done.returncode == 0 and value.isdigit() else None


def newest_modification(folder: Path, generated: Iterable[str] = ()) -> int | None:
    """The newest modification time of the files under ``folder``, leaving out
    the folders named in ``generated`` (relative to ``folder``)."""
    skip = {(folder / name).resolve() for name in generated}
    newest = None
    for root, dirs, files in os.walk(folder):
        here = Path(root)
        dirs[:] = sorted(d for d in dirs if (here / d).resolve() not in skip)
        for name in files:
            mtime = int((here / name).stat().st_mtime)
            newest = mtime if newest is None else max(newest, mtime)
    return newest


def source_date_epoch(folder: Path, generated: Iterable[str] = ()) -> int | None:
    """The sources' date, in seconds since 1970 UTC; None when nothing tells it."""
    found = from_environment()
    if found is None:
        found = last_commit_time(folder)
    if found is None:
        found = newest_modification(folder, generated)
    return found
