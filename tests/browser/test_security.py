"""The Content-Security-Policy holds in Chromium: nothing on any page type breaks it."""

from __future__ import annotations

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
