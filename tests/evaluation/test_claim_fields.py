"""Source, period and region of matched claims: what counts as right."""

from __future__ import annotations

from incidentwatch.evaluation.claim_fields import claim_field_agreement, region_key
from incidentwatch.evaluation.gold import GoldClaim
from incidentwatch.evaluation.matching import match_claims
from incidentwatch.models import Claim, Metric, Period, Qualifier, Region, Span, Unit


def _claim(source, region, start, end, value=10.0):
    return Claim(source=source, region=Region(name=region), period=Period(start=start, end=end), metric=Metric.KILLED,
                 unit=Unit.COUNT, value=value, qualifier=Qualifier.EXACT, evidence=Span(start=0, end=1, text="x"))


def test_region_names_that_mean_the_same_places_agree():
    assert region_key("KP") == region_key("Khyber Pakhtunkhwa") == region_key("K-P")
    assert region_key("KP and Balochistan") == region_key("Balochistan and Khyber Pakhtunkhwa")
    assert region_key("erstwhile FATA") == region_key("Tribal Areas") == {"fata"}
    assert region_key("Fata") != region_key("Khyber Pakhtunkhwa")
    assert region_key(None) == region_key("Pakistan")


def test_each_field_is_judged_on_its_own():
    gold = GoldClaim(source="CRSS", region="KP", period_start="2024-04-01", period_end="2024-06-30", metric="killed", value=10)
    assert claim_field_agreement(gold, _claim("crss", "Khyber Pakhtunkhwa", "2024-04-01", "2024-06-30")) == {
        "source": True, "period": True, "region": True}
    assert claim_field_agreement(gold, _claim(None, "Pakistan", "2024-01-01", "2024-12-31")) == {
        "source": False, "period": False, "region": False}


def test_among_equal_values_the_match_prefers_the_same_period():
    gold = [GoldClaim(source="CRSS", period_start="2024-04-01", period_end="2024-06-30", metric="killed", value=10)]
    wrong, right = _claim("CRSS", "Pakistan", None, None), _claim("CRSS", "Pakistan", "2024-04-01", "2024-06-30")
    assert match_claims(gold, [wrong, right]) == [(gold[0], right)]


def test_a_region_stated_as_the_whole_country_is_right_for_a_country_only():
    for stated in ("across the country", "the country", "countrywide", "nationwide"):
        gold = GoldClaim(source="PICSS", region=stated, period_start=None, period_end=None, metric="killed", value=10)
        assert claim_field_agreement(gold, _claim("PICSS", "Pakistan", None, None))["region"]
        assert claim_field_agreement(gold, _claim("PICSS", "Afghanistan", None, None))["region"]
        assert not claim_field_agreement(gold, _claim("PICSS", "Bannu", None, None))["region"]
