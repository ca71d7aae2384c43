"""Print what the real-pages set holds: pages by kind and half, and the attacks that several
outlets report (main reports and background mentions per attack).

    python scripts/realset_summary.py [--min-reports 4]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1] / "realset"


def _rows(name: str) -> list[dict]:
    path = ROOT / name
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()] if path.exists() else []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--min-reports", type=int, default=4)
    args = parser.parse_args()
    manifest = {r["id"]: r for r in _rows("manifest.jsonl")}
    gold = _rows("gold.jsonl")
    by_kind = Counter((r["kind"], r["split"]) for r in manifest.values())
    kinds = sorted({k for k, _ in by_kind})
    print(f"{len(manifest)} pages, {len(gold)} labelled")
    print("kind\ttune\ttest")
    for kind in kinds:
        print(f"{kind}\t{by_kind[(kind, 'tune')]}\t{by_kind[(kind, 'test')]}")
    print(f"all\t{sum(v for (k, s), v in by_kind.items() if s == 'tune')}\t{sum(v for (k, s), v in by_kind.items() if s == 'test')}")
    reports: dict[str, set[str]] = defaultdict(set)
    outlets: dict[str, set[str]] = defaultdict(set)
    background: dict[str, set[str]] = defaultdict(set)
    for row in gold:
        host = (urlparse(manifest[row["id"]]["url"]).hostname or "").removeprefix("www.")
        for incident in row["incidents"]:
            event = incident.get("event")
            if not event:
                continue
            if incident.get("reported_as", "main") == "main":
                reports[event].add(row["id"])
                outlets[event].add(host)
            else:
                background[event].add(row["id"])
    many = sorted((e for e in reports if len(outlets[e]) >= args.min_reports), key=lambda e: -len(reports[e]))
    print(f"\n{len(reports)} attacks named by main incidents; {len(many)} reported by {args.min_reports}+ outlets:")
    for event in many:
        split = manifest[next(iter(reports[event]))]["split"]
        print(f"{event}\t{split}\t{len(reports[event])} reports, {len(outlets[event])} outlets, {len(background[event])} background")


if __name__ == "__main__":
    main()
