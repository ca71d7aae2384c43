import pytest

from incidentwatch.evaluation.gold import GoldClaim, GoldIncident
from incidentwatch.evaluation.matching import dates_compatible, match_claims, match_incidents
from incidentwatch.evaluation.scores import score_articles
from incidentwatch.models import (
    Claim,
    Incident,
    Location,
    Metric,
    Period,
    Qualifier,
    Region,
    Span,
    Toll,
    Unit,
)


@pytest.mark.parametrize(
    ("gold", "predicted", "ok"),
    [
        ("2024-05-13", "2024-05-15", True),
        ("2024-05-13", "2024-05-16", False),
        ("2024-03", "2024-03", True),
        (None, None, True),
        (None, "2024-05-13", False),
    ],
)
def test_dates_match_within_two_days(gold, predicted, ok):
    assert dates_compatible(gold, predicted) is ok


def _incident(date, admin1, killed, militants=None):
    return Incident(date=date, location=Location(admin1=admin1), killed=Toll(total=killed, militants=militants))


def test_gold_killed_is_compared_with_victims_only():
    from incidentwatch.evaluation.gold import GoldArticle
    from incidentwatch.models import ArticleMeta, ExtractionResult

    gold = GoldArticle(id="a", incidents=[GoldIncident(date="2024-05-13", admin1="Khyber Pakhtunkhwa", killed=3, killed_militants=4)])
    result = ExtractionResult(article=ArticleMeta(id="a"), incidents=[_incident("2024-05-13", "Khyber Pakhtunkhwa", 7, 4)])
    scores = score_articles([(gold, result)])
    assert scores.incidents.tp == 1 and scores.accuracy("killed") == 1.0


def test_incidents_match_one_to_one_preferring_the_same_toll():
    gold = [GoldIncident(date="2024-05-13", admin1="Sindh", killed=2), GoldIncident(date="2024-05-13", admin1="Sindh", killed=5)]
    predicted = [_incident("2024-05-13", "Sindh", 5), _incident("2024-05-14", "Sindh", 2)]
    pairs = match_incidents(gold, predicted)
    assert sorted((g.killed, p.killed.total) for g, p in pairs) == [(2, 2), (5, 5)]


def _claim(metric, unit, value):
    return Claim(region=Region(name="Pakistan"), period=Period(), metric=metric, unit=unit, value=value,
                 qualifier=Qualifier.EXACT, evidence=Span(start=0, end=1, text="x"))


def test_gold_share_and_change_metrics_match_the_contracts_units():
    gold = [GoldClaim(metric="share_percent", value=92), GoldClaim(metric="percent_change", value=-12), GoldClaim(metric="killed", value=380)]
    predicted = [_claim(Metric.KILLED, Unit.PERCENT_OF_TOTAL, 92), _claim(Metric.INCIDENTS, Unit.PERCENT_CHANGE, -12), _claim(Metric.KILLED, Unit.COUNT, 380)]
    assert len(match_claims(gold, predicted)) == 3
    assert match_claims([GoldClaim(metric="percent_change", value=-12)], [_claim(Metric.INCIDENTS, Unit.PERCENT_CHANGE, 12)]) == []
