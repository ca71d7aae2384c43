"""A blind second annotation of real pages: draw a fixed random sample, then score how far a
second annotator's claims agree with the gold.

    python scripts/stats_sample.py sample [--manifest realset/stats-manifest.jsonl] [--per-split 6] [--seed 12] [--exclude FILE]
    python scripts/stats_sample.py agree realset/stats-second-annotation.jsonl [--gold realset/stats-gold.jsonl] [--json]

`sample` reads only the manifest (ids and halves), never the gold, so the annotator does not see
the existing labels while drawing. `agree` treats the second annotation as predictions and
scores them with the project's own claim matcher (`incidentwatch.evaluation.matching` and
`claim_fields`): claims precision and recall, and source, period and region agreement on the
matched claims, per half, with every disagreement listed for adjudication.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path

from incidentwatch.errors import GoldError
from incidentwatch.evaluation.claim_fields import CLAIM_FIELDS, claim_field_agreement
from incidentwatch.evaluation.gold import GoldArticle, GoldClaim, load_gold
from incidentwatch.evaluation.matching import match_claims
from incidentwatch.evaluation.scores import Counts
from incidentwatch.models import Claim, Metric, Period, Qualifier, Region, Span, Unit

ROOT = Path(__file__).resolve().parents[1] / "realset"
SPLITS = ("tune", "test")


def draw_sample(rows: list[dict], per_split: int, seed: int, exclude: frozenset[str] = frozenset()) -> dict[str, list[str]]:
    """``per_split`` ids of each half, drawn with ``seed`` from the rows sorted by id (less those
    in ``exclude``, pages annotated in an earlier draw): the same manifest and seed always give
    the same sample."""
    rng = random.Random(seed)
    out: dict[str, list[str]] = {}
    for split in SPLITS:
        ids = sorted(r["id"] for r in rows if r.get("split") == split and r["id"] not in exclude)
        out[split] = sorted(rng.sample(ids, min(per_split, len(ids))))
    return out


def as_prediction(claim: GoldClaim) -> Claim:
    """A labelled claim in the extractor's form, so the project's matcher can score it."""
    if claim.metric == "share_percent":
        metric, unit = Metric.INCIDENTS, Unit.PERCENT_OF_TOTAL  # the matcher ignores a share's metric
    elif claim.metric == "percent_change":
        metric, unit = Metric.INCIDENTS, Unit.PERCENT_CHANGE
    else:
        metric, unit = Metric(claim.metric), Unit.COUNT
    evidence = claim.evidence or ""
    return Claim(
        source=claim.source,
        region=Region(name=claim.region or ""),
        period=Period(label=claim.period, start=claim.period_start, end=claim.period_end),
        metric=metric,
        unit=unit,
        value=claim.value,
        qualifier=Qualifier(claim.qualifier or "exact"),
        evidence=Span(start=0, end=len(evidence), text=evidence),
    )


def _describe(c: GoldClaim) -> str:
    """The claim's key fields, for a disagreement line."""
    return f"{c.metric}={c.value:g} [{c.source} | {c.region} | {c.period_start}..{c.period_end}] {c.evidence!r}"


def agreement(gold: list[GoldArticle], second: list[GoldArticle], splits: dict[str, str]) -> dict:
    """Per half: claims counts and field agreement of ``second`` against ``gold``, and the
    disagreements page by page (missed, extra, and a field that differs on a matched claim)."""
    by_id = {g.id: g for g in gold}
    counts = {s: Counts() for s in SPLITS}
    right = {s: dict.fromkeys(CLAIM_FIELDS, 0) for s in SPLITS}
    pages: dict[str, list[str]] = defaultdict(list)
    disagreements: list[dict] = []
    for page in second:
        if page.id not in by_id:
            raise ValueError(f"{page.id}: not in the gold")
        split = splits[page.id]
        pages[split].append(page.id)
        gold_claims = by_id[page.id].claims
        predicted = [as_prediction(c) for c in page.claims]
        matched = match_claims(gold_claims, predicted)
        got_g = {id(g) for g, _ in matched}
        got_p = {id(p) for _, p in matched}
        c = counts[split]
        c.tp += len(matched)
        c.fp += len(predicted) - len(matched)
        c.fn += len(gold_claims) - len(matched)
        for g in gold_claims:
            if id(g) not in got_g:
                disagreements.append({"id": page.id, "split": split, "kind": "missed", "gold": _describe(g)})
        for second_claim, p in zip(page.claims, predicted, strict=True):
            if id(p) not in got_p:
                disagreements.append({"id": page.id, "split": split, "kind": "extra", "second": _describe(second_claim)})
        second_of = {id(p): s for s, p in zip(page.claims, predicted, strict=True)}
        for g, p in matched:
            second_claim = second_of[id(p)]
            for name, ok in claim_field_agreement(g, p).items():
                if ok:
                    right[split][name] += 1
                else:
                    disagreements.append({"id": page.id, "split": split, "kind": name,
                                          "gold": _describe(g), "second": _describe(second_claim)})
            # not one of the extractor's scores, but a vague figure read two ways is a disagreement
            if (g.qualifier or "exact") != (second_claim.qualifier or "exact"):
                disagreements.append({"id": page.id, "split": split, "kind": "qualifier",
                                      "gold": f"{_describe(g)} {g.qualifier}", "second": f"{_describe(second_claim)} {second_claim.qualifier}"})
    halves = {}
    for s in SPLITS:
        c = counts[s]
        halves[s] = {
            "pages": sorted(pages[s]),
            "gold_claims": c.tp + c.fn,
            "second_claims": c.tp + c.fp,
            "matched": c.tp,
            "claim_precision": round(c.precision, 3),
            "claim_recall": round(c.recall, 3),
            **{f"claim_{n}_agreement": round(right[s][n] / c.tp, 3) if c.tp else 1.0 for n in CLAIM_FIELDS},
        }
    return {"halves": halves, "disagreements": disagreements}


def _rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("sample", help="draw the pages to annotate again (reads only the manifest)")
    s.add_argument("--manifest", type=Path, default=ROOT / "stats-manifest.jsonl")
    s.add_argument("--per-split", type=int, default=6)
    s.add_argument("--seed", type=int, default=12)
    s.add_argument("--exclude", type=Path, help="a second-annotation file whose pages are not drawn again")
    a = sub.add_parser("agree", help="score a second annotation against the gold")
    a.add_argument("second", type=Path)
    a.add_argument("--gold", type=Path, default=ROOT / "stats-gold.jsonl")
    a.add_argument("--manifest", type=Path, default=ROOT / "stats-manifest.jsonl")
    a.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    paths = ("manifest", "gold", "second", "exclude")
    for path in (getattr(args, name, None) for name in paths):
        if path is not None and not path.exists():
            print(f"error: {path}: no such file", file=sys.stderr)
            return 2
    rows = _rows(args.manifest)
    if args.command == "sample":
        exclude = frozenset(r["id"] for r in _rows(args.exclude)) if args.exclude else frozenset()
        for split, ids in draw_sample(rows, args.per_split, args.seed, exclude).items():
            print(split, " ".join(ids))
        return 0
    splits = {r["id"]: r["split"] for r in rows}
    try:
        result = agreement(load_gold(args.gold), load_gold(args.second), splits)
    except (ValueError, KeyError, GoldError) as error:
        print(f"error: {args.second}: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    for split, half in result["halves"].items():
        print(split, json.dumps(half))
    for d in result["disagreements"]:
        print(f"{d['id']} {d['split']} {d['kind']}: gold {d.get('gold', '-')} / second {d.get('second', '-')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
