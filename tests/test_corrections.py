"""Corrections on the record: the article's notice, the Corrections page, the feed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from dossier.sources import frontmatter
from dossier.sources.corrections import (
    Correction,
    corrected_paragraphs,
    corrections_of,
    records_paragraph,
)
from helpers import normalise, soup

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def project(copy_root):
    return copy_root("corrections")


def _items(element) -> list[str]:
    return [normalise(li.get_text()) for li in element.find_all("li")]


def test_a_corrected_article_shows_a_dated_notice_under_its_byline(build):
    out = Path(build().outdir)
    page = soup(out / "articles" / "corrected.html")
    notice = page.find(id="corrections-notice")
    assert "admonition" in notice["class"]
    assert "dossier-byline" in notice.find_previous_sibling("div")["class"]
    assert (
        normalise(notice.find(class_="admonition-title").get_text()) == "Corrected 20 November 2026"
    )
    assert _items(notice) == [
        "20 November 2026: Corrected the spelling of a name in the first paragraph. "
        "Reason: The publisher corrected its own article.",
        "2 November 2026: Restored the second paragraph, which the import missed. "
        "Reason: The saved copy of the page left it out.",
    ]
    assert soup(out / "articles" / "plain.html").find(id="corrections-notice") is None


def test_the_corrections_page_lists_every_correction_newest_first(build):
    out = Path(build().outdir)
    page = soup(out / "corrections.html")
    listing = page.find("ul", class_="dossier-corrections-list")
    assert _items(listing) == [
        "20 November 2026, A corrected article: Corrected the spelling of a name in the first "
        "paragraph. Reason: The publisher corrected its own article.",
        "10 November 2026, Another corrected article: Restored a heading. "
        "Reason: The import took it for a caption.",
        "2 November 2026, A corrected article: Restored the second paragraph, which the import "
        "missed. Reason: The saved copy of the page left it out.",
    ]
    links = [a["href"] for a in listing.find_all("a")]
    assert links[0] == "articles/corrected.html#corrections-notice"
    assert links[1] == "articles/other.html#corrections-notice"


def _entries(out: Path) -> dict[str, ET.Element]:
    feed = ET.parse(out / "atom.xml").getroot()
    return {e.findtext(f"{ATOM}title"): e for e in feed.findall(f"{ATOM}entry")}


def test_the_feed_entry_is_updated_by_the_newest_correction_and_says_what_changed(build):
    out = Path(build().outdir)
    feed = ET.parse(out / "atom.xml").getroot()
    assert feed.findtext(f"{ATOM}updated") == "2026-11-20T00:00:00+00:00"
    entries = _entries(out)
    corrected = entries["A corrected article"]
    assert corrected.findtext(f"{ATOM}published") == "2020-03-01T00:00:00+00:00"
    assert corrected.findtext(f"{ATOM}updated") == "2026-11-20T00:00:00+00:00"
    content = corrected.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "20 November 2026: Corrected the spelling of a name" in content.text
    assert "Reason: The publisher corrected its own article." in content.text
    plain = entries["An article never corrected"]
    assert plain.findtext(f"{ATOM}updated") == "2022-01-05T00:00:00+00:00"
    assert plain.find(f"{ATOM}content") is None


def test_a_new_correction_rewrites_the_article_and_the_corrections_page(build, project):
    build()
    path = project / "articles" / "plain.md"
    path.write_text(
        path.read_text("utf-8").replace(
            "source: Test source three.\n",
            'source: Test source three.\ncorrections:\n  - date: "2026-11-25"\n'
            "    change: Restored a word.\n    reason: A typing slip.\n",
        ),
        "utf-8",
    )
    app, (read, written) = build(record=True)
    assert read == ["articles/plain"]
    assert "corrections" in written
    page = soup(Path(app.outdir) / "corrections.html")
    first = page.find("ul", class_="dossier-corrections-list").find("li")
    assert normalise(first.get_text()).startswith("25 November 2026, An article never corrected")
    assert soup(Path(app.outdir) / "articles" / "plain.html").find(id="corrections-notice")


# --- reading corrections without Sphinx (for checks against stored sources) ---------

CORRECTED = Path(__file__).parent / "roots" / "test-corrections" / "articles" / "corrected.md"


def test_corrections_are_read_newest_first_from_front_matter():
    matter = frontmatter.read(CORRECTED)
    assert matter.problems == []
    assert [c.date for c in corrections_of(matter.data)] == ["2026-11-20", "2026-11-02"]
    assert corrections_of(matter.data)[1] == Correction(
        "2026-11-02",
        "Restored the second paragraph, which the import missed.",
        "The saved copy of the page left it out.",
        "The second paragraph, restored.",
    )


def test_corrections_are_read_from_sphinx_metadata_too():
    """Sphinx keeps front-matter lists as JSON text in ``env.metadata``."""
    data = frontmatter.read(CORRECTED).data
    assert corrections_of({"corrections": json.dumps(data["corrections"])}) == corrections_of(data)
    assert corrections_of({}) == ()


def test_a_paragraph_is_on_record_only_when_a_correction_quotes_it():
    data = frontmatter.read(CORRECTED).data
    assert corrected_paragraphs(data) == {"The second paragraph, restored."}
    assert records_paragraph(data, "The second\n  paragraph, restored.")
    assert not records_paragraph(data, "The first paragraph, as corrected.")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "  - change: c\n    reason: r\n",
            "8: 'corrections' item 1: 'date' is a required property (fix: give each correction "
            "its date, change (what changed) and reason (why))",
        ),
        (
            '  - date: "2026-11-02"\n    change: c\n',
            "8: 'corrections' item 1: 'reason' is a required property (fix: give each correction "
            "its date, change (what changed) and reason (why))",
        ),
        (
            '  - date: "2026-02-30"\n    change: c\n    reason: r\n',
            "8: 'corrections' item 1 'date': '2026-02-30' is not a 'date' "
            "(fix: write the day of the correction as YYYY-MM-DD, in quotes)",
        ),
        (
            '  - date: "2026-11-02"\n    change: c\n    reason: r\n    why: w\n',
            "8: 'corrections' item 1: Additional properties are not allowed ('why' was "
            "unexpected) (fix: a correction has date, change, reason and optionally paragraph)",
        ),
    ],
)
def test_a_bad_correction_is_an_error_at_its_line(entry, message):
    text = (
        '---\ntitle: T\ndate: "2020"\nsummary: s\ntags: []\nsource: s\ncorrections:\n'
        f"{entry}---\n\nText.\n"
    )
    assert [p.format("a.md") for p in frontmatter.parse(text).problems] == [f"a.md:{message}"]


def test_the_notice_is_not_article_text_and_leaves_paragraph_numbers_alone(build):
    """The article's first paragraph stays ¶ 1 (its anchor and citation)."""
    page = soup(Path(build().outdir) / "articles" / "corrected.html")
    notice = page.find(id="corrections-notice")
    assert notice.find(id=True, name="p") is None
    assert notice.find(class_="headerlink") is None
    first = page.find("p", id="p1")
    assert notice not in first.parents
