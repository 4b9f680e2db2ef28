"""Every built page carries the site's privacy and security policy."""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from dossier.web.security import RUN_TYPES, harden, policy
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


def _csp(page) -> dict[str, set[str]]:
    meta = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    directives = (part.split() for part in meta["content"].split(";") if part.strip())
    return {name: set(values) for name, *values in directives}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def inline_code_outside_the_policy(path: Path) -> list[str]:
    """What a browser would block on the page: each inline script, ``<style>``
    and ``style`` attribute whose hash its own policy does not list (the
    parser decodes attribute values, as the browser does before hashing)."""
    page = soup(path)
    csp = _csp(page)
    blocked = []
    for script in page.find_all("script"):
        if script.get("type", "").strip().lower() not in RUN_TYPES:
            continue  # a data block (JSON-LD, JSON): never run, so never blocked
        if not script.has_attr("src") and _sha256(script.string or "") not in csp["script-src"]:
            blocked.append(f"script {(script.string or '')[:60]!r}")
    for style in page.find_all("style"):
        if _sha256(style.string or "") not in csp["style-src"]:
            blocked.append(f"<style> {(style.string or '')[:60]!r}")
    attributes = [element["style"] for element in page.find_all(style=True)]
    if attributes and "'unsafe-hashes'" not in csp["style-src"]:
        blocked.append("style attributes without 'unsafe-hashes'")
    blocked += [
        f"style={value!r}" for value in attributes if _sha256(value) not in csp["style-src"]
    ]
    return blocked


def test_every_built_page_allows_exactly_its_own_inline_code(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    problems = {str(p.relative_to(site)): inline_code_outside_the_policy(p) for p in pages}
    assert {page: found for page, found in problems.items() if found} == {}


@pytest.mark.sphinx("html", testroot="security")
def test_decoded_style_attribute_and_a_script_with_an_outside_link_match_the_policy(app):
    app.build()
    path = Path(app.outdir) / "index.html"
    assert inline_code_outside_the_policy(path) == []
    page = soup(path)
    quoted = page.find(id="quoted-font")["style"]
    assert quoted == 'font-family: "Noto Serif", serif'
    assert _sha256(quoted) in _csp(page)["style-src"]
    script = next(s.string for s in page.find_all("script") if s.string and "written" in s.string)
    assert '<a id="written" href="https://example.org/">' in script  # code stays as written
    plain = page.find("a", href="https://example.org/plain")
    assert plain["rel"] == ["noopener", "noreferrer"]
