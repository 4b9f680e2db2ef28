"""Open data and citations, as a reader meets them: the citation block, paragraph
permalinks, the network pictures and the data links, on the real pages, light and dark."""

from __future__ import annotations

import json

import pytest

from .support import COLOR_SCHEMES

ARTICLE = "articles/mek-nuisance-or-threat.html"
ENTITY = "entities/ali-khamenei.html"


def _opacity(locator) -> float:
    return float(locator.evaluate("(el) => getComputedStyle(el).opacity"))


def test_article_offers_its_citation_and_the_files_to_download(browse):
    visit = browse.open(ARTICLE)
    page = visit.page
    block = page.locator("section#cite")
    block.scroll_into_view_if_needed()
    assert block.locator("h2").inner_text().startswith("Cite this article")
    reference = block.locator("p.dossier-reference")
    assert reference.is_visible()
    assert "The Mujahedin-e Khalq (MEK)" in reference.inner_text()
    for name, kind in (("BibTeX", "@misc{"), ("CSL-JSON", '"type": "webpage"')):
        link = block.get_by_role("link", name=name)
        assert link.is_visible()
        response = page.request.get(link.evaluate("(a) => a.href"))
        assert response.ok and kind in response.text(), name
    assert not visit.failures and not visit.errors


def test_paragraph_permalink_appears_on_hover_and_on_keyboard_focus(browse):
    visit = browse.open(ARTICLE)
    page = visit.page
    paragraph = page.locator("p#p5")
    link = paragraph.locator("> a.headerlink")
    paragraph.scroll_into_view_if_needed()
    page.mouse.move(0, 0)
    assert _opacity(link) == 0
    paragraph.hover()
    assert _opacity(link) == 1
    page.mouse.move(0, 0)
    # from the link just before it, the Tab key reaches the paragraph's ¶
    page.locator("p#p4 > a.headerlink").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused == "#p5"
    assert _opacity(link) == 1
    page.keyboard.press("Enter")
    assert page.url.endswith("#p5")


@pytest.mark.parametrize("color_scheme", COLOR_SCHEMES)
def test_network_pictures_are_drawn_and_each_node_leads_to_its_page(browse, color_scheme):
    for path in (ENTITY, "network.html"):
        visit = browse.open(path, color_scheme=color_scheme)
        page = visit.page
        picture = page.locator("svg.dossier-network").first
        picture.scroll_into_view_if_needed()
        box = picture.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 150, path
        colours = picture.evaluate(
            """(svg) => ({
                label: getComputedStyle(svg.querySelector("a text")).fill,
                line: getComputedStyle(svg.querySelector("line")).stroke,
                page: getComputedStyle(document.body).backgroundColor,
            })"""
        )
        assert colours["label"] != colours["page"], (path, colours)
        assert colours["line"] != colours["page"], (path, colours)
        node = picture.locator("a").first
        target = node.evaluate("(a) => a.href.baseVal ?? a.getAttribute('xlink:href')")
        node.click()
        page.wait_for_load_state("load")
        assert page.url.split("#")[0].endswith(target.rsplit("/", 1)[-1]), (path, page.url)
        assert not visit.failures and not visit.errors, path


def test_about_page_links_the_data_package(browse):
    visit = browse.open("about.html")
    page = visit.page
    link = page.locator(".dossier-dataset").get_by_role("link", name="datapackage.json")
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    response = page.request.get(link.evaluate("(a) => a.href"))
    described = json.loads(response.text())
    assert {r["path"] for r in described["resources"]} >= {"entities.csv", "mentions.json"}
    csv_link = page.locator(".dossier-dataset").get_by_role("link", name="mentions.csv")
    rows = page.request.get(csv_link.evaluate("(a) => a.href")).text().splitlines()
    assert rows[0] == "entity,article,paragraph"
    assert len(rows) > 100


def test_quotation_links_to_its_paragraph_and_its_citation(browse):
    visit = browse.open("quotations/2020.html")
    page = visit.page
    item = page.locator("li.dossier-quotation").first
    item.get_by_role("link", name="cite").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"{ARTICLE}#cite")
    assert page.locator("section#cite").is_visible()
