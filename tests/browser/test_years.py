"""The timeline and the quotations split by year, as a reader follows links to them."""

from __future__ import annotations

import re

YEAR_PAGE = re.compile(r"/timeline/(\d{4})\.html#(event-[\w-]+)$")


def test_an_entity_pages_event_link_lands_on_the_event_in_its_year_page(browse):
    page = browse.open("entities/ali-khamenei.html").page
    link = page.locator("#events li.dossier-event strong a").first
    label = page.locator("#events li.dossier-event").first.inner_text().split(" — ")[1]
    link.click()
    page.wait_for_url(YEAR_PAGE)
    year, anchor = YEAR_PAGE.search(page.url).groups()
    event = page.locator(f"li.dossier-event#{anchor}")
    assert event.is_visible()
    assert label.split(".")[0] in event.inner_text()
    assert page.locator("h1").inner_text().startswith(f"Timeline: {year}")
    assert page.evaluate("() => document.querySelector(':target')?.id") == anchor


def test_an_old_link_to_a_year_of_the_single_timeline_reaches_its_page(browse):
    visit = browse.open("timeline.html#year-1981")
    page = visit.page
    page.wait_for_url("**/timeline/1981.html")
    assert page.locator("h1").inner_text().startswith("Timeline: 1981")
    assert page.locator("li.dossier-event").count() >= 1
    assert not visit.errors


def test_an_old_link_to_an_event_on_the_timeline_reaches_the_event(browse):
    anchor = "event-1981-mek-nuisance-or-threat-p1"
    page = browse.open(f"timeline.html#{anchor}").page
    page.wait_for_url(f"**/timeline/1981.html#{anchor}")
    assert page.locator(f"#{anchor}").is_visible()


def test_an_old_link_to_a_speakers_quotations_reaches_the_speakers_page(browse):
    page = browse.open("quotations.html#speaker-ali-khamenei").page
    page.wait_for_url("**/entities/ali-khamenei.html#quotations")
    assert page.locator("#quotations li.dossier-quotation").count() >= 1


def test_the_entry_page_stays_put_for_its_own_anchors_and_links_each_year(browse):
    page = browse.open("timeline.html#years").page
    assert page.url.endswith("/timeline.html#years")
    years = page.locator("table.dossier-years tbody tr")
    assert years.count() > 1
    first = years.first.locator("a")
    year = first.inner_text()
    first.click()
    page.wait_for_url(f"**/timeline/{year}.html")
    following = page.locator("nav.dossier-years-nav").first.locator("a[rel=next]")
    later = following.inner_text().split()[0]
    following.click()
    page.wait_for_url(f"**/timeline/{later}.html")
