"""Scoring the toll reconciliation on a set of multi-report clusters.

A cluster of the gold (``clusters.json``) may give ``killed``: the labelled best count of
victims killed (militants apart). Its incident in the database is the one holding most of the
cluster's reports (``member_incidents``). For each labelled cluster:

- best within 10 %: the incident's ``killed_best`` is within 10 % of the label (exactly it
  for a label of 0);
- in range: the label lies inside the incident's ``[killed_low, killed_high]``.

A cluster none of whose reports was stored counts as a miss for both. ``score_attacks`` does
the same, with pairwise merge scores, for labelled real reports (``evaluate-ingest``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.tables import Article, Incident, IncidentReport
from .counting import StoredReport, TrueAttack, trace
from .gold import GoldArticle
from .merging import GoldCluster, MergeScores, pairwise

WITHIN = 0.10  # best within 10 % of the label


@dataclass
class TollScores:
    labelled: int = 0
    found: int = 0
    best_within: int = 0
    in_range: int = 0
    misses: list[str] = field(default_factory=list)  # "cluster: label 11, best 12 [9, 12]"

    @property
    def best_within_share(self) -> float:
        return self.best_within / self.labelled if self.labelled else 1.0

    @property
    def in_range_share(self) -> float:
        return self.in_range / self.labelled if self.labelled else 1.0

    def summary(self) -> dict[str, float | int]:
        return {"toll_clusters": self.labelled, "toll_clusters_found": self.found,
                "best_within_10pct": round(self.best_within_share, 3), "label_in_low_high": round(self.in_range_share, 3)}


def member_incidents(session: Session) -> dict[str, int]:
    """Each stored report as a gold member (``article@district``) and its incident."""
    out: dict[str, int] = {}
    for incident_id, source_id, admin2 in session.execute(
        select(IncidentReport.incident_id, Article.source_id, IncidentReport.admin2)
        .join(Article, Article.id == IncidentReport.article_id).where(IncidentReport.incident_id.is_not(None))
        .order_by(IncidentReport.id)
    ):
        if incident_id is not None:
            out.setdefault(f"{source_id}@{admin2}", incident_id)
    return out


def _close(best: int, label: int) -> bool:
    return best == label if label == 0 else abs(best - label) <= WITHIN * label


def score_tolls(session: Session, clusters: list[GoldCluster]) -> TollScores:
    """Score the stored incidents' estimates against the clusters' labels."""
    incident_of = member_incidents(session)
    scores = TollScores()
    for cluster in clusters:
        if cluster.killed is not None:
            _score_one(session, scores, cluster.id, cluster.killed, cluster.members, incident_of)
    return scores


def _score_one(session: Session, scores: TollScores, name: str, label: int, members: list[str],
               incident_of: dict[str, int]) -> None:
    scores.labelled += 1
    held = Counter(incident_of[m] for m in members if m in incident_of)
    if not held:
        scores.misses.append(f"{name}: label {label}, no report stored")
        return
    scores.found += 1
    incident = session.get(Incident, min(held, key=lambda i: (-held[i], i)))
    assert incident is not None  # it holds reports
    best, low, high = incident.killed_best, incident.killed_low, incident.killed_high
    close = best is not None and _close(best, label)
    inside = low is not None and high is not None and low <= label <= high
    scores.best_within += close
    scores.in_range += inside
    if not (close and inside):
        scores.misses.append(f"{name}: label {label}, best {best} [{low}, {high}]")

@dataclass
class AttackScores:
    """Merging and tolls on labelled real reports (``evaluate-ingest``): each stored report is
    traced to the gold incident of its own article (``counting.trace``); the main ones with an
    ``event`` are the members, paired by event."""

    merge: MergeScores
    tolls: TollScores

    def summary(self) -> dict[str, float | int]:
        merge = self.merge.summary()
        return {**{k: merge[k] for k in ("pairwise_precision", "pairwise_recall", "pairwise_f1", "gold_pairs",
                                         "predicted_pairs", "members_found")}, **self.tolls.summary()}


def score_attacks(session: Session, golds: list[GoldArticle], attacks: dict[str, TrueAttack]) -> AttackScores:
    """Pairwise merge scores of the traced main reports, and each attack's incident's estimates
    against its labelled best (the incident holding most of its main reports)."""
    by_id = {g.id: g for g in golds}
    predicted_of: dict[str, int] = {}
    gold_of: dict[str, str] = {}
    for report_id, source_id, incident_id, day, admin1, admin2, total, militants in session.execute(
        select(IncidentReport.id, Article.source_id, IncidentReport.incident_id, IncidentReport.date, IncidentReport.admin1,
               IncidentReport.admin2, IncidentReport.killed_total, IncidentReport.killed_militants)
        .join(Article, Article.id == IncidentReport.article_id).where(IncidentReport.incident_id.is_not(None))
    ):
        gold = by_id.get(source_id)
        if gold is None:
            continue
        incident = trace(StoredReport(source_id, incident_id, day, admin1, admin2, total, militants), gold)
        if incident is None or incident.reported_as != "main" or not incident.event or incident_id is None:
            continue
        member = f"{source_id}#{report_id}"
        predicted_of[member], gold_of[member] = incident_id, incident.event
    merge = pairwise(predicted_of, gold_of, members=len(gold_of))
    members: dict[str, list[str]] = {}
    for member, event in gold_of.items():
        members.setdefault(event, []).append(member)
    tolls = TollScores()
    for event, attack in sorted(attacks.items()):
        if attack.killed_best is None:
            continue
        _score_one(session, tolls, event, attack.killed_best, members.get(event, []), predicted_of)
    return AttackScores(merge=merge, tolls=tolls)
