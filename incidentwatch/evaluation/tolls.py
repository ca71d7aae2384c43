"""Scoring the toll reconciliation on a set of multi-report clusters.

A cluster of the gold (``clusters.json``) may give ``killed``: the labelled best count of
victims killed (militants apart). Its incident in the database is the one holding most of the
cluster's reports (``member_incidents``). For each labelled cluster:

- best within 10 %: the incident's ``killed_best`` is within 10 % of the label (exactly it
  for a label of 0);
- in range: the label lies inside the incident's ``[killed_low, killed_high]``.

A cluster none of whose reports was stored counts as a miss for both.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import GoldError
from ..store.tables import Article, Incident, IncidentReport

WITHIN = 0.10  # best within 10 % of the label


class LabelledCluster(BaseModel):
    id: str
    members: list[str]
    killed: int | None = None  # the labelled best victims killed


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


def load_labelled(path: Path) -> list[LabelledCluster]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [LabelledCluster.model_validate(c) for c in data["clusters"]]
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValidationError) as error:
        raise GoldError(str(path), None, f"not a clusters file: {error}") from None


def member_incidents(session: Session) -> dict[str, int]:
    """Each stored report as a gold member (``article@district``) and its incident."""
    out: dict[str, int] = {}
    for incident_id, source_id, admin2 in session.execute(
        select(IncidentReport.incident_id, Article.source_id, IncidentReport.admin2)
        .join(Article, Article.id == IncidentReport.article_id).where(IncidentReport.incident_id.is_not(None))
        .order_by(IncidentReport.id)
    ):
        out.setdefault(f"{source_id}@{admin2}", incident_id)
    return out


def _close(best: int, label: int) -> bool:
    return best == label if label == 0 else abs(best - label) <= WITHIN * label


def score_tolls(session: Session, clusters: list[LabelledCluster]) -> TollScores:
    """Score the stored incidents' estimates against the clusters' labels."""
    incident_of = member_incidents(session)
    scores = TollScores()
    for cluster in clusters:
        if cluster.killed is None:
            continue
        scores.labelled += 1
        held = Counter(incident_of[m] for m in cluster.members if m in incident_of)
        if not held:
            scores.misses.append(f"{cluster.id}: label {cluster.killed}, no report stored")
            continue
        scores.found += 1
        incident_id = min(held, key=lambda i: (-held[i], i))
        incident = session.get(Incident, incident_id)
        assert incident is not None  # it holds reports
        best, low, high = incident.killed_best, incident.killed_low, incident.killed_high
        close = best is not None and _close(best, cluster.killed)
        inside = low is not None and high is not None and low <= cluster.killed <= high
        scores.best_within += close
        scores.in_range += inside
        if not (close and inside):
            scores.misses.append(f"{cluster.id}: label {cluster.killed}, best {best} [{low}, {high}]")
    return scores
