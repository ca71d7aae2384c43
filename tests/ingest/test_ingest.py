"""Ingest end to end: sources into SQLite and PostgreSQL, in process, in worker processes and
on a Dask LocalCluster; duplicates, versions, failures, concurrency and interrupted runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from incidentwatch.ingest import ingest
from incidentwatch.sources import read_paths
from incidentwatch.store import Store
from incidentwatch.store.tables import Article, ClaimRow, Incident, IncidentReport

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "devset" / "articles"
SOME = sorted(DEVSET.glob("*.txt"))[:12]


def counts(store):
    with store.sessions() as session:
        return tuple(session.scalar(select(func.count()).select_from(t)) for t in (Article, IncidentReport, Incident, ClaimRow))


def test_ingest_stores_articles_and_a_second_run_adds_nothing(db_url):
    store = Store.open(db_url)
    first = ingest(read_paths(SOME), store=store)
    assert (first.read, first.stored, first.failed) == (12, 12, 0)
    before = counts(store)
    second = ingest(read_paths(SOME), store=store)
    assert (second.stored, second.duplicates) == (0, 12)
    assert counts(store) == before
    store.close()


def test_worker_processes_give_the_same_database_as_one_process(tmp_path):
    one = Store.open(str(tmp_path / "one.db"))
    ingest(read_paths(SOME), store=one)
    many = Store.open(str(tmp_path / "many.db"))
    summary = ingest(read_paths(SOME), store=many, workers=2)
    assert summary.stored == 12
    assert counts(one) == counts(many)


def test_dask_local_cluster_extracts_and_one_writer_stores(tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        store = Store.open(str(tmp_path / "dask.db"))
        summary = ingest(read_paths(SOME), store=store, dask_address=cluster.scheduler_address)
    reference = Store.open(str(tmp_path / "ref.db"))
    ingest(read_paths(SOME), store=reference)
    assert summary.stored == 12 and counts(store) == counts(reference)


def test_bad_lines_are_counted_and_the_rest_goes_on(tmp_path):
    good = json.dumps({"id": "g1", "text": (DEVSET / "dev-001.txt").read_text(), "published": "2024-07-16"})
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join([good, "{not json", json.dumps({"id": "e", "text": ""}), json.dumps({"id": "x", "text": "Hallo Welt " * 40})]) + "\n")
    store = Store.open(str(tmp_path / "t.db"))
    summary = ingest(read_paths([path]), store=store)
    assert (summary.read, summary.stored, summary.failed) == (4, 1, 3)
    assert dict(summary.failures) == {"malformed": 1, "empty": 1, "not_english": 1}
    assert all(str(path) in line for line in summary.failure_lines)


INGEST = [sys.executable, "-m", "incidentwatch", "ingest", "--quiet"]


def test_concurrent_ingests_into_one_sqlite_file_both_finish(tmp_path):
    db = str(tmp_path / "shared.db")
    Store.open(db).close()
    half = len(SOME) // 2
    runs = [subprocess.Popen([*INGEST, *map(str, part), "--db", db], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for part in (SOME[:half + 2], SOME[half - 2:])]
    outputs = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    store = Store.open(db)
    assert counts(store)[0] == len(SOME)  # the overlapping four stored once
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_a_run_killed_midway_leaves_a_consistent_database_and_a_rerun_finishes(tmp_path):
    db = str(tmp_path / "killed.db")
    Store.open(db).close()
    articles = sorted(DEVSET.glob("*.txt"))
    run = subprocess.Popen([*INGEST, *map(str, articles), "--db", db], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import time

    store = Store.open(db)
    deadline = time.monotonic() + 120
    while counts(store)[0] < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    run.kill()
    run.wait()
    partial = counts(store)
    with store.sessions() as session:  # every stored article is whole: its reports are there
        orphans = session.scalar(select(func.count()).select_from(IncidentReport).where(IncidentReport.article_id.not_in(select(Article.id))))
        assert orphans == 0
    rerun = subprocess.run([*INGEST, *map(str, articles), "--db", db], capture_output=True, text=True, timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    final = counts(store)
    assert partial[0] < final[0] == len(articles)
    reference = Store.open(str(tmp_path / "ref.db"))
    ingest(read_paths(articles), store=reference)
    assert final == counts(reference)
