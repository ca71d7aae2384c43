"""Agreement between two annotations of the same real pages: a second, blind labelling
(``realset/second-annotation.jsonl``) scored as if it were a prediction against the gold, with
the project's own matcher and scorer (``incidentwatch.evaluation``), one half at a time.

Main incidents match on date (two days) and province as in ``incidentwatch evaluate``;
attribute agreement is the share of matched pairs whose killed, injured, province, district,
event type and perpetrator agree, plus the date (exact) and a count of main/background swaps
(an unmatched main of one labelling that the other labels as background at the same date and
province). The result is a ceiling: the extractor cannot be expected to agree with the gold more
than two careful annotators do.

    python scripts/realset_agreement.py                       # JSON per half
    python scripts/realset_agreement.py --details             # and every disagreement
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from incidentwatch.evaluation.gold import GoldArticle, GoldIncident, load_gold  # noqa: E402
from incidentwatch.evaluation.matching import dates_compatible, match_incidents  # noqa: E402
from incidentwatch.evaluation.realset import load_manifest  # noqa: E402
from incidentwatch.evaluation.scores import score_articles  # noqa: E402
from incidentwatch.models import ExtractionResult, Incident  # noqa: E402
from incidentwatch.models.extraction import ArticleMeta  # noqa: E402
from incidentwatch.models.incident import Location, Perpetrator, Toll  # noqa: E402
from incidentwatch.models.vocab import AttributionStatus, EventType, ReportedAs  # noqa: E402


def as_incident(gold: GoldIncident) -> Incident:
    """A labelled incident as the extractor would give it: ``killed.total`` counts the militants
    too, so that ``killed.victims`` is the label's ``killed`` again."""
    total = None if gold.killed is None else gold.killed + (gold.killed_militants or 0)
    perpetrators = []
    if gold.perpetrator:
        status = AttributionStatus(gold.perpetrator_status) if gold.perpetrator_status else AttributionStatus.ATTRIBUTED
        perpetrators.append(Perpetrator(name=gold.perpetrator, status=status))
    return Incident(
        date=gold.date,
        location=Location(place=gold.place, admin2=gold.admin2, admin1=gold.admin1, country=gold.country),
        event_type=EventType(gold.event_type) if gold.event_type else EventType.OTHER,
        perpetrators=perpetrators,
        killed=Toll(total=total, civilians=gold.killed_civilians, security=gold.killed_security,
                    militants=gold.killed_militants, foreigners=gold.killed_foreigners),
        injured=Toll(total=gold.injured),
        reported_as=ReportedAs(gold.reported_as),
    )


def as_prediction(article: GoldArticle) -> ExtractionResult:
    return ExtractionResult(article=ArticleMeta(id=article.id, published=article.published),
                            incidents=[as_incident(g) for g in article.incidents])


def _swaps(mains: list[GoldIncident], others: list[GoldIncident]) -> int:
    """Mains of one labelling that the other has only as background (same date and province)."""
    backgrounds = [g for g in others if g.reported_as == "background"]
    return sum(any(dates_compatible(m.date, b.date) and (m.admin1 or None) == (b.admin1 or None) for b in backgrounds)
               for m in mains)


def agreement(reference: list[GoldArticle], second: list[GoldArticle], ids: set[str]) -> dict:
    """Scores of ``second`` against ``reference`` on the pages in ``ids`` that both label."""
    by_id = {a.id: a for a in reference}
    pairs = [(by_id[a.id], a) for a in second if a.id in ids and a.id in by_id]
    scores = score_articles([(ref, as_prediction(other)) for ref, other in pairs])
    out = {k: v for k, v in scores.summary().items() if not k.startswith("claim")}
    dates_right = swaps_ref_main = swaps_second_main = 0
    for ref, other in pairs:
        predicted = [as_incident(g) for g in other.incidents]
        matched = match_incidents(ref.incidents, predicted)
        dates_right += sum(g.date == p.date for g, p in matched)
        got_g = {id(g) for g, _ in matched}
        got_p = {id(p) for _, p in matched}
        ref_unmatched = [g for g in ref.incidents if g.reported_as == "main" and id(g) not in got_g]
        second_unmatched = [g for g, p in zip(other.incidents, predicted, strict=True)
                            if g.reported_as == "main" and id(p) not in got_p]
        swaps_ref_main += _swaps(ref_unmatched, other.incidents)
        swaps_second_main += _swaps(second_unmatched, ref.incidents)
    out["date_exact_accuracy"] = round(dates_right / scores.matched, 3) if scores.matched else 1.0
    out["main_in_gold_background_in_second"] = swaps_ref_main
    out["main_in_second_background_in_gold"] = swaps_second_main
    out["gold_main"] = scores.incidents.tp + scores.incidents.fn
    out["second_main"] = scores.incidents.tp + scores.incidents.fp
    out["_reports"] = scores.reports
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=ROOT / "realset" / "gold.jsonl")
    parser.add_argument("second", nargs="?", type=Path, default=ROOT / "realset" / "second-annotation.jsonl")
    parser.add_argument("--manifest", type=Path, default=ROOT / "realset" / "manifest.jsonl")
    parser.add_argument("--details", action="store_true")
    args = parser.parse_args()
    reference, second = load_gold(args.gold), load_gold(args.second)
    split_of = {row.id: row.split for row in load_manifest(args.manifest)}
    result = {}
    for split in ("tune", "test"):
        scored = agreement(reference, second, {i for i, s in split_of.items() if s == split})
        reports = scored.pop("_reports")
        result[split] = scored
        if args.details:
            for r in reports:
                lines = ([f"  missed (gold main): {m}" for m in r.missed_incidents]
                         + [f"  spurious (second main): {s}" for s in r.spurious_incidents]
                         + [f"  {e}" for e in r.field_errors])
                if lines:
                    print(f"{split} {r.id}", *lines, sep="\n", file=sys.stderr)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
