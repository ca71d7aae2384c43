"""Scoring the toll estimates against labelled clusters (the self-written merge set)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from incidentwatch.errors import GoldError
from incidentwatch.evaluation.merging import GoldCluster, load_clusters
from incidentwatch.evaluation.tolls import score_tolls
from incidentwatch.ingest import ingest
from incidentwatch.sources import read_paths
from incidentwatch.store import Store

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "merge"


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    store = Store.open(str(tmp_path_factory.mktemp("tolls") / "m.db"))
    ingest(read_paths([FIXTURE / "articles.jsonl"]), store=store)
    yield store
    store.close()


def test_the_self_written_clusters_have_their_labelled_best_and_it_lies_in_the_range(ingested):
    with ingested.sessions() as session:
        scores = score_tolls(session, load_clusters(FIXTURE / "clusters.json"))
    assert (scores.labelled, scores.found) == (28, 28)
    assert scores.best_within_share >= 0.9 and scores.in_range_share >= 0.9, scores.misses


def test_a_wrong_label_is_a_miss_for_both_and_said_why(ingested):
    clusters = [GoldCluster(id="quetta", members=["q-1@Quetta", "q-2@Quetta", "q-3@Quetta"], killed=30),
                GoldCluster(id="quetta-close", members=["q-1@Quetta"], killed=12),
                GoldCluster(id="nowhere", members=["x-1@Nowhere"], killed=3)]
    with ingested.sessions() as session:
        scores = score_tolls(session, clusters)
    # Quetta: police 9, then 12, then 11 after duplicate names were removed -> best 11 in [9, 12]
    assert (scores.labelled, scores.found, scores.best_within, scores.in_range) == (3, 2, 1, 1)
    assert scores.misses == ["quetta: label 30, best 11 [9, 12]", "nowhere: label 3, no report stored"]


def test_a_broken_clusters_file_is_a_gold_error(tmp_path):
    bad = tmp_path / "clusters.json"
    bad.write_text(json.dumps({"clusters": [{"id": "a"}]}), encoding="utf-8")
    with pytest.raises(GoldError, match="clusters.json"):
        load_clusters(bad)
