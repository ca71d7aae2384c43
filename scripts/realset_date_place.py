"""List, on one half of the real-pages set, every predicted main incident that misses the gold
only because of its date or its province: with the date ignored, or the province ignored, it
would match a gold main incident that no other prediction matched.

    python scripts/realset_date_place.py --split tune [--gold realset/gold.jsonl]

Reads the cached page texts from ``$INCIDENTWATCH_REALSET_CACHE``. Run it on the tune half only
(the test half is measured, never read).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from incidentwatch.cli.evaluate import build_pipeline, to_result
from incidentwatch.evaluation import matching
from incidentwatch.evaluation.gold import load_gold
from incidentwatch.evaluation.realset import cache_dir, manifest_for, split_ids
from incidentwatch.models import RawArticle, ReportedAs
from incidentwatch.sources import read_path


def _describe(p) -> str:  # noqa: ANN001 - an Incident
    loc = p.location
    return f"{p.date} {loc.country}/{loc.admin1}/{loc.admin2}/{loc.place} {p.event_type.value} killed={p.killed.victims}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=Path("realset/gold.jsonl"))
    parser.add_argument("--split", default="tune")
    args = parser.parse_args()
    from datetime import date

    ids = split_ids(manifest_for(args.gold), args.split)
    pipeline = build_pipeline()
    cache = cache_dir(manifest_for(args.gold))
    counts = {"date": 0, "province": 0, "both": 0}
    for gold in load_gold(args.gold):
        if gold.id not in ids:
            continue
        published = date.fromisoformat(gold.published) if gold.published else None
        raw = next(iter(read_path(cache / f"{gold.id}.txt", published=published)))
        raw = RawArticle(id=gold.id, text=raw.text, html=raw.html, path=raw.path, published=published)
        result = to_result(pipeline(raw))
        matched = matching.match_incidents(gold.incidents, result.incidents)
        got_g = {id(g) for g, _ in matched}
        got_p = {id(p) for _, p in matched}
        free_gold = [g for g in gold.incidents if g.reported_as == "main" and id(g) not in got_g]
        for p in result.incidents:
            if p.reported_as is not ReportedAs.MAIN or id(p) in got_p:
                continue
            for g in free_gold:
                same_date = matching.dates_compatible(g.date, p.date)
                same_province = (g.admin1 or None) == (p.location.admin1 or None)
                if same_date and not same_province:
                    why = "province"
                elif same_province and not same_date:
                    why = "date"
                elif not same_date and not same_province and g.event_type == p.event_type.value:
                    why = "both"
                else:
                    continue
                counts[why] += 1
                print(f"{gold.id} [{why}] published={gold.published}")
                print(f"   gold: {g.date} {g.country}/{g.admin1}/{g.admin2}/{g.place} {g.event_type} killed={g.killed}")
                print(f"   pred: {_describe(p)}")
                print(f"   evidence: {g.evidence}")
                break
    print(counts)


if __name__ == "__main__":
    main()
