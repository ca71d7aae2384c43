"""Rolling periods of published figures read as whole calendar months (pipeline/claim_periods.py)."""

from datetime import date

import pytest

from incidentwatch.extraction import to_result
from incidentwatch.models import Claim, DatePrecision, Metric, Period, Qualifier, Region, Sentence, Span, Unit
from incidentwatch.models.mentions import TemporalMention
from incidentwatch.pipeline.claim_periods import (
    part_of_year_periods,
    unfixable_own_year,
    whole_months,
    year_so_far,
)
from tests.factories import make_article


def _claim(label: str, start: str, end: str) -> Claim:
    return Claim(source="CTD", region=Region(name="Khyber Pakhtunkhwa", country="PK"), period=Period(label=label, start=start, end=end),
                 metric=Metric.KILLED, unit=Unit.COUNT, value=10, qualifier=Qualifier.EXACT, evidence=Span(start=0, end=1, text="x"))


@pytest.mark.parametrize(("label", "published", "expected"), [
    ("over the past nine months", date(2024, 10, 9), ("2024-01-01", "2024-09-30")),
    ("in the last three months", date(2025, 1, 4), ("2024-10-01", "2024-12-31")),
    ("the previous 12 months", date(2025, 3, 2), ("2024-03-01", "2025-02-28")),
])
def test_a_rolling_period_ending_at_publication_is_the_whole_months_before_it(label, published, expected):
    rolling = _claim(label, "2000-01-01", published.isoformat())  # the start the day count gave does not matter
    assert (whole_months(rolling, published).period.start, whole_months(rolling, published).period.end) == expected


@pytest.mark.parametrize(("label", "end", "published"), [
    ("the past month", "2024-10-09", date(2024, 10, 9)),  # one month stays as it is
    ("the past nine months", "2024-05-31", date(2024, 10, 9)),  # a period that does not end at publication
    ("the first nine months of 2024", "2024-10-09", date(2024, 10, 9)),  # no rolling period
    ("over the past nine months", "2024-10-09", None),  # no publication date
])
def test_other_periods_are_left_as_they_are(label, end, published):
    claim = _claim(label, "2024-01-13", end)
    assert whole_months(claim, published) == claim


def test_a_ctd_report_over_the_past_six_months_counts_january_to_june(pipeline):
    text = ("The Counter Terrorism Department (CTD) of Khyber Pakhtunkhwa said in a report that 118 terrorists were "
            "killed and 176 apprehended in the province over the past six months.")
    claims = to_result(pipeline(make_article(text, published=date(2025, 7, 8)))).claims
    assert {(c.metric, c.value, c.period.start, c.period.end) for c in claims} == {
        (Metric.KILLED_MILITANTS, 118, "2025-01-01", "2025-06-30"), (Metric.ARRESTED, 176, "2025-01-01", "2025-06-30")}


def _so_far(label: str, evidence: str, start: str = "2024-01-01", end: str = "2024-12-31") -> Claim:
    return Claim(source="CRSS", region=Region(name="Pakistan", country="PK"), period=Period(label=label, start=start, end=end),
                 metric=Metric.KILLED, unit=Unit.COUNT, value=10, qualifier=Qualifier.EXACT,
                 evidence=Span(start=0, end=len(evidence), text=evidence))


@pytest.mark.parametrize(("evidence", "published", "expected"), [
    ("For 2024 so far, CRSS records 2,414 fatalities.", date(2024, 10, 2), ("2024-01-01", "2024-10-02")),
    ("For 2024 so far, CRSS records 2,414 fatalities.", None, (None, None)),  # no day to end on: unknown
    ("The year-to-date toll has risen to 2,546.", None, (None, None)),
    ("In 2024, CRSS recorded 2,546 fatalities.", None, ("2024-01-01", "2024-12-31")),  # a whole year, not 'so far'
    ("For 2024 so far, CRSS records 2,414 fatalities.", date(2025, 1, 3), ("2024-01-01", "2024-12-31")),  # read after the year
])
def test_a_year_counted_so_far_ends_on_the_publication_day_or_is_unknown(evidence, published, expected):
    claim = year_so_far(_so_far("For 2024", evidence), published)
    assert (claim.period.start, claim.period.end) == expected
    assert claim.period.label == "For 2024"


def _mention(text: str, start: int, first: date, last: date) -> TemporalMention:
    return TemporalMention(start=start, end=start + len(text), text=text, range_start=first, range_end=last,
                           precision=DatePrecision.YEAR, kind="period")


@pytest.mark.parametrize(("text", "published", "last", "expected"), [
    ("In 2022, it said, the first six months of the year saw 151 attacks.", None, None, (date(2022, 1, 1), date(2022, 6, 30))),
    ("The toll rose to 1,402 in the first three quarters.", None, (date(2024, 7, 1), date(2024, 9, 30)),
     (date(2024, 1, 1), date(2024, 9, 30))),
    ("In the second half of the year, 40 attacks were recorded.", date(2019, 12, 30), None, (date(2019, 7, 1), date(2019, 12, 31))),
    ("In the first two months of the year, 807 troops were killed.", date(2017, 7, 17), None, (date(2017, 1, 1), date(2017, 2, 28))),
])
def test_parts_of_a_year_are_read_with_their_year(text, published, last, expected):
    sentence = Sentence(index=0, start=0, end=len(text), text=text, paragraph=0)
    dates = [_mention("In 2022", 0, date(2022, 1, 1), date(2022, 12, 31))] if text.startswith("In 2022") else []
    last_period = _mention("Q3", 0, *last) if last else None
    (found,) = part_of_year_periods(sentence, dates, last_period=last_period, published=published)
    assert (found.range_start, found.range_end) == expected and found.kind == "period"


def test_a_part_of_a_year_with_no_year_to_read_it_with_stays_unread():
    text = "In the first six months of the year, 271 attacks took place."
    sentence = Sentence(index=0, start=0, end=len(text), text=text, paragraph=0)
    assert part_of_year_periods(sentence, [], last_period=None, published=None) == []


def test_a_figures_own_year_that_cannot_be_fixed_leaves_its_period_unknown(pipeline):
    # "in 2107" is a misprint the dates stage cannot fix: the figure keeps it as its label and no
    # bounds, never the year of the figure before it
    text = ("Figures released by the provincial police department on Monday showed 40 attacks in 2019, "
            "36 attacks in 2020 and 31 attacks in 2201.")
    claims = {c.value: c for c in to_result(pipeline(make_article(text, published=date(2022, 1, 10)))).claims}
    assert (claims[36].period.start, claims[36].period.end) == ("2020-01-01", "2020-12-31")
    assert (claims[31].period.label, claims[31].period.start, claims[31].period.end) == ("2201", None, None)


def test_a_year_a_date_mention_fixes_is_no_unknown_period():
    fixed = TemporalMention(start=10, end=17, text="in 2020", range_start=date(2020, 1, 1), range_end=date(2020, 12, 31),
                            precision=DatePrecision.YEAR, kind="period")
    assert unfixable_own_year(" attacks in 2020.", 0, [fixed]) is None
    assert unfixable_own_year(" attacks, while 9 in 2107", 0, []) is None  # another figure's year
    assert unfixable_own_year(" attacks in 2107.", 0, []).text == "2107"
