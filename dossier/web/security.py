"""Privacy and security in every HTML page, added as each page is rendered.

Each page gets a Content-Security-Policy that allows only the site itself (the
few inline scripts and styles the theme writes are allowed by their hashes,
computed from the page, so nothing inline can be added unnoticed), a
``no-referrer`` policy, and ``rel="noopener noreferrer"`` on links that leave
the site.

The hashes are those the browser computes: of a ``<script>`` or ``<style>``
element's text as written (raw text: no character reference is decoded
there), and of a ``style`` attribute's value once decoded (``&quot;`` is a
``"`` to the browser).  They are computed last, from the page as it will be
written, so no later rewrite can make them stale.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import unescape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# An element's attributes, then its text up to the closing tag; scripts with
# a ``src`` have no inline code (``_inline`` leaves them out).
_INLINE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script\s*>", re.S | re.I)
_INLINE_STYLE = re.compile(r"<style(\s[^>]*)?>(.*?)</style\s*>", re.S | re.I)
_SRC = re.compile(r"\ssrc\s*=", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]*)""", re.I)
# The HTML standard's JavaScript MIME types, and modules; "" is JavaScript too.
RUN_TYPES = frozenset(
    {
        "",
        "module",
        "text/javascript",
        "application/javascript",
        "text/ecmascript",
        "application/ecmascript",
        "application/x-javascript",
        "text/jscript",
    }
)
# Both start with a literal, which the regex engine finds fast; what must come
# before it is checked on each match (a pattern starting with \s or <a is tried
# at every space or tag of the page: most of the time of hardening it).
_STYLE_ATTRIBUTE = re.compile(r"""style=(?:"([^"]*)"|'([^']*)')""")
_EXTERNAL_HREF = re.compile(r'href="https?://')
_TAG_END = re.compile(r"[^>]*>")
_HAS_REL = re.compile(r"\srel=")
_HEAD = re.compile(r"(<head>\s*<meta charset=\"utf-8\"\s*/?>)")
MARK = 'http-equiv="Content-Security-Policy"'


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _inline(pattern: re.Pattern[str], html: str) -> set[str]:
    """The text of each element ``pattern`` finds that has no ``src`` and that
    the browser runs (a script of another type, such as JSON-LD, is data)."""
    return {
        found.group(2)
        for found in pattern.finditer(html)
        if not (found.group(1) and _SRC.search(found.group(1))) and runs(found.group(1))
    }


def runs(attributes: str | None) -> bool:
    """A ``<script>`` with these attributes is code the browser runs: no
    ``type``, or a JavaScript one (any other type is a data block)."""
    found = _TYPE.search(attributes or "")
    return found is None or found.group(1).strip().lower() in RUN_TYPES


def style_attributes(html: str) -> set[str]:
    """Each ``style`` attribute's value as the browser reads it (decoded)."""
    values = set()
    for found in _STYLE_ATTRIBUTE.finditer(html):
        if html[found.start() - 1].isspace():
            value = found.group(1) if found.group(1) is not None else found.group(2)
            values.add(unescape(value) if "&" in value else value)
    return values


def policy(html: str) -> str:
    """The page's policy: its own origin, plus the hashes of its inline code."""
    scripts = sorted({_hash(s) for s in _inline(_INLINE_SCRIPT, html)})
    styles = sorted({_hash(s) for s in _inline(_INLINE_STYLE, html)})
    attributes = sorted({_hash(value) for value in style_attributes(html)})
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
    """The page with its links closed, then its policy made from that page."""
    if MARK in html:
        return html
    html = _close_external_links(html)
    head = (
        f'\\1\n<meta {MARK} content="{policy(html)}">\n<meta name="referrer" content="no-referrer">'
    )
    return _HEAD.sub(head, html, count=1)


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
        if _inside_script(html, href):
            continue  # a script's text is code, not markup: it stays as written
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


def _inside_script(html: str, position: int) -> bool:
    opened = html.rfind("<script", 0, position)
    return opened >= 0 and html.find("</script", opened, position) < 0


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
