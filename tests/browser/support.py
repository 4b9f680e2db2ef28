"""What the browser tests share: the page types, the tools' paths, and a recorded visit."""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, Response

REPO = Path(__file__).resolve().parents[2]
NODE_MODULES = REPO / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = REPO / "tests" / "screenshots"
INSTALL_HINT = "run `make test`, which installs the test tools (see tests/browser/)"

# One page of each kind the site has, as a reader opens it (path relative to the site root).
PAGE_TYPES = {
    "home": "index.html",
    "article": "articles/mek-nuisance-or-threat.html",
    "entity": "entities/ali-khamenei.html",
    "listing": "people.html",
    "glossary": "glossary.html",
    "timeline": "timeline.html",
    "timeline-year": "timeline/2018.html",
    "quotations": "quotations.html",
    "quotations-year": "quotations/2020.html",
    "network": "network.html",
    "archive": "archive.html",
    "search": "search.html?q=Khamenei",
    "404": "404.html",
}

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}
COLOR_SCHEMES = ("light", "dark")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def chromium_executable() -> str:
    """The system Chromium; the browser tests fail (never skip) without it."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail(f"Chromium is not installed (no `chromium` on PATH): {INSTALL_HINT}")
    return executable


def node_tool(path: Path) -> Path:
    if not path.is_file():
        pytest.fail(f"{path.relative_to(REPO)} is missing: {INSTALL_HINT} (npm ci)")
    return path


@dataclass
class Visit:
    """One page opened in a fresh browser context, with what it asked the network for."""

    page: Page
    origin: str  # "http://127.0.0.1:PORT" or "file://"
    requests: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # local responses >= 400, failed loads
    errors: list[str] = field(default_factory=list)  # uncaught script errors

    def is_local(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            return True
        if self.origin == "file://":
            return parts.scheme == "file"
        return f"{parts.scheme}://{parts.netloc}" == self.origin

    def third_party(self) -> list[str]:
        return [url for url in self.requests if not self.is_local(url)]

    def assert_only_local_requests(self) -> None:
        outside = self.third_party()
        assert not outside, f"{self.page.url} asked other hosts for: " + ", ".join(outside)

    def watch(self, context: BrowserContext) -> None:
        """Record every request of every page of the context; stop those that leave the site."""

        def on_request(request: Request) -> None:
            self.requests.append(request.url)

        def on_response(response: Response) -> None:
            if response.status >= 400 and self.is_local(response.url):
                self.failures.append(f"{response.status} {response.url}")

        def on_failed(request: Request) -> None:
            if self.is_local(request.url):
                self.failures.append(f"{request.failure} {request.url}")

        context.on("request", on_request)
        context.on("response", on_response)
        context.on("requestfailed", on_failed)
        context.route(lambda url: not self.is_local(url), lambda route: route.abort())


def wait_for_search(page: Page) -> str:
    """Wait until Sphinx's search has listed its results; return its summary line."""
    summary = page.locator("#search-results p.search-summary")
    page.wait_for_function(
        """() => {
            const summary = document.querySelector("#search-results p.search-summary");
            return summary && /finished|did not match/.test(summary.textContent);
        }""",
        timeout=15_000,
    )
    return summary.inner_text()


class Browse:
    """Opens pages of the served site, each in a fresh context; closes them all at the end."""

    def __init__(self, browser: Browser, site: Path, base_url: str) -> None:
        self.browser = browser
        self.site = site
        self.base_url = base_url
        self.contexts: list[BrowserContext] = []

    def context(
        self,
        viewport: str = "desktop",
        color_scheme: str = "light",
        *,
        origin: str | None = None,
        bypass_csp: bool = False,
    ) -> tuple[BrowserContext, Visit]:
        """A fresh context; ``bypass_csp`` lets a test inject a tool (axe) past the site's CSP."""
        context = self.browser.new_context(
            viewport=VIEWPORTS[viewport],
            color_scheme=color_scheme,
            reduced_motion="reduce",
            bypass_csp=bypass_csp,
        )
        self.contexts.append(context)
        page = context.new_page()
        visit = Visit(page=page, origin=origin or self.base_url.rstrip("/"))
        visit.watch(context)
        page.on("pageerror", lambda error: visit.errors.append(f"{page.url}: {error}"))
        return context, visit

    def require(self, path: str) -> Path:
        """The built file behind a page path; fails clearly when the site lacks it."""
        file = self.site / urlsplit(path).path
        assert file.is_file(), (
            f"{path}: the built site has no such page ({file.relative_to(self.site)} is missing)"
        )
        return file

    def goto(self, visit: Visit, path: str, *, base: str | None = None) -> Page:
        self.require(path)
        page = visit.page
        response = page.goto((base or self.base_url) + path, wait_until="load")
        if response is not None:  # None for file:// pages
            assert response.ok, f"{path}: HTTP {response.status}"
        if urlsplit(path).path == "search.html" and "q=" in path:
            wait_for_search(page)
        return page

    def open(
        self,
        path: str,
        viewport: str = "desktop",
        color_scheme: str = "light",
        *,
        bypass_csp: bool = False,
    ) -> Visit:
        _, visit = self.context(viewport, color_scheme, bypass_csp=bypass_csp)
        self.goto(visit, path)
        return visit

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


def screenshot(page: Page, name: str, viewport: str, color_scheme: str) -> Path:
    """Save a full-page screenshot to tests/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}-{viewport}-{color_scheme}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
