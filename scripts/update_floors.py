"""Pin the evaluation floors to the current scores (the evaluation gate of CI).

Raising a floor is a plain commit. Lowering one needs --allow-lower, and the commit message
must say why. The floors file also pins a digest of the devset, so that a changed devset
cannot pass against floors measured on another.

Run: python scripts/update_floors.py [--allow-lower] [--margin 0.0]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from incidentwatch.evaluation import evaluate_gold  # noqa: E402
from incidentwatch.extraction import build_pipeline, to_result  # noqa: E402

FLOORS = ROOT / "evaluation" / "floors.json"
DEVSET = ROOT / "devset"
GATED = ("incident_precision", "incident_recall", "incident_f1", "claim_precision", "claim_recall", "claim_f1",
         "killed_accuracy", "injured_accuracy", "province_accuracy", "district_accuracy", "event_type_accuracy",
         "perpetrator_accuracy", "claim_source_accuracy", "claim_period_accuracy", "claim_region_accuracy")


def devset_digest() -> str:
    """SHA-256 of the gold file and of every article it names."""
    gold = DEVSET / "gold.jsonl"
    ids = [json.loads(line)["id"] for line in gold.read_text().splitlines() if line.strip()]
    h = hashlib.sha256(gold.read_bytes())
    for article_id in sorted(ids):
        for path in sorted((DEVSET / "articles").glob(f"{article_id}.*")):
            h.update(path.name.encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def gold_files() -> list[Path]:
    files = [DEVSET / "gold.jsonl"]
    for shared in (ROOT.parent / "shared", ROOT / "shared"):
        seeds = shared / "eval" / "seeds-gold.jsonl"
        if seeds.exists():
            files.append(seeds)
            break
    return files


def current_scores() -> dict[str, dict[str, float]]:
    pipeline = build_pipeline()
    out = {}
    for path in gold_files():
        summary = evaluate_gold(path, extract=lambda raw: to_result(pipeline(raw))).summary()
        out[path.name] = {k: summary[k] for k in GATED}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--allow-lower", action="store_true")
    parser.add_argument("--margin", type=float, default=0.0, help="pin this much below the current score")
    args = parser.parse_args()
    old = json.loads(FLOORS.read_text()) if FLOORS.exists() else {}
    new: dict[str, object] = {"devset_digest": devset_digest()}
    lowered = []
    for name, scores in current_scores().items():
        pinned = {k: round(max(0.0, v - args.margin), 3) for k, v in scores.items()}
        for k, v in pinned.items():
            previous = old.get(name, {}).get(k)
            if previous is not None and v < previous:
                lowered.append(f"{name} {k}: {previous} -> {v}")
        new[name] = pinned
    if lowered and not args.allow_lower:
        print("refusing to lower floors (pass --allow-lower and give the reason in the commit):", *lowered, sep="\n  ")
        sys.exit(1)
    FLOORS.write_text(json.dumps(new, indent=2, sort_keys=True) + "\n")
    print(json.dumps(new, indent=2, sort_keys=True))


if __name__ == "__main__":
    main()
