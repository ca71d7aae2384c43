from datetime import date

import pytest

from incidentwatch.extraction import to_result
from incidentwatch.models import Metric, Qualifier, Unit
from incidentwatch.pipeline import Pipeline, default_stages
from tests.factories import make_article


@pytest.fixture(scope="module")
def claims_of(small_resources):
    pipe = Pipeline(default_stages(small_resources))

    def _claims(text, published=date(2024, 7, 20)):
        return to_result(pipe(make_article(text, published=published))).claims

    return _claims


def test_claims_read_a_monitors_quarterly_figures(claims_of):
    claims = claims_of(
        "According to a report released by the Center for Research and Security Studies (CRSS), at least 380 people "
        "were killed and 220 injured in 240 incidents in the second quarter of 2024."
    )
    got = {(c.metric, c.unit, c.value, c.qualifier) for c in claims}
    assert got == {
        (Metric.KILLED, Unit.COUNT, 380, Qualifier.AT_LEAST),
        (Metric.INJURED, Unit.COUNT, 220, Qualifier.EXACT),
        (Metric.INCIDENTS, Unit.COUNT, 240, Qualifier.EXACT),
    }
    assert {c.source for c in claims} == {"CRSS"}
    assert {(c.period.start, c.period.end) for c in claims} == {("2024-04-01", "2024-06-30")}


def test_claims_sign_a_percent_change(claims_of):
    claims = claims_of("The CRSS report said overall violence dropped by 12 percent in the second quarter of 2024.")
    assert [(c.unit, c.value) for c in claims] == [(Unit.PERCENT_CHANGE, -12)]


def test_claims_carry_the_source_and_period_within_a_paragraph(claims_of):
    claims = claims_of(
        "The CRSS recorded 432 deaths in the first quarter of 2024. Among them, 75 were soldiers and 40 were policemen.\n\n"
        "Separately, 12 people were reported dead."
    )
    first = claims[0]
    assert (first.source, first.value, first.period.start) == ("CRSS", 432, "2024-01-01")


def test_an_attack_with_a_toll_is_no_claim(claims_of):
    assert claims_of("Four policemen were martyred when militants attacked a checkpost in Bannu on Monday.") == []


def test_claims_take_the_region_a_share_is_of(claims_of):
    claims = claims_of("Khyber Pakhtunkhwa and Balochistan accounted for 92 percent of deaths in 2023, the CRSS said.")
    assert claims[0].region.name == "Khyber Pakhtunkhwa and Balochistan"
    assert (claims[0].unit, claims[0].metric) == (Unit.PERCENT_OF_TOTAL, Metric.KILLED)
