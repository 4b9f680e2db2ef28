"""Fixtures of the browser tests: the real site served on 127.0.0.1, and one Chromium.

The site is the session's build (``site`` in tests/conftest.py). Each test opens its pages in
fresh browser contexts, so no cookie, storage or cache carries over from another test.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from .support import CHROMIUM_ARGS, Browse, chromium_executable


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site: Path) -> Iterator[str]:
    """The built site served over HTTP on 127.0.0.1 at a free port, for the whole session."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium, one for the session (never a downloaded browser)."""
    executable = chromium_executable()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browse(browser: Browser, site: Path, base_url: str) -> Iterator[Browse]:
    """Open pages of the served site, each in a fresh context, closed when the test ends."""
    browsing = Browse(browser, site, base_url)
    try:
        yield browsing
    finally:
        browsing.close()
