"""Periods: what an analyst types, the bucket a day is in, the period before, gapless buckets."""

from __future__ import annotations

from datetime import date

import pytest

from incidentwatch.analytics.periods import (
    Granularity,
    PeriodError,
    aligned,
    bucket_of,
    buckets,
    parse_day,
    parse_period,
    period_label,
    range_period,
)


@pytest.mark.parametrize(("text", "start", "last", "label"), [
    ("2024", date(2024, 1, 1), date(2024, 12, 31), "2024"),
    ("2024Q2", date(2024, 4, 1), date(2024, 6, 30), "2024Q2"),
    ("Q2 2024", date(2024, 4, 1), date(2024, 6, 30), "2024Q2"),
    ("2024-q4", date(2024, 10, 1), date(2024, 12, 31), "2024Q4"),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "2024-02"),
    ("2024-W20", date(2024, 5, 13), date(2024, 5, 19), "2024-W20"),
    ("2020W53", date(2020, 12, 28), date(2021, 1, 3), "2020-W53"),
    ("2024-05-14", date(2024, 5, 14), date(2024, 5, 14), "2024-05-14"),
    ("2024Q1..2024Q2", date(2024, 1, 1), date(2024, 6, 30), "2024-01-01..2024-06-30"),
    (" 2024-05-10 .. 2024-05-20 ", date(2024, 5, 10), date(2024, 5, 20), "2024-05-10..2024-05-20"),
])
def test_parse_period_reads_years_quarters_months_weeks_days_and_ranges(text, start, last, label):
    period = parse_period(text)
    assert (period.start, period.last, period.label) == (start, last, label)


@pytest.mark.parametrize(("text", "message"), [
    ("2024Q5", "expected a year"),
    ("2024-13", "the month must be 01 to 12"),
    ("2023-W53", "2023 has no ISO week 53"),
    ("2024-02-30", "no such day"),
    ("last spring", "expected a year"),
    ("2024Q3..2024Q1", "the end is before the start"),
])
def test_an_unknown_period_is_refused_with_a_clear_message(text, message):
    with pytest.raises(PeriodError, match=message) as error:
        parse_period(text)
    assert str(error.value).startswith(f"period {text!r}: ")


@pytest.mark.parametrize(("day", "granularity", "label"), [
    (date(2024, 6, 30), Granularity.QUARTER, "2024Q2"),  # the last day of a quarter is in it
    (date(2024, 7, 1), Granularity.QUARTER, "2024Q3"),
    (date(2024, 3, 31), Granularity.QUARTER, "2024Q1"),
    (date(2024, 12, 31), Granularity.YEAR, "2024"),
    (date(2024, 2, 29), Granularity.MONTH, "2024-02"),
    (date(2024, 6, 30), Granularity.WEEK, "2024-W26"),  # a Sunday ends its ISO week
    (date(2024, 7, 1), Granularity.WEEK, "2024-W27"),  # a Monday starts one
    (date(2024, 12, 30), Granularity.WEEK, "2025-W01"),  # ISO years differ from calendar years
    (date(2021, 1, 3), Granularity.WEEK, "2020-W53"),
])
def test_bucket_of_puts_boundary_days_in_the_right_period(day, granularity, label):
    bucket = bucket_of(day, granularity)
    assert bucket.label == label and day in bucket and bucket.last not in bucket_of(bucket.end, granularity)


@pytest.mark.parametrize(("text", "previous"), [
    ("2024Q1", "2023Q4"), ("2024", "2023"), ("2024-01", "2023-12"), ("2024-W01", "2023-W52"),
    ("2021-W01", "2020-W53"), ("2024-03-01", "2024-02-29"),
    ("2024-01..2024-06", "2023-07-01..2023-12-31"),  # whole months: the same months before
    ("2024-05-10..2024-05-19", "2024-04-30..2024-05-09"),  # other ranges: the same number of days
])
def test_previous_is_the_period_of_the_same_kind_just_before(text, previous):
    assert parse_period(text).previous().label == previous


def test_buckets_cover_a_range_without_gaps_including_partly_covered_ends():
    labels = [b.label for b in buckets(date(2024, 2, 15), date(2024, 7, 1), Granularity.QUARTER)]
    assert labels == ["2024Q1", "2024Q2", "2024Q3"]
    assert buckets(date(2024, 2, 1), date(2024, 1, 1), Granularity.MONTH) == []
    assert len(buckets(date(2024, 1, 1), date(2024, 12, 31), Granularity.WEEK)) == 53  # W01 .. 2025-W01


def test_a_range_that_is_exactly_a_quarter_reads_as_the_quarter():
    assert aligned(range_period(date(2024, 4, 1), date(2024, 6, 30))).label == "2024Q2"
    assert aligned(range_period(date(2024, 1, 1), date(2024, 12, 31))).label == "2024"
    assert aligned(range_period(date(2024, 4, 2), date(2024, 6, 30))).granularity is None
    assert period_label(date(2024, 4, 1), date(2024, 6, 30)) == "2024Q2"
    assert period_label(date(2024, 4, 2), date(2024, 6, 30)) == "2024-04-02 to 2024-06-30"


def test_from_and_to_take_the_first_or_last_day_of_any_period():
    assert parse_day("2024Q2") == date(2024, 4, 1)
    assert parse_day("2024Q2", end=True) == date(2024, 6, 30)
    assert parse_day("2024-02", end=True) == date(2024, 2, 29)
