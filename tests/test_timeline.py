"""Events and quotations: marking, dates, timeline, quotations page, speaker pages, errors.

Built on the 'timeline' test root; tests that change sources work on a copy.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.sources.dates import DateError, PartialDate, parse_date
from helpers import normalise, soup

ROOT = Path(__file__).parent / "roots" / "test-timeline"


@pytest.fixture
def project(copy_root):
    return copy_root("timeline")


def body(page: Path):
    return soup(page).select_one("div.body")


def texts(page: Path, selector: str) -> list[str]:
    return [normalise(n.get_text()) for n in body(page).select(selector)]


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# --- dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "parsed", "shown"),
    [
        ("1953", PartialDate("1953", False), "1953"),
        ("2019-11?", PartialDate("2019-11", True), "November 2019 (inferred)"),
        ("2020-06-06", PartialDate("2020-06-06", False), "6 June 2020"),
    ],
)
def test_dates_keep_the_precision_the_text_allows(written, parsed, shown):
    assert parse_date(written) == parsed
    assert parsed.display() == shown


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "6 June",
            "malformed date '6 June' (fix: write YYYY, YYYY-MM or YYYY-MM-DD, "
            "with a trailing ? if inferred)",
        ),
        (
            "2019-02-30",
            "impossible date '2019-02-30': day is out of range for month "
            "(fix: check the day and month)",
        ),
        (
            "2019-13",
            "impossible date '2019-13': month must be in 1..12 (fix: check the day and month)",
        ),
    ],
)
def test_bad_dates_are_explained(written, message):
    with pytest.raises(DateError) as caught:
        parse_date(written)
    assert str(caught.value) == message


# --- events and the timeline --------------------------------------------------


def test_event_markers_leave_the_article_words_unchanged(build):
    app = build()
    paragraphs = [p.removesuffix("¶") for p in texts(app.outdir / "articles" / "one.html", "p")]
    assert "On May 2, 1981, there was a demonstration by the MEK." in paragraphs
    assert not [p for p in paragraphs if "{event}" in p or ":label:" in p]


def test_events_are_recorded_with_their_paragraph_date_and_entities(build):
    app = build()
    events = app.env.get_domain("dossier").data["events"]["articles/one"]
    assert [(e.date, e.inferred, e.paragraph, e.entities) for e in events] == [
        ("1981-05-02", False, "p1", ("mek",)),
        ("2020-01-08", False, "p2", ("ali-khamenei", "mek")),
        ("2019-11", True, "p2", ("mek",)),
    ]


def test_timeline_groups_events_by_year_in_date_order(build):
    page = build().outdir / "timeline.html"
    assert texts(page, "section > section > h2") == ["1981¶", "2018¶", "2019¶", "2020¶"]
    entries = texts(page, "li.dossier-event > p:first-child")
    assert entries == [
        "2 May 1981 — A demonstration. Reported in Article one.",
        "2 January 2018 — Rouhani telephones the French president about the MEK. "
        "Reported in Article two.",
        "November 2019 (inferred) — Protests over the price of petrol. Reported in Article one.",
        "8 January 2020 — Khamenei speaks about the November protests. Reported in Article one.",
    ]


def test_timeline_entries_link_to_the_paragraph_and_the_entities(build):
    page = body(build().outdir / "timeline.html")
    first = page.select_one("li.dossier-event")
    links = [(a.get_text(), a["href"]) for a in first.select("a")]
    assert links == [
        ("Article one", "articles/one.html#p1"),
        ("Mujahedin-e Khalq", "entities/mek.html"),
    ]


def test_timeline_chart_is_accessible_with_one_bar_per_year_with_events(build):
    page = body(build().outdir / "timeline.html")
    chart = page.select_one("svg.dossier-chart")
    assert chart["role"] == "img"
    title = page.select_one("#" + chart["aria-labelledby"].split()[0]).get_text()
    assert title == "Dated events per year"
    desc = page.select_one("#timeline-chart-desc").get_text()
    assert "1981: 1, 2018: 1, 2019: 1, 2020: 1" in desc
    bars = [bar.find("title").get_text() for bar in chart.select("rect.bar")]
    assert bars == ["1981: 1 event", "2018: 1 event", "2019: 1 event", "2020: 1 event"]


def test_entity_page_lists_the_events_it_takes_part_in(build):
    page = build().outdir / "entities" / "ali-khamenei.html"
    assert texts(page, "#events li") == [
        "8 January 2020 — Khamenei speaks about the November protests. Reported in Article one."
    ]


# --- quotations ---------------------------------------------------------------


def test_quotation_markup_keeps_the_words_and_shows_the_attribution(build):
    app = build()
    page = body(app.outdir / "articles" / "one.html")
    assert "Khamenei said: “A few days before, agents gathered." in normalise(page.get_text())
    note = page.select_one("p.dossier-attribution")
    assert normalise(note.get_text()) == (
        "Quoted, in order: Ali Khamenei, 8 January 2020, speech; Ali Khamenei."
    )
    block = page.select_one("blockquote.dossier-quote")
    assert normalise(block.select_one(".attribution").get_text()) == (
        "—National Council of Resistance of Iran, clarification for a website "
        "(unnamed spokesperson)"
    )


def test_quotations_are_recorded_with_speaker_date_venue_and_paragraph(build):
    app = build()
    quotes = app.env.get_domain("dossier").data["quotes"]["articles/one"]
    assert [(q.speaker, q.date, q.venue, q.paragraph) for q in quotes] == [
        ("ali-khamenei", "2020-01-08", "speech", "p2"),
        ("ali-khamenei", "", "", "p2"),
        ("ncri", "", "clarification for a website (unnamed spokesperson)", "p3"),
    ]
    assert quotes[0].opening == (
        "“A few days before, agents gathered. They continue … as much as they can.”"
    )


def test_speaker_page_lists_their_quotations(build):
    page = build().outdir / "entities" / "ali-khamenei.html"
    assert texts(page, "#quotations li") == [
        "“A few days before, agents gathered. They continue … as much as they can.” "
        "— 8 January 2020, speech (in “Article one”, ¶ 2; cite)",
        "“Not at all.” (in “Article one”, ¶ 2; cite)",
    ]
    assert body(page).select_one("#quotations li a")["href"] == "../articles/one.html#p2"


def test_quotations_page_lists_by_speaker_then_by_date(build):
    page = build().outdir / "quotations.html"
    speakers = texts(page, "#by-speaker h3")
    # A to Z by sort name: Khamenei, National Council, Rouhani
    assert speakers == [
        "Ali Khamenei¶",
        "National Council of Resistance of Iran¶",
        "Hassan Rouhani¶",
    ]
    by_date = texts(page, "#by-date > ul:first-of-type > li")
    assert by_date == [
        "“Take action.” — Hassan Rouhani, 2 January 2018, telephone call "
        "(in “Article two”, ¶ 1; cite)",
        "“A few days before, agents gathered. They continue … as much as they can.” "
        "— Ali Khamenei, 8 January 2020, speech (in “Article one”, ¶ 2; cite)",
    ]


# --- errors ------------------------------------------------------------------


def one(project: Path) -> Path:
    return project / "articles" / "one.md"


@pytest.mark.parametrize(
    ("markup", "line", "message"),
    [
        (
            ":::{event} 2019-02-30\n:label: x\n:entities: mek\n:::\n\nText.\n",
            35,
            "impossible date '2019-02-30': day is out of range for month "
            "(fix: check the day and month) [dossier.date]",
        ),
        (
            ":::{event} 2019\n:label: x\n:entities: mke\n:::\n\nText.\n",
            35,
            "unknown entity id 'mke' in event (fix: did you mean 'mek'?) [dossier.entity]",
        ),
        (
            ":::{event} 2019\n:entities: mek\n:::\n\nText.\n",
            35,
            "event has no label (fix: add ':label: a short neutral description') [dossier.event]",
        ),
        (
            "Said {quote}`“Hi.” <ali-khamenai>`.\n",
            35,
            "unknown speaker 'ali-khamenai' (fix: did you mean 'ali-khamenei'?) [dossier.quote]",
        ),
        (
            "Said {quote}`“Hi.” <ali-khamenei, 6 June>`.\n",
            35,
            "malformed date '6 June' (fix: write YYYY, YYYY-MM or YYYY-MM-DD, "
            "with a trailing ? if inferred) [dossier.date]",
        ),
        (
            "Said {quote}`“Hi.”`.\n",
            35,
            "quotation names no speaker (fix: end the role with <speaker-id, date, venue>) "
            "[dossier.quote]",
        ),
        (
            ":::{quote} ali-khamenei\n:::\n",
            35,
            "quotation marker encloses no text (fix: put the quoted paragraphs inside it) "
            "[dossier.quote]",
        ),
    ],
    ids=[
        "impossible-date",
        "unknown-entity",
        "no-label",
        "unknown-speaker",
        "malformed-quote-date",
        "no-speaker",
        "empty-quote",
    ],
)
def test_bad_markup_is_a_warning_with_file_line_and_fix(build, project, markup, line, message):
    append(one(project), "\n" + markup)
    app = build()
    assert f"{one(project)}:{line}: WARNING: {message}" in app.warning.getvalue()


# --- incremental ---------------------------------------------------------------


def test_rebuild_with_no_change_reads_and_writes_nothing(build):
    build()
    assert build(record=True)[1] == ([], [])


def test_editing_an_event_label_rewrites_the_timeline_and_its_entities_only(build, project):
    build()
    path = project / "articles" / "two.md"
    path.write_text(path.read_text().replace("telephones the French", "calls the French"))
    _app, (read, written) = build(record=True)
    assert read == ["articles/two"]
    assert written == [
        "articles/two",
        "entities/hassan-rouhani",
        "entities/mek",
        "index",
        "timeline",
    ]


def test_editing_a_quotation_rewrites_the_quotations_page_and_the_speaker(build, project):
    build()
    path = project / "articles" / "two.md"
    path.write_text(path.read_text().replace("“Take action.”", "“Take action now.”"))
    _app, (read, written) = build(record=True)
    assert read == ["articles/two"]
    assert written == ["articles/two", "entities/hassan-rouhani", "index", "quotations"]
