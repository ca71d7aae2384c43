"""Train the learned main-or-background decision (``incidentwatch/resources/role_model.json``)
on the tune half of the real-pages set.

Every article of the half is extracted by the rules alone (the model switched off). Each
incident that the rules call main by default (no background reason) is one example: its
features are ``learned.role_features``; its label is 1 when it stands for a main incident of the
article's gold and is the first to do so, else 0 (a background incident read as news, a
duplicate of the main one, or page chrome). "Stands for": the gold's evidence quote is in the
prediction's sentences, or else the same province (or one of the two unknown) and dates within
two days (or one unknown); the best such gold by quote, toll, district and type, one gold
incident to one prediction.

The model is scikit-learn's ``LogisticRegression`` (L2, ``liblinear``, balanced class weights, a
fixed seed), so a retrain from the same cache gives the same file. The threshold is chosen by
leave-one-event-out cross-validation on the same half: the one that maximises the F1 of
"main" over the held-out folds, tied to the highest. Only ``tune`` is read; ``test`` is left to
measure.

    export INCIDENTWATCH_REALSET_CACHE=/path/to/cache
    python scripts/train_role_model.py              # rewrite the model file
    python scripts/train_role_model.py --dry-run    # print the examples' cross-validated scores only
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["INCIDENTWATCH_ROLE_MODEL"] = "off"  # the examples are the rules' own verdicts
os.environ["INCIDENTWATCH_CANDIDATE_MODEL"] = "off"

from incidentwatch.evaluation.candidates import assign, gold_documents  # noqa: E402
from incidentwatch.evaluation.gold import GoldArticle  # noqa: E402
from incidentwatch.evaluation.realset import cache_dir, split_ids  # noqa: E402
from incidentwatch.extraction import build_pipeline  # noqa: E402
from incidentwatch.models import Incident, ReportedAs  # noqa: E402
from incidentwatch.pipeline.incidents.learned import FEATURES, MODEL_FILE, load_cues, role_features  # noqa: E402
from incidentwatch.pipeline.incidents.roles import is_follow_up  # noqa: E402
from incidentwatch.pipeline.incidents.vocabulary import Vocabulary  # noqa: E402
from incidentwatch.resources import load_resources  # noqa: E402

GOLD = ROOT / "realset" / "gold.jsonl"
MANIFEST = ROOT / "realset" / "manifest.jsonl"
OUTPUT = ROOT / "incidentwatch" / "resources" / MODEL_FILE
C = 1.0
SEED = 0
THRESHOLDS = [round(0.05 * k, 2) for k in range(2, 19)]


def labels(gold: GoldArticle, predicted: list[Incident]) -> list[int]:
    """1 for each prediction that is the one standing for a main gold incident, else 0
    (``evaluation.candidates.assign``)."""
    return [int(gi is not None and gold.incidents[gi].reported_as == "main") for gi in assign(gold.incidents, predicted)]


def examples(split: str = "tune") -> list[tuple[str, str, list[float], int]]:
    """(article id, group, features, label) of each default main of the rules on one half."""
    resources = load_resources()
    vocabulary = Vocabulary(cues=resources.incident_cues, taxonomy=resources.taxonomy)
    cues = load_cues()
    pipeline = build_pipeline(resources)
    ids = split_ids(MANIFEST, split)
    cache = cache_dir(MANIFEST)
    rows = []
    for gold, doc in gold_documents(GOLD, cache, ids, pipeline):
        incidents = doc.incidents
        wanted = labels(gold, incidents)
        follow_up = is_follow_up(doc.clean.title if doc.clean else None, doc.sentences, vocabulary)
        group = next((i.event for i in gold.incidents if i.event), gold.id)
        for position, incident in enumerate(incidents):
            if incident.reported_as is not ReportedAs.MAIN:
                continue
            values = role_features(incidents, position, title=doc.clean.title if doc.clean else None, sentences=doc.sentences,
                                   published=doc.clean.published if doc.clean else None, follow_up=follow_up,
                                   recap=vocabulary.recap, cues=cues)
            rows.append((gold.id, group, [values[name] for name in FEATURES], wanted[position]))
    return rows


def fit(x: list[list[float]], y: list[int]):  # noqa: ANN201 - a scikit-learn estimator
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=C, solver="liblinear", class_weight="balanced", random_state=SEED).fit(x, y)


def cross_validated(rows: list[tuple[str, str, list[float], int]]) -> list[float]:
    """Each example's probability from a model trained without its event's articles."""
    probabilities = [0.0] * len(rows)
    for group in sorted({r[1] for r in rows}):
        train = [r for r in rows if r[1] != group]
        if len({r[3] for r in train}) < 2:
            continue
        model = fit([r[2] for r in train], [r[3] for r in train])
        for i, r in enumerate(rows):
            if r[1] == group:
                probabilities[i] = float(model.predict_proba([r[2]])[0][1])
    return probabilities


def scores(y: list[int], main: list[bool]) -> dict[str, float]:
    tp = sum(1 for a, b in zip(y, main, strict=True) if a and b)
    fp = sum(1 for a, b in zip(y, main, strict=True) if not a and b)
    fn = sum(1 for a, b in zip(y, main, strict=True) if a and not b)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the cross-validated scores, write nothing")
    args = parser.parse_args()
    rows = examples("tune")
    y = [r[3] for r in rows]
    probabilities = cross_validated(rows)
    rules = scores(y, [True] * len(y))
    by_threshold = {t: scores(y, [p >= t for p in probabilities]) for t in THRESHOLDS}
    threshold = max(THRESHOLDS, key=lambda t: (by_threshold[t]["f1"], t))
    print(f"{len(rows)} examples ({sum(y)} main, {len(y) - sum(y)} not) from {len({r[0] for r in rows})} articles, "
          f"{len({r[1] for r in rows})} events")
    print("rules alone (every default main kept):", rules)
    for t in THRESHOLDS:
        print(f"threshold {t:.2f} (leave one event out):", by_threshold[t])
    print("chosen threshold:", threshold)
    model = fit([r[2] for r in rows], y)
    coefficients = [round(float(c), 6) for c in model.coef_[0]]
    for name, c in sorted(zip(FEATURES, coefficients, strict=True), key=lambda t: -abs(t[1])):
        print(f"  {name:18} {c:+.3f}")
    if args.dry_run:
        return
    import sklearn

    payload = {
        "about": "Logistic model for the rules' default main incidents: main when the probability reaches the threshold "
                 "(incidentwatch/pipeline/incidents/learned.py). Retrain: python scripts/train_role_model.py.",
        "trained_on": f"realset tune half only: {len(rows)} incidents the rules call main by default, "
                      f"{sum(y)} labelled main, {len(y) - sum(y)} not, from {len({r[0] for r in rows})} articles",
        "learner": f"scikit-learn {sklearn.__version__} LogisticRegression(C={C}, solver='liblinear', "
                   f"class_weight='balanced', random_state={SEED})",
        "threshold_from": "leave-one-event-out cross-validation on the tune half, best F1 of main",
        "cross_validated": by_threshold[threshold],
        "features": list(FEATURES),
        "coefficients": coefficients,
        "intercept": round(float(model.intercept_[0]), 6),
        "threshold": threshold,
    }
    OUTPUT.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print("wrote", OUTPUT.relative_to(ROOT))


if __name__ == "__main__":
    main()
