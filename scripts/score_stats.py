"""Score claims on the real statistical pages (realset/stats-*.jsonl), one split at a time.

The texts live in a git-ignored cache ($INCIDENTWATCH_REALSET_CACHE, one <id>.txt each); the
manifest says which split a page is in. Prints, per split, claim precision, recall and F1 and
the source, period and region accuracy of matched claims; --details lists every miss.

    INCIDENTWATCH_REALSET_CACHE=~/realset-cache python scripts/score_stats.py --split test
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from incidentwatch.evaluation import evaluate_gold  # noqa: E402
from incidentwatch.extraction import build_pipeline, to_result  # noqa: E402

KEYS = ("articles", "claim_precision", "claim_recall", "claim_f1", "claim_source_accuracy", "claim_period_accuracy", "claim_region_accuracy")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["tune", "test", "all"], default="all")
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    cache = os.environ.get("INCIDENTWATCH_REALSET_CACHE")
    if not cache or not Path(cache).is_dir():
        print("score_stats: set INCIDENTWATCH_REALSET_CACHE to the folder of the pages' texts", file=sys.stderr)
        return 2
    manifest = [json.loads(line) for line in (ROOT / "realset/stats-manifest.jsonl").read_text().splitlines() if line.strip()]
    wanted = {m["id"] for m in manifest if args.split == "all" or m["split"] == args.split}
    lines = [line for line in (ROOT / "realset/stats-gold.jsonl").read_text().splitlines() if line.strip() and json.loads(line)["id"] in wanted]
    pipeline = build_pipeline()
    with tempfile.TemporaryDirectory() as tmp:
        gold = Path(tmp) / "gold.jsonl"
        gold.write_text("\n".join(lines) + "\n")
        scores = evaluate_gold(gold, extract=lambda raw: to_result(pipeline(raw)), articles_dir=Path(cache))
    summary = {k: v for k, v in scores.summary().items() if k in KEYS}
    if args.details:
        for r in scores.reports:
            rows = [f"  missed: {x}" for x in r.missed_claims] + [f"  spurious: {x}" for x in r.spurious_claims]
            rows += [f"  {x}" for x in r.field_errors if x.startswith("claim ")]
            if rows:
                print(r.id)
                print("\n".join(rows))
    print(json.dumps({args.split: summary}) if args.json else "\n".join(f"{k}: {v}" for k, v in summary.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
