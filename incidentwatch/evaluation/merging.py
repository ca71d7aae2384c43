"""Scoring the merge of reports into incidents on a set of multi-source clusters.

The gold (``clusters.json``) lists which (article, district) reports belong to one incident.
The articles are ingested into a fresh database; every stored incident then groups the reports
merged into it. Pairwise precision is the share of report pairs put together that belong
together; pairwise recall the share of pairs that belong together that were put together.
Reports the extractor did not produce, or placed in another district, cannot be paired and
are counted apart. ``one_incident_share``: the clusters whose found reports all ended in one
incident. The tolls of labelled clusters are scored by ``tolls.py`` (``on_store``).
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import GoldError


class GoldCluster(BaseModel):
    id: str
    members: list[str]
    description: str | None = None
    killed: int | None = None  # the labelled best victims killed (scored by tolls.py)


@dataclass
class MergeScores:
    gold_pairs: int = 0
    predicted_pairs: int = 0
    correct_pairs: int = 0
    members: int = 0
    members_found: int = 0
    wrongly_merged: list[str] = field(default_factory=list)
    wrongly_split: list[str] = field(default_factory=list)
    clusters: int = 0  # clusters with a found report
    clusters_as_one: int = 0

    @property
    def one_incident_share(self) -> float:
        return self.clusters_as_one / self.clusters if self.clusters else 1.0

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.predicted_pairs if self.predicted_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.gold_pairs if self.gold_pairs else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def summary(self) -> dict[str, float]:
        return {
            "pairwise_precision": round(self.precision, 3), "pairwise_recall": round(self.recall, 3),
            "pairwise_f1": round(self.f1, 3), "gold_pairs": self.gold_pairs, "predicted_pairs": self.predicted_pairs,
            "members": self.members, "members_found": self.members_found,
            "one_incident_share": round(self.one_incident_share, 3),
        }


def load_clusters(path: Path) -> list[GoldCluster]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [GoldCluster.model_validate(c) for c in data["clusters"]]
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValidationError) as error:
        raise GoldError(str(path), None, f"not a clusters file: {error}") from None


def evaluate_merge(directory: Path, *, workers: int = 1, on_store: Callable[[Session], None] | None = None) -> MergeScores:
    """Ingest ``directory/articles.jsonl`` into a fresh SQLite database and score the merge
    against ``directory/clusters.json``; ``on_store`` reads the database before it goes (the
    tolls' scores)."""
    from ..ingest import ingest
    from ..sources import read_paths
    from ..store import Store
    from ..store.tables import Article, IncidentReport

    clusters = load_clusters(directory / "clusters.json")
    gold_of = {m: c.id for c in clusters for m in c.members}
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "merge.db"))
        ingest(read_paths([directory / "articles.jsonl"]), store=store, workers=workers)
        with store.sessions() as session:
            rows = session.execute(
                select(IncidentReport.incident_id, Article.source_id, IncidentReport.admin2)
                .join(Article, Article.id == IncidentReport.article_id)
                .where(IncidentReport.incident_id.is_not(None))
            ).all()
            if on_store is not None:
                on_store(session)
        store.close()
    predicted_of: dict[str, int] = {}
    for incident_id, article_id, admin2 in rows:
        member = f"{article_id}@{admin2}"
        if member in gold_of and member not in predicted_of:
            predicted_of[member] = incident_id
    scores = pairwise(predicted_of, gold_of, members=len(gold_of))
    for cluster in clusters:
        held = {predicted_of[m] for m in cluster.members if m in predicted_of}
        scores.clusters += bool(held)
        scores.clusters_as_one += len(held) == 1
    return scores


def pairwise(predicted_of: dict[str, int], gold_of: dict[str, str], *, members: int) -> MergeScores:
    """Pairwise scores of the found members: ``predicted_of`` their incident, ``gold_of`` their cluster."""
    scores = MergeScores(members=members, members_found=len(predicted_of))
    found = sorted(predicted_of)
    for a, b in combinations(found, 2):
        together = predicted_of[a] == predicted_of[b]
        belongs = gold_of[a] == gold_of[b]
        scores.predicted_pairs += together
        scores.gold_pairs += belongs
        scores.correct_pairs += together and belongs
        if together and not belongs:
            scores.wrongly_merged.append(f"{a} + {b}")
        elif belongs and not together:
            scores.wrongly_split.append(f"{a} / {b}")
    return scores
