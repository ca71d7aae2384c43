"""The founding articles must come out as their gold says: every incident, main or background,
with its fields, and every claim with its source, region, period and qualifier."""

from __future__ import annotations

import pytest

from incidentwatch.evaluation.gold import find_article_file, load_gold
from incidentwatch.evaluation.matching import gold_claim_key, predicted_claim_key
from incidentwatch.extraction import to_result
from incidentwatch.models import RawArticle
from incidentwatch.sources import read_path


@pytest.fixture(scope="module")
def seeds(shared, pipeline):
    gold_path = shared / "eval" / "seeds-gold.jsonl"
    out = []
    for gold in load_gold(gold_path):
        path = find_article_file(gold, gold_path=gold_path, articles_dir=None)
        raw = next(read_path(path))
        raw = RawArticle(id=gold.id, text=raw.text, path=raw.path)
        out.append((gold, to_result(pipeline(raw))))
    return out


FIELDS = ("date", "country", "admin1", "admin2", "place", "event_type", "perpetrator", "killed", "injured",
          "killed_civilians", "killed_security", "killed_militants", "killed_foreigners", "reported_as")


def _incident_fields(i):
    return {
        "date": i.date,
        "country": i.location.country,
        "admin1": i.location.admin1,
        "admin2": i.location.admin2,
        "place": i.location.place,
        "event_type": i.event_type.value,
        "perpetrator": i.perpetrators[0].name if i.perpetrators else None,
        "killed": i.killed.victims,
        "injured": i.injured.total,
        "killed_civilians": i.killed.civilians,
        "killed_security": i.killed.security,
        "killed_militants": i.killed.militants,
        "killed_foreigners": i.killed.foreigners,
        "reported_as": i.reported_as.value,
    }


def test_seeds_give_every_incident_of_the_gold_and_no_other(seeds):
    for gold, result in seeds:
        predicted = sorted((_incident_fields(i) for i in result.incidents), key=lambda d: (str(d["date"]), str(d["event_type"])))
        expected = sorted(
            ({k: getattr(g, k) for k in FIELDS} for g in gold.incidents),
            key=lambda d: (str(d.get("date")), str(d.get("event_type"))),
        )
        assert predicted == expected, gold.id


def test_seeds_give_every_claim_of_the_gold_and_no_other(seeds):
    for gold, result in seeds:
        got = sorted(
            (predicted_claim_key(c), c.source, c.region.name, c.period.start, c.period.end, c.qualifier.value) for c in result.claims
        )
        want = sorted((gold_claim_key(c), c.source, c.region, c.period_start, c.period_end, c.qualifier) for c in gold.claims)
        assert got == want, gold.id


def test_seed_evidence_holds_the_figure_it_supports(seeds):
    for _, result in seeds:
        for claim in result.claims:
            digits = f"{abs(claim.value):g}"
            # a sum ("two DSPs and 31 other policemen" = 33) shows its parts, not the total
            assert digits in claim.evidence.text.replace(",", "") or " and " in claim.evidence.text
