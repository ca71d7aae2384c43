"""Which incidents the extractor makes on the statistical pages, and how many are aggregates.

The statistical pages (``realset/stats-gold.jsonl``) label claims only: a figure over a period,
a province or a campaign is never an incident there. A page may still tell one single attack
("the deadliest attack of the quarter was the bombing in X on DATE"), which is a real incident.
This script extracts every page of one half and lists each incident with its evidence sentence;
with ``--judgements`` it also counts the human verdicts recorded for those incidents.

    python scripts/stats_incidents.py --split tune [--judgements realset/stats-incidents.jsonl] [--json]
    python scripts/stats_incidents.py --split test --count-only

A judgement row is ``{"id": "stat-NNN", "evidence": "<a quote of <= 15 words>", "verdict":
"aggregate" | "single"}``; an incident is judged by the first row of its page whose quote its
evidence contains (case and spacing ignored). ``--count-only`` prints the counts and never the
evidence (for the test half, which is measured, not read).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from incidentwatch.errors import GoldError, IncidentwatchError
from incidentwatch.evaluation.gold import find_article_file, load_gold
from incidentwatch.evaluation.realset import cache_dir, manifest_for, split_ids
from incidentwatch.extraction import build_pipeline, to_result
from incidentwatch.models import RawArticle
from incidentwatch.sources import read_path

ROOT = Path(__file__).resolve().parents[1] / "realset"
VERDICTS = ("aggregate", "single")


class JudgementError(Exception):
    """A judgements file that cannot be read: one line naming the file and the problem."""


@dataclass
class Found:
    id: str
    evidence: str
    killed: int | None
    verdict: str | None = None


@dataclass
class Tally:
    pages: int = 0
    failed: list[str] = field(default_factory=list)
    incidents: list[Found] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        verdicts = Counter(f.verdict or "unjudged" for f in self.incidents)
        return {
            "pages": self.pages,
            "pages_with_incidents": len({f.id for f in self.incidents}),
            "incidents": len(self.incidents),
            "aggregate": verdicts.get("aggregate", 0),
            "single": verdicts.get("single", 0),
            "unjudged": verdicts.get("unjudged", 0),
            "failed": len(self.failed),
        }


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def load_judgements(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Page id -> [(quote, verdict)], refusing a row with no quote, a long quote or an unknown verdict."""
    out: dict[str, list[tuple[str, str]]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise JudgementError(f"{path}: cannot read ({error.strerror})") from None
    for lineno, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            page, quote, verdict = row["id"], row["evidence"], row["verdict"]
        except (ValueError, KeyError, TypeError) as error:
            raise JudgementError(f"{path}:{lineno}: not a judgement row ({error})") from None
        if verdict not in VERDICTS or not quote.strip() or len(quote.split()) > 15:
            raise JudgementError(f"{path}:{lineno}: needs a quote of 1-15 words and a verdict in {VERDICTS}")
        out.setdefault(page, []).append((_norm(quote), verdict))
    return out


def judge(found: Found, judgements: dict[str, list[tuple[str, str]]]) -> str | None:
    text = _norm(found.evidence)
    return next((verdict for quote, verdict in judgements.get(found.id, []) if quote in text), None)


def tally(gold_path: Path, split: str, articles: Path, judgements: dict[str, list[tuple[str, str]]]) -> Tally:
    """Extract every page of ``split`` and collect its incidents."""
    ids = split_ids(manifest_for(gold_path), split)
    pipeline = build_pipeline()
    out = Tally()
    for gold in load_gold(gold_path):
        if gold.id not in ids:
            continue
        out.pages += 1
        path = find_article_file(gold, gold_path=gold_path, articles_dir=articles)
        if path is None:
            out.failed.append(f"{gold.id}: no cached text")
            continue
        published = date.fromisoformat(gold.published) if gold.published else None
        raw = next(iter(read_path(path, published=published)))
        if isinstance(raw, IncidentwatchError):
            out.failed.append(f"{gold.id}: {raw}")
            continue
        try:
            result = to_result(pipeline(RawArticle(id=gold.id, text=raw.text, html=raw.html, path=raw.path, published=published)))
        except Exception as error:  # noqa: BLE001 - one page's failure is counted, not raised
            out.failed.append(f"{gold.id}: {type(error).__name__}: {error}")
            continue
        for incident in result.incidents:
            evidence = " ".join(span.text for span in incident.evidence)
            found = Found(gold.id, evidence, incident.killed.total)
            found.verdict = judge(found, judgements)
            out.incidents.append(found)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "stats-gold.jsonl")
    parser.add_argument("--split", choices=("tune", "test"), required=True)
    parser.add_argument("--articles", type=Path, help="Folder of the page texts (default: the realset cache).")
    parser.add_argument("--judgements", type=Path, help="JSON lines of human verdicts (aggregate or single).")
    parser.add_argument("--count-only", action="store_true", help="Print the counts only, never the evidence.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    try:
        judgements = load_judgements(args.judgements) if args.judgements else {}
        result = tally(args.gold, args.split, args.articles or cache_dir(manifest_for(args.gold)), judgements)
    except (JudgementError, GoldError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    counts = result.counts()
    if args.json:
        payload: dict = {"counts": counts}
        if not args.count_only:
            payload["incidents"] = [f.__dict__ for f in result.incidents]
            payload["failed"] = result.failed
        print(json.dumps(payload, indent=2))
        return 0
    if not args.count_only:
        for f in result.incidents:
            print(f"{f.id}\t{f.verdict or '?'}\tkilled={f.killed}\t{f.evidence}")
        for line in result.failed:
            print(f"failed: {line}")
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
