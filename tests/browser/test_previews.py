"""An entity link in an article previews the entity (kind, description) on hover and on focus."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from .support import PAGE_TYPES

ENTITY_LINK = "article a.reference:has(span.dossier-entity)"
PREVIEW = "#dossier-preview[role=tooltip]"


def first_entity_link(page):
    """The article's first link to an entity page, and that page's kind and description."""
    links = page.locator(ENTITY_LINK)
    assert links.count(), "the article has no entity link"
    for index in range(links.count()):
        link = links.nth(index)
        if "/entities/" in urlsplit(link.evaluate("a => a.href")).path:
            return link
    raise AssertionError("the article links no entity page")


def expected(site, link) -> tuple[str, str]:
    path = urlsplit(link.evaluate("a => a.href")).path
    entity = BeautifulSoup(
        (site / "entities" / path.rsplit("/", 1)[1]).read_text("utf-8"), "html.parser"
    )
    kind = entity.select_one("p.dossier-kind").get_text(strip=True)
    description = " ".join(entity.select_one("p.dossier-description").get_text().split())
    first_sentence = re.split(r"(?<=\.)\s", description, maxsplit=1)[0]
    return kind, first_sentence


def assert_preview_shows(page, kind: str, description: str, how: str) -> None:
    preview = page.locator(PREVIEW)
    preview.wait_for(state="visible", timeout=5_000)
    text = " ".join(preview.inner_text().split())
    assert kind.lower() in text.lower(), f"on {how}: the preview {text!r} lacks the kind {kind!r}"
    assert description in text, f"on {how}: the preview {text!r} lacks {description!r}"


def test_entity_link_previews_on_hover(browse, site):
    page = browse.open(PAGE_TYPES["article"]).page
    link = first_entity_link(page)
    kind, description = expected(site, link)
    assert not page.locator(PREVIEW).is_visible(), "a preview shows before any hover"
    link.hover()
    assert_preview_shows(page, kind, description, "hover")


def test_entity_link_previews_on_keyboard_focus(browse, site):
    page = browse.open(PAGE_TYPES["article"]).page
    link = first_entity_link(page)
    kind, description = expected(site, link)
    for _ in range(300):
        page.keyboard.press("Tab")
        if link.evaluate("a => a === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reaches the article's first entity link")
    assert_preview_shows(page, kind, description, "keyboard focus")
