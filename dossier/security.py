"""Privacy and security in every HTML page, added once the pages are written.

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
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx

_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
_INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_EXTERNAL_LINK = re.compile(r'<a(?![^>]*\srel=)(\s[^>]*?\bhref="https?://[^"]*"[^>]*)>')
_HEAD = re.compile(r"(<head>\s*<meta charset=\"utf-8\"\s*/?>)")
MARK = 'http-equiv="Content-Security-Policy"'


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(html: str) -> str:
    """The page's policy: its own origin, plus the hashes of its inline code."""
    scripts = sorted({_hash(s) for s in _INLINE_SCRIPT.findall(html)})
    styles = sorted({_hash(s) for s in _INLINE_STYLE.findall(html)})
    attributes = sorted({_hash(s) for s in _STYLE_ATTRIBUTE.findall(html)})
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
    return _EXTERNAL_LINK.sub(r'<a\1 rel="noopener noreferrer">', html)


def note_start(app: Sphinx) -> None:
    """Pages written from now on are this build's (run by ``dossier.start_build``)."""
    app.dossier_build_started = time.time()


def harden_pages(app: Sphinx, exception: Exception | None) -> None:
    """Harden the HTML pages written by this build (older ones already are)."""
    if exception or app.builder.name != "html":
        return
    started = getattr(app, "dossier_build_started", 0) - 1
    for page in Path(app.outdir).rglob("*.html"):
        if page.stat().st_mtime >= started:
            html = page.read_text(encoding="utf-8")
            hardened = harden(html)
            if hardened != html:
                page.write_text(hardened, encoding="utf-8")


def setup(app: Sphinx) -> None:
    app.connect("build-finished", harden_pages, priority=900)
