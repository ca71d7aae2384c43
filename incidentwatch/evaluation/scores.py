"""Scores: precision, recall and F1 of main incidents and of claims, and field accuracy on
matched incidents. Gold ``killed`` counts victims, so it is compared with the prediction's
``killed.total - killed.militants``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import IncidentwatchError
from ..models import ExtractionResult, RawArticle, ReportedAs
from .claim_fields import CLAIM_FIELDS, claim_field_agreement
from .gold import GoldArticle, GoldClaim, find_article_file, load_gold
from .matching import match_claims, match_incidents

FIELDS = ("killed", "injured", "province", "district", "event_type", "perpetrator")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ArticleReport:
    id: str
    incidents: Counts
    claims: Counts
    error: str | None = None
    missed_incidents: list[str] = field(default_factory=list)
    spurious_incidents: list[str] = field(default_factory=list)
    missed_claims: list[str] = field(default_factory=list)
    spurious_claims: list[str] = field(default_factory=list)
    field_errors: list[str] = field(default_factory=list)


@dataclass
class Scores:
    articles: int = 0
    incidents: Counts = field(default_factory=Counts)
    claims: Counts = field(default_factory=Counts)
    field_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS, 0))
    matched: int = 0
    claim_field_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CLAIM_FIELDS, 0))
    failed: int = 0  # articles whose extraction raised: every gold item of theirs counts as missed
    reports: list[ArticleReport] = field(default_factory=list)

    def accuracy(self, name: str) -> float:
        return self.field_right[name] / self.matched if self.matched else 1.0

    def claim_accuracy(self, name: str) -> float:
        """Share of matched claims whose source, period or region is right."""
        return self.claim_field_right[name] / self.claims.tp if self.claims.tp else 1.0

    def summary(self) -> dict[str, float]:
        out = {
            "articles": self.articles,
            "incident_precision": round(self.incidents.precision, 3),
            "incident_recall": round(self.incidents.recall, 3),
            "incident_f1": round(self.incidents.f1, 3),
            "claim_precision": round(self.claims.precision, 3),
            "claim_recall": round(self.claims.recall, 3),
            "claim_f1": round(self.claims.f1, 3),
            "matched_incidents": self.matched,
            "failed_articles": self.failed,
        }
        for name in FIELDS:
            out[f"{name}_accuracy"] = round(self.accuracy(name), 3)
        for name in CLAIM_FIELDS:
            out[f"claim_{name}_accuracy"] = round(self.claim_accuracy(name), 3)
        return out


def _field_values(gold, predicted) -> dict[str, tuple[object, object]]:
    first = predicted.perpetrators[0].name if predicted.perpetrators else None
    return {
        "killed": (gold.killed, predicted.killed.victims),
        "injured": (gold.injured, predicted.injured.total),
        "province": (gold.admin1, predicted.location.admin1),
        "district": (gold.admin2, predicted.location.admin2),
        "event_type": (gold.event_type, predicted.event_type.value),
        "perpetrator": (gold.perpetrator, first),
    }


def _describe_gold(g) -> str:
    return f"{g.date} {g.admin1}/{g.admin2} {g.event_type} killed={g.killed}"


def _describe_pred(p) -> str:
    return f"{p.date} {p.location.admin1}/{p.location.admin2} {p.event_type.value} killed={p.killed.victims}"


def _claim_field(claim, name: str) -> object:
    if isinstance(claim, GoldClaim):
        return {"source": claim.source, "period": (claim.period_start, claim.period_end), "region": claim.region}[name]
    return {"source": claim.source, "period": (claim.period.start, claim.period.end), "region": claim.region.name}[name]


def score_articles(pairs: list[tuple[GoldArticle, ExtractionResult | str]]) -> Scores:
    """Score each article's extraction; a string in place of a result is the article's failure
    (the error the extractor raised), and all its gold incidents and claims count as missed."""
    scores = Scores()
    for gold, result in pairs:
        scores.articles += 1
        report = ArticleReport(id=gold.id, incidents=Counts(), claims=Counts())
        if isinstance(result, str):
            scores.failed += 1
            report.error = result
            report.incidents.fn = sum(g.reported_as == "main" for g in gold.incidents)
            report.claims.fn = len(gold.claims)
            report.missed_incidents = [_describe_gold(g) for g in gold.incidents if g.reported_as == "main"]
            report.missed_claims = [f"{c.metric}={c.value:g} ({c.source}, {c.period})" for c in gold.claims]
            for total, part in ((scores.incidents, report.incidents), (scores.claims, report.claims)):
                total.fn += part.fn
            scores.reports.append(report)
            continue
        matched = match_incidents(gold.incidents, result.incidents)
        gold_main = [g for g in gold.incidents if g.reported_as == "main"]
        pred_main = [p for p in result.incidents if p.reported_as is ReportedAs.MAIN]
        report.incidents = Counts(tp=len(matched), fp=len(pred_main) - len(matched), fn=len(gold_main) - len(matched))
        matched_g = {id(g) for g, _ in matched}
        matched_p = {id(p) for _, p in matched}
        report.missed_incidents = [_describe_gold(g) for g in gold_main if id(g) not in matched_g]
        report.spurious_incidents = [_describe_pred(p) for p in pred_main if id(p) not in matched_p]
        for g, p in matched:
            scores.matched += 1
            for name, (gv, pv) in _field_values(g, p).items():
                if gv == pv:
                    scores.field_right[name] += 1
                else:
                    report.field_errors.append(f"{name}: gold {gv!r} predicted {pv!r} ({_describe_gold(g)})")
        claims = match_claims(gold.claims, result.claims)
        report.claims = Counts(tp=len(claims), fp=len(result.claims) - len(claims), fn=len(gold.claims) - len(claims))
        got_g = {id(g) for g, _ in claims}
        got_p = {id(p) for _, p in claims}
        report.missed_claims = [f"{c.metric}={c.value:g} ({c.source}, {c.period})" for c in gold.claims if id(c) not in got_g]
        for g, p in claims:
            for name, right in claim_field_agreement(g, p).items():
                if right:
                    scores.claim_field_right[name] += 1
                else:
                    report.field_errors.append(f"claim {name}: {g.metric}={g.value:g} gold {_claim_field(g, name)!r} predicted {_claim_field(p, name)!r}")
        report.spurious_claims = [f"{c.metric.value}/{c.unit.value}={c.value:g} ({c.source}, {c.period.label})" for c in result.claims if id(c) not in got_p]
        for total, part in ((scores.incidents, report.incidents), (scores.claims, report.claims)):
            total.tp += part.tp
            total.fp += part.fp
            total.fn += part.fn
        scores.reports.append(report)
    return scores


def evaluate_gold(
    gold_path: Path,
    *,
    extract: Callable[[RawArticle], ExtractionResult],
    articles_dir: Path | None = None,
    ids: set[str] | None = None,
) -> Scores:
    """Extract every article a gold file names (only those in ``ids`` when given) and score
    the result.

    The gold's ``published`` stands for the date a feed or page would give with the article,
    and is passed to the extractor as the caller's value. An article whose extraction raises
    is scored as that article's failure (everything in its gold missed), never the run's.

    Raises:
        GoldError: the gold file is malformed, or an article it names cannot be found.
    """
    from datetime import date

    from ..errors import GoldError
    from ..sources import read_path

    pairs = []
    for gold in load_gold(gold_path):
        if ids is not None and gold.id not in ids:
            continue
        path = find_article_file(gold, gold_path=gold_path, articles_dir=articles_dir)
        if path is None:
            raise GoldError(str(gold_path), None, f"no article file for {gold.id!r}")
        published = date.fromisoformat(gold.published) if gold.published else None
        items = list(read_path(path, published=published))
        raw = items[0]
        if isinstance(raw, IncidentwatchError):
            raise GoldError(str(gold_path), None, f"{gold.id}: {raw}")
        raw = RawArticle(id=gold.id, text=raw.text, html=raw.html, path=raw.path, published=published)
        try:
            pairs.append((gold, extract(raw)))
        except Exception as error:  # noqa: BLE001 - one article's failure is scored, not raised
            pairs.append((gold, f"{type(error).__name__}: {error}"))
    return score_articles(pairs)
