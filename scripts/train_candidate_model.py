"""Train the learned candidate filter (``incidentwatch/resources/candidate_model.json``) and
measure it against the rules by cross-validation grouped by event.

Every article is extracted by the rules alone (both learned decisions switched off). Every
candidate incident the extractor produces is one example, labelled from the gold
(``evaluation.candidates``): main (it stands for a main incident of the gold), background, or
spurious (a duplicate, page chrome, an aggregate). The model learns main against the other two
from ``candidate_filter``'s features (position, the hashed words of its first sentence and of
the headline, quotes, date distance, tolls, other candidates of the same province and type, a
follow-up headline); it never sees the rules' verdict.

Cross-validation: leave one event out (an article's event is its gold incidents' ``event``,
else its id), over the real-pages half named (``tune``; ``test`` is never read here). Each
held-out article takes the roles the fold's model gives, in each mode (``filter``: the rules'
mains the model keeps; ``decide``: the model alone) and threshold, and is scored as
``evaluate`` scores main incidents; the rules are scored on the same articles. The mode, the
regularisation and the threshold with the best F1 are chosen; the model is switched on by
default only if that F1 beats the rules' by ``MARGIN``. Articles of ``--extra-gold`` (the
self-written devset) join every fold's training, never its scoring.

The learner is scikit-learn's ``LogisticRegression`` (L2, ``liblinear``, balanced class weights,
a fixed seed): the same cache gives the same weights.

    export INCIDENTWATCH_REALSET_CACHE=/path/to/cache
    python scripts/train_candidate_model.py --dry-run      # the cross-validation only
    python scripts/train_candidate_model.py                # and rewrite the model file
    python scripts/train_candidate_model.py --extra-gold devset/gold.jsonl --extra-articles devset/articles --ingest

``--ingest`` also cross-validates ``evaluate-ingest``'s figures: the half's articles are
ingested into a fresh database once with the rules alone and once with each article under the
model of its own fold (chosen mode and threshold).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from incidentwatch.errors import GoldError  # noqa: E402
from incidentwatch.evaluation.candidates import MAIN, candidate_labels, gold_documents, main_counts  # noqa: E402
from incidentwatch.evaluation.counting import articles_of_attacks  # noqa: E402
from incidentwatch.evaluation.gold import GoldArticle  # noqa: E402
from incidentwatch.evaluation.realset import cache_dir, split_ids  # noqa: E402
from incidentwatch.extraction import build_pipeline  # noqa: E402
from incidentwatch.models import Incident, ReportedAs  # noqa: E402
from incidentwatch.pipeline.incidents.candidate_filter import (  # noqa: E402
    FEATURES,
    MODEL_FILE,
    MODES,
    Candidate,
    CandidateModel,
    decide,
    describe_candidates,
)
from incidentwatch.pipeline.incidents.vocabulary import Vocabulary  # noqa: E402
from incidentwatch.resources import load_resources  # noqa: E402

GOLD = ROOT / "realset" / "gold.jsonl"
OUTPUT = ROOT / "incidentwatch" / "resources" / MODEL_FILE
BUCKETS = 1024
C_GRID = (0.1, 0.3, 1.0, 3.0)
SEED = 0
MARGIN = 0.01  # F1 the model must gain over the rules, cross-validated, to be switched on by default
THRESHOLDS = [round(0.05 * k, 2) for k in range(1, 20)]


@dataclass
class Article:
    id: str
    group: str
    gold: GoldArticle
    incidents: list[Incident]  # the rules' candidates, with the rules' roles
    candidates: list[Candidate]
    labels: list[str]


def collect(gold_path: Path, articles_dir: Path | None, ids: set[str] | None) -> list[Article]:
    """Extract each article of the gold (those in ``ids`` when given) and label its candidates."""
    resources = load_resources()
    vocabulary = Vocabulary(cues=resources.incident_cues, taxonomy=resources.taxonomy)
    pipeline = build_pipeline(resources)
    out = []
    try:
        documents = list(gold_documents(gold_path, articles_dir, ids, pipeline))
    except GoldError as error:
        raise SystemExit(str(error)) from None
    for gold, doc in documents:
        group = next((i.event for i in gold.incidents if i.event and i.reported_as == "main"),
                     next((i.event for i in gold.incidents if i.event), gold.id))
        out.append(Article(id=gold.id, group=group, gold=gold, incidents=doc.incidents,
                           candidates=describe_candidates(doc, doc.incidents, vocabulary, BUCKETS),
                           labels=candidate_labels(gold, doc.incidents)))
    return out


def matrix(articles: list[Article]):  # noqa: ANN201 - a numpy array
    import numpy as np

    rows = [c for a in articles for c in a.candidates]
    x = np.zeros((len(rows), len(FEATURES) + BUCKETS))
    for i, c in enumerate(rows):
        x[i, :len(FEATURES)] = [c.values[name] for name in FEATURES]
        for b in c.words:
            x[i, len(FEATURES) + b] = 1.0
    y = np.array([int(label == MAIN) for a in articles for label in a.labels])
    return x, y


def fit(articles: list[Article], c: float):  # noqa: ANN201 - a scikit-learn estimator
    from sklearn.linear_model import LogisticRegression

    x, y = matrix(articles)
    return LogisticRegression(C=c, solver="liblinear", class_weight="balanced", random_state=SEED).fit(x, y)


def as_model(estimator, *, mode: str = "filter", threshold: float = 0.5, default_on: bool = False) -> CandidateModel:  # noqa: ANN001
    """The fitted estimator as the run-time model (what ``candidate_filter`` applies)."""
    weights = [float(w) for w in estimator.coef_[0]]
    return CandidateModel(coefficients=tuple(weights[:len(FEATURES)]), buckets=BUCKETS,
                          word_weights={b: w for b, w in enumerate(weights[len(FEATURES):]) if w != 0.0},
                          intercept=float(estimator.intercept_[0]), threshold=threshold, mode=mode, default_on=default_on)


def check_same(estimator, model: CandidateModel, articles: list[Article]) -> None:  # noqa: ANN001
    """The run-time formula gives scikit-learn's probabilities (to rounding), or the run stops."""
    x, _ = matrix(articles)
    if not len(x):
        return
    expected = estimator.predict_proba(x)[:, 1]
    got = [model.probability(c.values, c.words) for a in articles for c in a.candidates]
    worst = max(abs(a - b) for a, b in zip(expected, got, strict=True))
    if worst > 1e-4:
        raise SystemExit(f"the run-time model differs from scikit-learn's by {worst:.2g}")


def cross_validated(articles: list[Article], extra: list[Article], c: float) -> tuple[dict[str, list[float]], dict[str, CandidateModel]]:
    """Each scored article's candidates' probabilities from a model trained without its event,
    and that model, by article id."""
    out: dict[str, list[float]] = {}
    models: dict[str, CandidateModel] = {}
    for group in sorted({a.group for a in articles}):
        held = [a for a in articles if a.group == group]
        train = [a for a in articles if a.group != group] + extra
        labels = {label == MAIN for a in train for label in a.labels}
        estimator = fit(train, c) if len(labels) == 2 else None
        model = as_model(estimator) if estimator is not None else None
        for a in held:
            if model is not None:
                models[a.id] = model
            out[a.id] = [model.probability(x.values, x.words) if model is not None else 1.0 for x in a.candidates]
    return out, models


def ingest_figures(gold_path: Path, articles_dir: Path | None, ids: set[str], models: dict[str, CandidateModel] | None,
                   mode: str, threshold: float) -> dict[str, float | None]:
    """``evaluate-ingest``'s figures for ``ids``: the rules alone (no ``models``), or each article
    under its fold's model in ``mode`` at ``threshold``. The pipeline's call of the filter is
    replaced for the run by one that takes the article's own fold model (and restored)."""
    import incidentwatch.pipeline.incidents as incidents_package
    from incidentwatch.evaluation.ingested import evaluate_counting

    real = incidents_package.filter_candidates

    def by_fold(doc, incidents, vocabulary, model=None):  # noqa: ANN001, ANN202
        fold = (models or {}).get(doc.raw.id)
        if fold is not None:
            real(doc, incidents, vocabulary, model=replace(fold, mode=mode, threshold=threshold))

    incidents_package.filter_candidates = by_fold
    try:
        scores = evaluate_counting(gold_path, articles_dir=articles_dir, ids=ids, events_path=gold_path.with_name("events.jsonl"))
    finally:
        incidents_package.filter_candidates = real
    return scores.summary()


def score(articles: list[Article], roles_of) -> dict[str, float]:  # noqa: ANN001 - article -> roles
    tp = fp = fn = 0
    for a in articles:
        t, f, n = main_counts(a.gold, a.incidents, roles_of(a))
        tp, fp, fn = tp + t, fp + f, fn + n
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def _shown(path: Path) -> str:
    """A path as the model file names it: relative to the repository, else its last two parts."""
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else "/".join(resolved.parts[-2:])


def command(args: argparse.Namespace) -> str:
    """The command that rebuilds the file, its paths as ``_shown`` gives them."""
    parts = ["python scripts/train_candidate_model.py"]
    if args.gold != GOLD:
        parts.append(f"--gold {_shown(args.gold)}")
    parts.append("--all" if args.all else f"--split {args.split}")
    if args.extra_gold:
        parts.append(f"--extra-gold {_shown(args.extra_gold)}")
    if args.extra_articles:
        parts.append(f"--extra-articles {_shown(args.extra_articles)}")
    if args.ingest:
        parts.append("--ingest")
    return " ".join(parts)


def rules_roles(a: Article) -> list[ReportedAs]:
    return [i.reported_as for i in a.incidents]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold file (default: realset/gold.jsonl)")
    parser.add_argument("--articles", type=Path, default=None, help="article texts (default: the real-pages cache)")
    parser.add_argument("--split", default="tune", help="the half of the real pages to train on (default: tune)")
    parser.add_argument("--all", action="store_true", help="use every article of --gold (a set with no manifest)")
    parser.add_argument("--extra-gold", type=Path, help="more training articles (the self-written devset), never scored")
    parser.add_argument("--extra-articles", type=Path, help="their texts")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="model file to write")
    parser.add_argument("--ingest", action="store_true", help="also cross-validate evaluate-ingest's figures (slower)")
    parser.add_argument("--dry-run", action="store_true", help="print the cross-validation, write nothing")
    args = parser.parse_args(argv)
    os.environ["INCIDENTWATCH_ROLE_MODEL"] = "off"  # the candidates are the rules' own
    os.environ["INCIDENTWATCH_CANDIDATE_MODEL"] = "off"
    if args.split == "test":
        raise SystemExit("the test half is for measuring only: train on tune")
    manifest = args.gold.with_name(args.gold.name.replace("gold", "manifest"))
    ids = None if args.all else split_ids(manifest, args.split)
    articles_dir = args.articles or (None if args.all else cache_dir(manifest))
    articles = collect(args.gold, articles_dir, ids)
    extra = collect(args.extra_gold, args.extra_articles, None) if args.extra_gold else []
    labels = [label for a in articles for label in a.labels]
    print(f"{len(labels)} candidates from {len(articles)} articles, {len({a.group for a in articles})} events: "
          f"{labels.count('main')} main, {labels.count('background')} background, {labels.count('spurious')} spurious"
          + (f"; {sum(len(a.labels) for a in extra)} more for training from {len(extra)} extra articles" if extra else ""))
    if len(set(labels)) < 2 or MAIN not in labels:
        raise SystemExit(f"{args.gold}: its candidates need main and other labels to learn from")
    rules = score(articles, rules_roles)
    print("rules alone:", rules)
    table: dict[tuple[str, float, float], dict[str, float]] = {}
    fold_models: dict[float, dict[str, CandidateModel]] = {}
    for c in C_GRID:
        probabilities, fold_models[c] = cross_validated(articles, extra, c)
        for mode in MODES:
            for t in THRESHOLDS:
                table[(mode, c, t)] = score(articles, lambda a, m=mode, t=t, p=probabilities: decide(a.incidents, p[a.id], mode=m, threshold=t))
            best_t = max(THRESHOLDS, key=lambda t, m=mode, c=c: (table[(m, c, t)]["f1"], t))
            print(f"C={c:<4} {mode:6} best threshold {best_t:.2f}:", table[(mode, c, best_t)])
    chosen = max(table, key=lambda k: (table[k]["f1"], k[0] == "filter", -k[1], k[2]))
    mode, c, threshold = chosen
    on = table[chosen]["f1"] >= rules["f1"] + MARGIN
    print(f"chosen: mode {mode}, C {c}, threshold {threshold}: {table[chosen]}; default {'on' if on else 'off'} "
          f"(rules F1 {rules['f1']}, margin {MARGIN})")
    for t in THRESHOLDS:
        print(f"  {mode} C={c} threshold {t:.2f}:", table[(mode, c, t)])
    ingest: dict[str, dict[str, dict[str, float | None]]] = {}
    if args.ingest:
        wanted = {a.id for a in articles}
        keys = ("db_incidents", "true_attacks", "incidents_per_attack", "victims_ratio", "one_incident_share",
                "attacks_not_found", "incidents_from_background")
        for min_reports in (1, 4):
            chosen_ids = wanted if min_reports == 1 else articles_of_attacks([a.gold for a in articles], min_reports)
            for name, models in (("rules", None), ("model", fold_models[c])):
                figures = ingest_figures(args.gold, articles_dir, chosen_ids, models, mode, threshold)
                ingest.setdefault(f"{min_reports}+ reports", {})[name] = {k: figures[k] for k in keys}
                print(f"ingest, attacks with {min_reports}+ reports, {name}:", ingest[f"{min_reports}+ reports"][name])
    if args.dry_run:
        return
    import sklearn

    estimator = fit(articles + extra, c)
    check_same(estimator, as_model(estimator), articles + extra)
    weights = [float(w) for w in estimator.coef_[0]]
    words = {str(b): round(w, 6) for b, w in enumerate(weights[len(FEATURES):]) if round(w, 6) != 0.0}
    strongest = sorted(zip(FEATURES, weights, strict=False), key=lambda t: -abs(t[1]))[:8]
    print("strongest features:", ", ".join(f"{name} {w:+.2f}" for name, w in strongest))
    payload = {
        "about": "Logistic model over every candidate incident (incidentwatch/pipeline/incidents/candidate_filter.py): "
                 "main when the probability reaches the threshold, in the mode given. "
                 "Retrain: see command (the real pages' texts come from the cache of realset/README.md).",
        "trained_on": f"{_shown(args.gold)} ({'all' if args.all else args.split + ' half only'}): {len(labels)} candidates "
                      f"({labels.count('main')} main, {labels.count('background')} background, {labels.count('spurious')} "
                      f"spurious) from {len(articles)} articles"
                      + (f", plus {sum(len(a.labels) for a in extra)} candidates of {_shown(args.extra_gold)}" if extra else ""),
        "trained_at": datetime.now(UTC).date().isoformat(),
        "script": "scripts/train_candidate_model.py",
        "command": command(args),
        "learner": f"scikit-learn {sklearn.__version__} LogisticRegression(C={c}, solver='liblinear', "
                   f"class_weight='balanced', random_state={SEED})",
        "chosen_by": "leave-one-event-out cross-validation on the training half: best F1 of main incidents as "
                     f"evaluate counts them; on by default only if it beats the rules' by {MARGIN}",
        "cross_validated": {"rules": rules, "model": table[chosen]} | ({"ingest": ingest} if ingest else {}),
        "default": "on" if on else "off",
        "mode": mode,
        "threshold": threshold,
        "features": list(FEATURES),
        "coefficients": [round(w, 6) for w in weights[:len(FEATURES)]],
        "intercept": round(float(estimator.intercept_[0]), 6),
        "buckets": BUCKETS,
        "word_weights": words,
    }
    args.output.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print("wrote", args.output)


if __name__ == "__main__":
    main()
