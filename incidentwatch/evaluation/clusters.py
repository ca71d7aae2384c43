"""Gold for ``evaluate-ingest`` from a folder of self-written multi-source clusters
(``articles.jsonl`` and ``clusters.json``, the ``evaluate-merge`` format): each cluster is one
attack, each member ``article@district`` one main report of it."""

from __future__ import annotations

from pathlib import Path

from .gold import GoldArticle, GoldIncident
from .merging import load_clusters


def golds_from_clusters(directory: Path) -> list[GoldArticle]:
    """One gold article per article a cluster names, with a main incident in the member's
    district for each cluster it belongs to.

    Raises:
        GoldError: ``clusters.json`` is missing or malformed.
    """
    articles: dict[str, GoldArticle] = {}
    for cluster in load_clusters(directory / "clusters.json"):
        for member in cluster.members:
            article, _, district = member.rpartition("@")
            gold = articles.setdefault(article, GoldArticle(id=article))
            gold.incidents.append(GoldIncident(admin2=district or None, event=cluster.id))
    return sorted(articles.values(), key=lambda g: g.id)
