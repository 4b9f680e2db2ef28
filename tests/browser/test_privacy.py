"""The site is private: no request leaves it, no cookie is set, nothing is stored but furo's theme.

Each page is served from 127.0.0.1; any request to another host is recorded (and stopped).
"""

from __future__ import annotations

import pytest

from .support import PAGE_TYPES, Visit

ALLOWED_STORAGE = {"theme"}  # furo remembers the reader's light/dark choice, and nothing else


def stored(visit: Visit) -> dict[str, list[str]]:
    return visit.page.evaluate(
        "() => ({local: Object.keys(localStorage), session: Object.keys(sessionStorage)})"
    )


def assert_private(visit: Visit, what: str) -> None:
    context = visit.page.context
    outside = visit.third_party()
    assert not outside, f"{what}: requests to other hosts: {sorted(set(outside))}"
    assert context.cookies() == [], f"{what}: cookies set: {context.cookies()}"
    assert visit.page.evaluate("() => document.cookie") == "", f"{what}: document.cookie is set"
    keys = stored(visit)
    assert set(keys["local"]) <= ALLOWED_STORAGE, f"{what}: localStorage holds {keys['local']}"
    assert keys["session"] == [], f"{what}: sessionStorage holds {keys['session']}"


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_is_private(browse, name):
    visit = browse.open(PAGE_TYPES[name])
    visit.page.wait_for_load_state("networkidle")
    assert visit.requests, "no request was recorded: the recorder is broken"
    assert_private(visit, name)


def test_choosing_a_theme_stores_only_the_theme(browse):
    visit = browse.open(PAGE_TYPES["article"])
    visit.page.locator(".theme-toggle >> visible=true").first.click()
    assert_private(visit, "after the theme toggle")
    assert stored(visit)["local"] == ["theme"]


def test_every_page_is_private_and_loads_cleanly(browse, site):
    """Visit every built HTML page in one context: no third party, cookie or storage; no error."""
    pages = sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    assert len(pages) > 20, f"only {len(pages)} pages built"
    _, visit = browse.context()
    for path in pages:
        browse.goto(visit, path)
    visit.page.wait_for_load_state("networkidle")
    assert_private(visit, f"after visiting all {len(pages)} pages")
    assert not visit.failures, f"resources failed to load: {visit.failures}"
    assert not visit.errors, f"script errors: {visit.errors}"
