"""Rolling periods of published figures read as whole calendar months (pipeline/claim_periods.py)."""

from datetime import date

import pytest

from incidentwatch.extraction import to_result
from incidentwatch.models import Claim, Metric, Period, Qualifier, Region, Span, Unit
from incidentwatch.pipeline.claim_periods import whole_months
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
