"""Dates at the precision a text allows: year, month or day, stated or inferred.

Written ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; a trailing ``?`` marks a date
inferred from context rather than stated in the text.
"""

from __future__ import annotations

import calendar
import datetime
import re
from typing import NamedTuple

_FORM = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(\?)?$")


class PartialDate(NamedTuple):
    iso: str  # "2020", "2020-07" or "2020-07-05"
    inferred: bool

    @property
    def year(self) -> int:
        return int(self.iso[:4])

    def display(self) -> str:
        shown = format_date(self.iso)
        return f"{shown} (inferred)" if self.inferred else shown


class DateError(ValueError):
    """A date that cannot be read; the message says why and how to write it."""


def parse_date(text: str) -> PartialDate:
    match = _FORM.match(text.strip())
    if not match:
        raise DateError(
            f"malformed date '{text}' (fix: write YYYY, YYYY-MM or YYYY-MM-DD, "
            "with a trailing ? if inferred)"
        )
    year, month, day, inferred = match.groups()
    try:
        datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError as err:
        raise DateError(f"impossible date '{text}': {err} (fix: check the day and month)") from None
    iso = "-".join(part for part in (year, month, day) if part)
    return PartialDate(iso, bool(inferred))


def format_date(iso: str) -> str:
    """'2020' -> '2020', '2020-07' -> 'July 2020', '2020-07-05' -> '5 July 2020'."""
    parts = iso.split("-")
    if len(parts) == 1:
        return iso
    month = calendar.month_name[int(parts[1])]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"
