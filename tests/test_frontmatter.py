"""The article front-matter schema: each problem named with its line and a fix."""

from __future__ import annotations

from dossier.sources.frontmatter import parse

GOOD = """---
title: A title
date: "2020-07"
summary: A summary.
tags: [one, two]
source: Where it came from.
---

Body.
"""


def messages(text: str) -> list[str]:
    return [p.format("a.md") for p in parse(text).problems]


def test_valid_front_matter_has_no_problem():
    matter = parse(GOOD)
    assert matter.problems == []
    assert matter.data["date"] == "2020-07"


def test_unquoted_dates_and_years_are_accepted():
    assert parse(GOOD.replace('"2020-07"', "2020-07-05")).data["date"] == "2020-07-05"
    assert parse(GOOD.replace('"2020-07"', "2020")).data["date"] == "2020"


def test_missing_title_is_reported():
    assert messages(GOOD.replace("title: A title\n", "")) == [
        "a.md:1: 'title' is a required property "
        "(fix: add the field to the front matter between the '---' lines)"
    ]


def test_impossible_month_is_reported_at_its_line():
    assert messages(GOOD.replace('"2020-07"', '"2020-13"')) == [
        "a.md:3: 'date': '2020-13' does not match "
        "'^\\\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\\\d|3[01]))?)?$' "
        "(fix: write the date as YYYY, YYYY-MM or YYYY-MM-DD, in quotes)"
    ]


def test_yaml_syntax_error_names_the_line():
    assert messages(GOOD.replace("tags: [one, two]", "tags: [one, two")) == [
        "a.md:6: front matter is not valid YAML: expected ',' or ']', but got ':', "
        "while parsing a flow sequence that starts on line 5 "
        "(fix: correct the YAML syntax)"
    ]


def test_file_without_front_matter_is_reported():
    assert messages("# Just a heading\n") == [
        "a.md:1: no front matter (fix: start the file with a '---' block)"
    ]
