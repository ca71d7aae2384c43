"""Matching predicted incidents and claims to gold ones, one article at a time."""

from __future__ import annotations

from datetime import date

from ..models import Claim, Incident, ReportedAs, Unit
from .gold import GoldClaim, GoldIncident

DATE_WINDOW_DAYS = 2  # the rule: incidents match on date within two days and province


def _parse(value: str | None) -> tuple[date | None, str | None]:
    if not value:
        return None, None
    if len(value) == 10:
        return date.fromisoformat(value), None
    return None, value[:7]


def dates_compatible(gold: str | None, predicted: str | None) -> bool:
    if not gold and not predicted:
        return True
    if not gold or not predicted:
        return False
    g_day, g_month = _parse(gold)
    p_day, p_month = _parse(predicted)
    if g_day and p_day:
        return abs((g_day - p_day).days) <= DATE_WINDOW_DAYS
    return (g_month or gold[:7]) == (p_month or predicted[:7])


def incident_matches(gold: GoldIncident, predicted: Incident) -> bool:
    return dates_compatible(gold.date, predicted.date) and (gold.admin1 or None) == (predicted.location.admin1 or None)


def _affinity(gold: GoldIncident, predicted: Incident) -> int:
    score = 0
    if gold.killed is not None and gold.killed == predicted.killed.victims:
        score += 2
    if gold.admin2 and gold.admin2 == predicted.location.admin2:
        score += 1
    if gold.event_type == predicted.event_type.value:
        score += 1
    return score


def match_incidents(gold: list[GoldIncident], predicted: list[Incident]) -> list[tuple[GoldIncident, Incident]]:
    """Greedy one-to-one matching of main incidents, best affinity first."""
    gold_main = [g for g in gold if g.reported_as == "main"]
    pred_main = [p for p in predicted if p.reported_as is ReportedAs.MAIN]
    pairs = [
        (_affinity(g, p), gi, pi)
        for gi, g in enumerate(gold_main)
        for pi, p in enumerate(pred_main)
        if incident_matches(g, p)
    ]
    pairs.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    matched = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        matched.append((gold_main[gi], pred_main[pi]))
    return matched


def claim_key(metric: str, unit: Unit | str, value: float) -> tuple[str, str, float]:
    return metric, str(unit), round(float(value), 2)


def gold_claim_key(c: GoldClaim) -> tuple[str, str, float]:
    """Gold names shares and changes as metrics; the output contract as units."""
    if c.metric == "share_percent":
        return claim_key("*", Unit.PERCENT_OF_TOTAL, c.value)
    if c.metric == "percent_change":
        return claim_key("*", Unit.PERCENT_CHANGE, c.value)
    return claim_key(c.metric, Unit.COUNT, c.value)


def predicted_claim_key(c: Claim) -> tuple[str, str, float]:
    metric = c.metric.value if c.unit is Unit.COUNT else "*"
    return claim_key(metric, c.unit, c.value)


def _claim_affinity(gold: GoldClaim, predicted: Claim) -> int:
    """Among figures of the same value, prefer the one with the same period, then source."""
    score = 0
    if (gold.period_start, gold.period_end) == (predicted.period.start, predicted.period.end):
        score += 2
    if (gold.source or "").casefold() == (predicted.source or "").casefold():
        score += 1
    return score


def match_claims(gold: list[GoldClaim], predicted: list[Claim]) -> list[tuple[GoldClaim, Claim]]:
    """One-to-one on metric, unit and value; ties go to the closest period and source."""
    remaining = list(predicted)
    matched = []
    for g in gold:
        key = gold_claim_key(g)
        candidates = [p for p in remaining if predicted_claim_key(p) == key]
        if candidates:
            best = max(candidates, key=lambda p: _claim_affinity(g, p))
            matched.append((g, best))
            remaining.remove(best)
    return matched
