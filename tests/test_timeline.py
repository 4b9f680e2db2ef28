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


def year_rows(page: Path) -> list[tuple[str, ...]]:
    """The entry page's table of years: each row's cells, and the year's link."""
    rows = []
    for row in body(page).select("table.dossier-years tbody tr"):
        cells = tuple(normalise(cell.get_text()) for cell in row.select("td"))
        link = row.select_one("td a")
        rows.append((*cells, link["href"] if link else ""))
    return rows


def test_timeline_entry_page_lists_the_years_with_their_counts_and_links(build):
    page = body(build().outdir / "timeline.html")
    table = page.select_one("table.dossier-years")
    assert normalise(table.select_one("caption").get_text()) == "Dated events per year¶"
    assert [normalise(th.get_text()) for th in table.select("thead th")] == ["Year", "Events"]
    assert year_rows(build().outdir / "timeline.html") == [
        ("1981", "1", "timeline/1981.html"),
        ("2018", "1", "timeline/2018.html"),
        ("2019", "1", "timeline/2019.html"),
        ("2020", "1", "timeline/2020.html"),
    ]
    assert page.select("li.dossier-event") == [], "the events are on the year pages"


def test_each_year_page_holds_that_years_events_and_only_those(build):
    outdir = build().outdir
    found = {}
    for year in ("1981", "2018", "2019", "2020"):
        page = outdir / "timeline" / f"{year}.html"
        assert normalise(soup(page).select_one("h1").get_text()) == f"Timeline: {year}¶"
        found[year] = texts(page, "li.dossier-event > p:first-child")
    assert found == {
        "1981": ["2 May 1981 — A demonstration. Reported in Article one."],
        "2018": [
            "2 January 2018 — Rouhani telephones the French president about the MEK. "
            "Reported in Article two."
        ],
        "2019": [
            "November 2019 (inferred) — Protests over the price of petrol. Reported in Article one."
        ],
        "2020": [
            "8 January 2020 — Khamenei speaks about the November protests. Reported in Article one."
        ],
    }


def test_year_pages_link_to_the_years_before_and_after_and_to_all_years(build):
    outdir = build().outdir
    nav = body(outdir / "timeline" / "2018.html").select("nav.dossier-years-nav")
    assert len(nav) == 2, "above and below the list"
    assert nav[0]["aria-label"] == "Timeline: other years"
    assert [(a.get_text(), a["href"]) for a in nav[0].select("a")] == [
        ("← 1981", "1981.html"),
        ("All years", "../timeline.html"),
        ("2019 →", "2019.html"),
    ]
    last = body(outdir / "timeline" / "2020.html").select_one("nav.dossier-years-nav")
    assert [a.get_text() for a in last.select("a")] == ["← 2019", "All years"]


def test_timeline_entries_link_to_the_paragraph_and_the_entities(build):
    page = body(build().outdir / "timeline" / "1981.html")
    first = page.select_one("li.dossier-event")
    assert first["id"] == "event-1981-one-p1"
    links = [(a.get_text(), a["href"]) for a in first.select("a")]
    assert links == [
        ("Article one", "../articles/one.html#p1"),
        ("Mujahedin-e Khalq", "../entities/mek.html"),
    ]


def test_two_events_of_one_paragraph_have_anchors_of_their_own(build):
    outdir = build().outdir
    anchors = [
        li["id"] for li in body(outdir / "timeline" / "2019.html").select("li.dossier-event")
    ]
    anchors += [
        li["id"] for li in body(outdir / "timeline" / "2020.html").select("li.dossier-event")
    ]
    assert anchors == ["event-2019-one-p2-2", "event-2020-one-p2"]


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


def test_an_entity_pages_event_links_to_the_event_on_its_year_page(build):
    outdir = build().outdir
    link = body(outdir / "entities" / "ali-khamenei.html").select_one("#events li strong a")
    assert (link.get_text(), link["href"]) == (
        "8 January 2020",
        "../timeline/2020.html#event-2020-one-p2",
    )
    target = body(outdir / "timeline" / "2020.html").select_one("#event-2020-one-p2")
    assert "Khamenei speaks about the November protests" in target.get_text()


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


def test_quotations_entry_page_lists_the_years_of_publication(build):
    outdir = build().outdir
    table = body(outdir / "quotations.html").select_one("table.dossier-years")
    assert [normalise(th.get_text()) for th in table.select("thead th")] == [
        "Year",
        "Quotations",
        "Speakers",
    ]
    # Article one was published in 2020, article two in 2021 (whatever the quotations' dates)
    assert year_rows(outdir / "quotations.html") == [
        ("2020", "3", "2", "quotations/2020.html"),
        ("2021", "1", "1", "quotations/2021.html"),
    ]


def test_quotations_year_page_lists_by_speaker_then_by_date(build):
    outdir = build().outdir
    page = outdir / "quotations" / "2020.html"
    assert normalise(soup(page).select_one("h1").get_text()) == "Quotations: articles of 2020¶"
    # A to Z by sort name: Khamenei, then National Council; Rouhani's is in 2021
    assert texts(page, "#by-speaker h3") == [
        "Ali Khamenei¶",
        "National Council of Resistance of Iran¶",
    ]
    assert texts(page, "#by-date > ul:first-of-type > li") == [
        "“A few days before, agents gathered. They continue … as much as they can.” "
        "— Ali Khamenei, 8 January 2020, speech (in “Article one”, ¶ 2; cite)",
    ]
    later = outdir / "quotations" / "2021.html"
    assert texts(later, "#by-speaker h3") == ["Hassan Rouhani¶"]
    assert texts(later, "#by-date > ul:first-of-type > li") == [
        "“Take action.” — Hassan Rouhani, 2 January 2018, telephone call "
        "(in “Article two”, ¶ 1; cite)",
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


def test_editing_an_event_label_rewrites_its_year_and_its_entities_only(build, project):
    build()
    path = project / "articles" / "two.md"
    path.write_text(path.read_text().replace("telephones the French", "calls the French"))
    _app, (read, written) = build(record=True)
    assert read == ["articles/two"]
    # the counts are the same: the entry page and the other years stay as they were
    assert written == [
        "articles/two",
        "entities/hassan-rouhani",
        "entities/mek",
        "index",
        "timeline/2018",
    ]


def test_moving_an_event_to_another_year_rewrites_those_years_and_the_entry_page(build, project):
    build()
    path = project / "articles" / "one.md"
    path.write_text(path.read_text().replace(":::{event} 2019-11?", ":::{event} 2018-11?"))
    app, (read, written) = build(record=True)
    # the neighbours' sources name their neighbours; the home page's toctree is a glob
    assert read == ["articles/one", "index", "timeline/2018", "timeline/2020"]
    years = [name for name in written if name.startswith("timeline")]
    # 2019 has no event left: its page goes, and its neighbours' links change
    assert years == ["timeline", "timeline/2018", "timeline/2020"]
    assert not (project / "timeline" / "2019.md").exists()
    assert year_rows(app.outdir / "timeline.html") == [
        ("1981", "1", "timeline/1981.html"),
        ("2018", "2", "timeline/2018.html"),
        ("2020", "1", "timeline/2020.html"),
    ]
    assert texts(app.outdir / "timeline" / "2018.html", "li.dossier-event strong") == [
        "2 January 2018",
        "November 2018 (inferred)",
    ]


def test_editing_a_quotation_rewrites_its_year_of_publication_and_the_speaker(build, project):
    build()
    path = project / "articles" / "two.md"
    path.write_text(path.read_text().replace("“Take action.”", "“Take action now.”"))
    _app, (read, written) = build(record=True)
    assert read == ["articles/two"]
    assert written == ["articles/two", "entities/hassan-rouhani", "index", "quotations/2021"]


def test_an_event_in_a_new_year_gets_its_page_in_the_same_build(build, project):
    build()
    append(
        project / "articles" / "two.md",
        "\n:::{event} 1999-07-09\n:label: Student protests in Tehran\n:entities: mek\n:::\n\n"
        "In July 1999 students protested.\n",
    )
    app, (_read, written) = build(record=True)
    page = app.outdir / "timeline" / "1999.html"
    assert texts(page, "li.dossier-event strong") == ["9 July 1999"]
    assert ("1999", "1", "timeline/1999.html") in year_rows(app.outdir / "timeline.html")
    # the years on either side now link to it; the others stay as they were
    nav = body(app.outdir / "timeline" / "1981.html").select_one("nav.dossier-years-nav")
    assert [a.get_text() for a in nav.select("a")] == ["All years", "1999 →"]
    assert [name for name in written if name.startswith("timeline")] == [
        "timeline",
        "timeline/1981",
        "timeline/1999",
        "timeline/2018",
    ]


def test_a_draft_gives_the_timeline_no_year(build, project):
    (project / "articles" / "three.md").write_text(
        '---\ntitle: Three\ndate: "2022"\nsummary: A draft.\ntags: [test]\nsource: Test.\n'
        "draft: true\n---\n\n:::{event} 1950\n:label: Something\n:entities: mek\n:::\n\nText.\n",
        encoding="utf-8",
    )
    app = build()
    assert not (app.outdir / "timeline" / "1950.html").exists()
    assert not (project / "timeline" / "1950.md").exists()
