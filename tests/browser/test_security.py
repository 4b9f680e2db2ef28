"""The Content-Security-Policy holds in Chromium: nothing on any page type breaks it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .support import PAGE_TYPES

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_page_type_runs_within_its_content_security_policy(browse, name):
    context, visit = browse.context()
    context.add_init_script(RECORD_VIOLATIONS)
    page = browse.goto(visit, PAGE_TYPES[name])
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => window.__violations") == []
    policy = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.mark.sphinx("html", testroot="security")
def test_decoded_style_attribute_and_script_with_an_outside_link_run_in_chromium(app, browser):
    """The hashes are the browser's: a ``&quot;`` in a style attribute and a
    script that writes an outside link run without a violation."""
    app.build()
    context = browser.new_context()
    try:
        context.add_init_script(RECORD_VIOLATIONS)
        context.route("http*://**", lambda route: route.abort())  # nothing leaves the machine
        page = context.new_page()
        page.goto((Path(app.outdir) / "index.html").as_uri())
        page.wait_for_load_state("load")
        assert page.evaluate("() => window.__violations") == []
        assert page.locator("#written").count() == 1  # the script ran
        font = page.evaluate(
            "() => getComputedStyle(document.getElementById('quoted-font')).fontFamily"
        )
        assert "Noto Serif" in font  # the style attribute applied
    finally:
        context.close()
