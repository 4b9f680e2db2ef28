"""Every internal link and #fragment of every built page points at something that exists."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

LINK_ATTRIBUTES = {"a": "href", "area": "href", "link": "href", "script": "src", "img": "src"}


@cache
def parsed(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@cache
def anchors(path: Path) -> frozenset[str]:
    page = parsed(path)
    ids = {tag["id"] for tag in page.find_all(id=True)}
    names = {tag["name"] for tag in page.find_all("a", attrs={"name": True})}
    return frozenset(ids | names)


def broken_links(site: Path, page: Path) -> list[str]:
    broken = []
    for tag_name, attribute in LINK_ATTRIBUTES.items():
        for tag in parsed(page).find_all(tag_name, attrs={attribute: True}):
            url = tag[attribute]
            parts = urlsplit(url)
            if parts.scheme or parts.netloc:
                continue  # an outside link: not ours to resolve here
            target = page
            if parts.path:
                # a root-relative path (as on the 404 page) is read from the site's root
                base = site if parts.path.startswith("/") else page.parent
                target = (base / unquote(parts.path).lstrip("/")).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file() or not target.is_relative_to(site.resolve()):
                    broken.append(f"{url}: no such file")
                    continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in anchors(target):
                broken.append(f"{url}: no element with id {fragment!r}")
    return broken


def test_every_internal_link_and_fragment_resolves(site):
    pages = sorted(site.rglob("*.html"))
    assert pages, "no HTML page built"
    problems = []
    for page in pages:
        problems += [f"{page.relative_to(site)}: {p}" for p in broken_links(site, page)]
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(problems[:60])
