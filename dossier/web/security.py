"""Privacy and security in every HTML page, added as each page is rendered.

Each page gets a Content-Security-Policy that allows only the site itself (the
few inline scripts and styles the theme writes are allowed by their hashes,
computed from the page, so nothing inline can be added unnoticed), a
``no-referrer`` policy, and ``rel="noopener noreferrer"`` on links that leave
the site.
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
# Both start with a literal, which the regex engine finds fast; what must come
# before it is checked on each match (a pattern starting with \s or <a is tried
# at every space or tag of the page: most of the time of hardening it).
_STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')
_EXTERNAL_HREF = re.compile(r'href="https?://')
_TAG_END = re.compile(r"[^>]*>")
_HAS_REL = re.compile(r"\srel=")
_HEAD = re.compile(r"(<head>\s*<meta charset=\"utf-8\"\s*/?>)")
MARK = 'http-equiv="Content-Security-Policy"'


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(html: str) -> str:
    """The page's policy: its own origin, plus the hashes of its inline code."""
    scripts = sorted({_hash(s) for s in _INLINE_SCRIPT.findall(html)})
    styles = sorted({_hash(s) for s in _INLINE_STYLE.findall(html)})
    attributes = sorted(
        {
            _hash(found.group(1))
            for found in _STYLE_ATTRIBUTE.finditer(html)
            if html[found.start() - 1].isspace()
        }
    )
    style_src = ["'self'", *styles, *(["'unsafe-hashes'", *attributes] if attributes else [])]
    return "; ".join(
        [
            "default-src 'self'",
            "script-src " + " ".join(["'self'", *scripts]),
            "style-src " + " ".join(style_src),
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def harden(html: str) -> str:
    if MARK in html:
        return html
    head = (
        f'\\1\n<meta {MARK} content="{policy(html)}">\n<meta name="referrer" content="no-referrer">'
    )
    html = _HEAD.sub(head, html, count=1)
    return _close_external_links(html)


def _close_external_links(html: str) -> str:
    """``rel="noopener noreferrer"`` on each ``<a>`` whose ``href`` leaves the
    site and that has no ``rel`` yet."""
    parts: list[str] = []
    done = 0
    for found in _EXTERNAL_HREF.finditer(html):
        href = found.start()
        start = html.rfind("<", done, href)
        end = _TAG_END.match(html, href)
        if start < 0 or end is None or ">" in html[start:href]:
            continue  # not inside a tag
        tag = html[start : end.end()]
        before = html[href - 1]
        if (
            tag[:2] != "<a"
            or not tag[2:3].isspace()
            or before.isalnum()
            or before == "_"
            or _HAS_REL.search(tag)
        ):
            continue
        parts += [html[done : end.end() - 1], ' rel="noopener noreferrer"']
        done = end.end() - 1
    return "".join(parts) + html[done:] if parts else html


def harden_as_rendered(app: Sphinx) -> None:
    """Pages are hardened as the theme renders them, before Sphinx writes them.

    (Reading every page back after the build cost 3 s at 1,000 articles.)
    Only the HTML site: an EPUB's pages are not served.
    """
    if app.builder.name != "html":
        return
    templates = app.builder.templates
    render = templates.render

    def render_hardened(template: str, context: dict) -> str:
        page = render(template, context)
        return harden(page) if template.endswith(".html") else page

    templates.render = render_hardened


def setup(app: Sphinx) -> None:
    app.connect("builder-inited", harden_as_rendered)
