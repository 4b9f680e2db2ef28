"""Who appears with whom, drawn: each entity's neighbours and the dossier's strongest links."""

from __future__ import annotations

import subprocess
import sys
from urllib.parse import urljoin

from dossier.features.network import layout
from helpers import soup

LINKS = (("a", "b", 3), ("b", "c", 1), ("a", "c", 2), ("c", "d", 5), ("d", "e", 1))


def _drawn_links(svg) -> list[str]:
    return [a["xlink:href"] for a in svg.find_all("a")]


def test_entity_page_draws_its_neighbours_and_lists_the_same(site):
    page = soup(site / "entities" / "ali-khamenei.html")
    section = page.find("section", id="appears-alongside")
    svg = section.find("svg", class_="dossier-network")
    listed = [a["href"] for a in section.select("ul.dossier-alongside a")]
    assert listed
    assert sorted(_drawn_links(svg)) == sorted(listed)  # every node a link, the same as the list
    names = [t.get_text() for t in svg.find_all("text")]
    assert names[0] == "Ali Khamenei"  # the entity itself, in the middle, not a link
    assert len(svg.find_all("line")) == len(listed)
    assert svg.get("aria-label", "").startswith("Drawing: Ali Khamenei")
    assert not svg.find_all(style=True)  # colours from the stylesheet: light and dark


def test_network_page_draws_the_strongest_links_with_every_node_a_link(site):
    page = soup(site / "network.html")
    svg = page.find("svg", class_="dossier-network")
    drawn = _drawn_links(svg)
    assert len(drawn) == len(svg.find_all("circle")) > 10
    for href in drawn:
        assert (site / href).is_file(), href
    pairs = page.select("ul.dossier-network-links > li")
    assert len(pairs) == len(svg.find_all("line"))
    listed = {a["href"] for a in page.select("ul.dossier-network-links a")}
    assert listed == set(drawn)  # the text names the same entries as the drawing
    assert not svg.find_all(style=True)


def test_network_page_is_in_the_navigation(site):
    home = soup(site / "index.html")
    assert "network.html" in {urljoin("", a["href"]) for a in home.select(".sidebar-tree a")}


def test_layout_is_the_same_in_every_process():
    """A fixed seed and sorted input: the same dossier gives the same picture's bytes."""
    here = layout(LINKS)
    code = f"from dossier.features.network import layout; print(repr(layout({LINKS!r})))"
    elsewhere = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345"},
    ).stdout.strip()
    assert repr(here) == elsewhere
    assert sorted(here) == ["a", "b", "c", "d", "e"]
