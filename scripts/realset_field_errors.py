"""The tune half's matched main incidents whose toll or type differ from the gold.

Issue 10's toll and type work starts from the incidents the extractor finds (matched on date and
province) but reads wrong: killed, injured or event type. This script extracts the **tune** half
of the real-pages set and lists those differences, one line per field, grouped by page; the test
half is refused (it is measured, never read).

    python scripts/realset_field_errors.py                        # killed, injured, event_type
    python scripts/realset_field_errors.py --fields perpetrator district
    python scripts/realset_field_errors.py --ids real-430 real-445 --json

The page texts come from the cache (``$INCIDENTWATCH_REALSET_CACHE``, default
``realset/cache/``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from incidentwatch.errors import GoldError
from incidentwatch.evaluation import evaluate_gold
from incidentwatch.evaluation.realset import cache_dir, manifest_for, split_ids
from incidentwatch.evaluation.scores import Scores
from incidentwatch.extraction import build_pipeline, to_result

GOLD = Path(__file__).resolve().parents[1] / "realset" / "gold.jsonl"
DEFAULT_FIELDS = ("killed", "injured", "event_type")


def field_errors(scores: Scores, fields: tuple[str, ...]) -> dict[str, list[str]]:
    """Each page's differences in ``fields``, as the scorer words them ("killed: gold 3 predicted 6 (...)")."""
    out: dict[str, list[str]] = {}
    for report in scores.reports:
        wanted = [e for e in report.field_errors if e.split(":", 1)[0] in fields]
        if wanted:
            out[report.id] = wanted
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fields", nargs="+", default=list(DEFAULT_FIELDS),
                        choices=["killed", "injured", "province", "district", "event_type", "perpetrator"])
    parser.add_argument("--ids", nargs="+", help="only these pages (of the tune half)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    tune = split_ids(manifest_for(GOLD), "tune")
    ids = tune if not args.ids else set(args.ids)
    if not ids <= tune:
        print(f"{GOLD}: {', '.join(sorted(ids - tune))} not in the tune half (the test half is measured, never read)", file=sys.stderr)
        return 2
    pipeline = build_pipeline()
    try:
        scores = evaluate_gold(GOLD, extract=lambda raw: to_result(pipeline(raw)), articles_dir=cache_dir(), ids=ids)
    except GoldError as error:
        print(error, file=sys.stderr)
        return 2
    errors = field_errors(scores, tuple(args.fields))
    if args.json:
        print(json.dumps(errors, indent=1, ensure_ascii=False))
    else:
        for page, lines in errors.items():
            print(page)
            for line in lines:
                print(f"  {line}")
        print(f"{sum(len(v) for v in errors.values())} differences on {len(errors)} of {len(ids)} pages ({scores.matched} matched incidents)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
