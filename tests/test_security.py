"""Every built page carries the site's privacy and security policy."""

from __future__ import annotations

import re

from dossier.web.security import harden, policy
from helpers import soup


def test_every_page_has_a_csp_referrer_policy_and_safe_external_links(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        page = soup(path)
        head = page.head.find_all("meta")
        assert head[0].get("charset") == "utf-8", path
        csp = head[1]
        assert csp.get("http-equiv") == "Content-Security-Policy", path
        assert csp["content"].startswith("default-src 'self'; script-src 'self'"), path
        assert "unsafe-inline" not in csp["content"], path
        assert head[2].get("name") == "referrer" and head[2]["content"] == "no-referrer", path
        for link in page.find_all("a", href=re.compile(r"^https?://")):
            assert link.get("rel") == ["noopener", "noreferrer"], (path, link["href"])


def test_inline_code_is_allowed_only_by_its_hash():
    html = '<head><meta charset="utf-8"><script>a()</script><p style="x: 1">'
    rule = policy(html)
    assert "script-src 'self' 'sha256-" in rule
    assert "'unsafe-hashes' 'sha256-" in rule
    hardened = harden(html + '<a href="https://example.org/">x</a>')
    assert '<a href="https://example.org/" rel="noopener noreferrer">' in hardened
    assert harden(hardened) == hardened  # applying it twice changes nothing


def test_only_links_that_leave_the_site_and_have_no_rel_get_one():
    from dossier.web.security import harden

    page = (
        '<html><head><meta charset="utf-8">\n</head><body>'
        '<a class="x" href="https://e.org/">out</a> <a href="http://e.org/" rel="me">own</a> '
        '<a href="../in.html">in</a> <link href="https://e.org/s.css"> '
        '<p>href="https://e.org/" as text</p></body></html>'
    )
    hardened = harden(page)
    assert '<a class="x" href="https://e.org/" rel="noopener noreferrer">out</a>' in hardened
    assert '<a href="http://e.org/" rel="me">own</a>' in hardened
    assert '<a href="../in.html">in</a>' in hardened
    assert '<link href="https://e.org/s.css">' in hardened
    assert '<p>href="https://e.org/" as text</p>' in hardened
