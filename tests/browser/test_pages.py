"""Every page type exists, loads cleanly, and fits a phone's width; screenshots for review."""

from __future__ import annotations

import pytest

from .support import COLOR_SCHEMES, PAGE_TYPES, screenshot


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_loads_with_its_assets_and_no_script_error(browse, name):
    visit = browse.open(PAGE_TYPES[name])
    heading = visit.page.locator("#furo-main-content").locator("h1, h2").first
    assert heading.is_visible(), f"{name}: the main content has no visible heading"
    assert not visit.failures, f"{name}: resources failed to load: {visit.failures}"
    assert not visit.errors, f"{name}: script errors: {visit.errors}"


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_does_not_scroll_sideways_on_a_phone(browse, name, color_scheme):
    visit = browse.open(PAGE_TYPES[name], viewport="phone", color_scheme=color_scheme)
    page = visit.page
    screenshot(page, name, "phone", color_scheme)
    width = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    if width["scroll"] > width["inner"]:
        wide = page.evaluate(
            """() => [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5)
                .filter((el) => getComputedStyle(el).visibility !== "hidden")
                .slice(0, 10)
                .map((el) => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}`
                    + `${el.className && typeof el.className === "string"
                        ? "." + el.className.trim().split(/\\s+/).join(".") : ""}`
                    + ` (right edge ${Math.round(el.getBoundingClientRect().right)}px)`)"""
        )
        pytest.fail(
            f"{name}: the page is {width['scroll']}px wide on a {width['inner']}px phone; "
            f"widest elements: {wide}"
        )
