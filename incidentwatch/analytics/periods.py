"""Periods: what an analyst types (``2024``, ``2024Q2``, ``2024-05``, ``2024-W20``, a range) and
the calendar arithmetic the tallies need (the bucket a day falls in, the period before, the
buckets that cover a range, empty ones included).

A ``Period`` is a half-open range of days, ``[start, end)``, with a label. Weeks are ISO weeks
(Monday to Sunday). Nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ..errors import IncidentwatchError


class PeriodError(IncidentwatchError):
    """A period the user typed could not be read."""

    def __init__(self, text: str, message: str) -> None:
        self.text = text
        super().__init__(f"period {text!r}: {message}")


class Granularity(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"


@dataclass(frozen=True, order=True)
class Period:
    start: date  # first day, inclusive
    end: date  # the day after the last day (exclusive)
    label: str
    granularity: Granularity | None = None  # None for an arbitrary range of days

    @property
    def last(self) -> date:
        """The last day, inclusive."""
        return self.end - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end

    def previous(self) -> Period:
        """The period of the same kind just before: the previous quarter for a quarter, the same
        number of days before for a range."""
        if self.granularity is None:
            months = _whole_months(self)
            if months:  # 2024-01..2024-06 is followed by... preceded by 2023-07..2023-12
                return range_period(_add_months(self.start, -months), self.start - timedelta(days=1))
            start = self.start - timedelta(days=self.days)
            return range_period(start, self.start - timedelta(days=1))
        return bucket_of(self.start - timedelta(days=1), self.granularity)

    def __str__(self) -> str:
        return self.label


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _whole_months(period: Period) -> int:
    """How many calendar months ``period`` spans when it starts and ends on month boundaries, else 0."""
    if period.start.day != 1 or period.end.day != 1:
        return 0
    return (period.end.year - period.start.year) * 12 + period.end.month - period.start.month


def bucket_of(day: date, granularity: Granularity) -> Period:
    """The period of ``granularity`` that holds ``day``."""
    if granularity is Granularity.YEAR:
        return Period(date(day.year, 1, 1), date(day.year + 1, 1, 1), f"{day.year}", granularity)
    if granularity is Granularity.QUARTER:
        start = _quarter_start(day)
        return Period(start, _add_months(start, 3), f"{day.year}Q{(day.month - 1) // 3 + 1}", granularity)
    if granularity is Granularity.MONTH:
        start = date(day.year, day.month, 1)
        return Period(start, _add_months(start, 1), f"{day.year}-{day.month:02d}", granularity)
    if granularity is Granularity.WEEK:
        start = day - timedelta(days=day.weekday())
        year, week, _ = start.isocalendar()
        return Period(start, start + timedelta(days=7), f"{year}-W{week:02d}", granularity)
    return Period(day, day + timedelta(days=1), day.isoformat(), Granularity.DAY)


def buckets(start: date, end: date, granularity: Granularity) -> list[Period]:
    """Every period of ``granularity`` that overlaps ``[start, end]`` (``end`` inclusive), in order."""
    if end < start:
        return []
    out = [bucket_of(start, granularity)]
    while out[-1].end <= end:
        out.append(bucket_of(out[-1].end, granularity))
    return out


def range_period(first: date, last: date) -> Period:
    """The days from ``first`` to ``last``, both inclusive."""
    if last < first:
        raise PeriodError(f"{first}..{last}", "the end is before the start")
    return Period(first, last + timedelta(days=1), f"{first.isoformat()}..{last.isoformat()}")


def aligned(period: Period) -> Period:
    """``period`` as a year, quarter, month or ISO week when it is exactly one (so that its
    previous period is the previous quarter, not the same number of days before), else itself."""
    for granularity in (Granularity.YEAR, Granularity.QUARTER, Granularity.MONTH, Granularity.WEEK):
        bucket = bucket_of(period.start, granularity)
        if bucket.start == period.start and bucket.end == period.end:
            return bucket
    return period


def period_label(first: date, last: date) -> str:
    """``2024Q2`` for the days of a quarter (likewise a year, month or week), else ``first to last``."""
    period = aligned(range_period(first, last))
    return period.label if period.granularity else f"{first.isoformat()} to {last.isoformat()}"


_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})[- ]?Q([1-4])$|^Q([1-4])[- ]?(\d{4})$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_period(text: str) -> Period:
    """Read ``2024``, ``2024Q2`` (or ``Q2 2024``), ``2024-05``, ``2024-W20``, ``2024-05-14``, or a
    range ``A..B`` of any of these (from the start of A to the end of B).

    Raises:
        PeriodError: the text is none of these, or names a day or week that does not exist.
    """
    value = " ".join(text.strip().split())
    if ".." in value:
        first, _, second = value.partition("..")
        a, b = parse_period(first), parse_period(second)
        if b.end <= a.start:
            raise PeriodError(text, "the end is before the start")
        return range_period(a.start, b.last)
    if m := _YEAR.match(value):
        return bucket_of(date(int(m[1]), 1, 1), Granularity.YEAR)
    if m := _QUARTER.match(value):
        year, quarter = (int(m[1]), int(m[2])) if m[1] else (int(m[4]), int(m[3]))
        return bucket_of(date(year, 3 * quarter - 2, 1), Granularity.QUARTER)
    if m := _MONTH.match(value):
        month = int(m[2])
        if not 1 <= month <= 12:
            raise PeriodError(text, "the month must be 01 to 12")
        return bucket_of(date(int(m[1]), month, 1), Granularity.MONTH)
    if m := _WEEK.match(value):
        try:
            monday = date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            raise PeriodError(text, f"{m[1]} has no ISO week {int(m[2])}") from None
        return bucket_of(monday, Granularity.WEEK)
    if _DAY.match(value):
        try:
            return bucket_of(date.fromisoformat(value), Granularity.DAY)
        except ValueError:
            raise PeriodError(text, "no such day") from None
    raise PeriodError(text, "expected a year (2024), quarter (2024Q2), month (2024-05), ISO week (2024-W20), "
                            "day (2024-05-14) or a range of them (2024Q1..2024Q2)")


def parse_day(text: str, *, end: bool = False) -> date:
    """A ``--from``/``--to`` value: a day, or any period (its first day, or its last with ``end``)."""
    period = parse_period(text)
    return period.last if end else period.start
