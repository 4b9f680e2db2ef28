"""The Nu HTML Checker (vnu) finds no error in any built page."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import defaultdict

import pytest

from .support import INSTALL_HINT, VNU, node_tool


def test_every_page_is_valid_html(site):
    vnu = node_tool(VNU)
    java = shutil.which("java")
    if java is None:
        pytest.fail(f"no Java runtime (`java`) to run vnu.jar: {INSTALL_HINT}")
    pages = sorted(site.rglob("*.html"))
    assert pages, "no HTML page built"
    result = subprocess.run(
        [java, "-jar", str(vnu), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no JSON report (exit {result.returncode}):\n{result.stderr}")
    errors = [m for m in messages if m.get("type") != "info"]
    assert not errors, f"{len(errors)} HTML errors:\n{describe(errors, site)}"
    assert result.returncode == 0, result.stderr


def describe(errors: list[dict], site) -> str:
    """Each distinct message once, with how often it occurs and where, first three places."""
    places: dict[str, list[str]] = defaultdict(list)
    for error in errors:
        page = error.get("url", "").removeprefix(site.as_uri() + "/")
        extract = " ".join((error.get("extract") or "").split())
        places[error.get("message", "")].append(f"{page}:{error.get('lastLine', '?')} {extract!r}")
    lines = []
    for message, where in sorted(places.items(), key=lambda item: -len(item[1])):
        lines.append(f"- {message} ({len(where)}×)")
        lines += [f"    {place}" for place in where[:3]]
    return "\n".join(lines)
