"""One bad article never stops a batch (issue 10 item 5): an exception in any stage, or an
article over its time budget, is that article's one-line failure naming it; ``extract`` goes
on, ``ingest`` stores it as failed (in this process and in worker processes) and ``db reextract``
tries it again."""

from __future__ import annotations

import json
import time
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from incidentwatch.cli import cli
from incidentwatch.errors import ArticleFailure
from incidentwatch.extraction import build_pipeline
from incidentwatch.ingest import extract as worker_extract
from incidentwatch.ingest import ingest
from incidentwatch.ingest.reextract import reextract
from incidentwatch.models import RawArticle
from incidentwatch.pipeline.base import ArticleDoc
from incidentwatch.sources import read_paths
from incidentwatch.store import Store
from incidentwatch.store.tables import Article, IncidentReport

DEVSET = Path(__file__).resolve().parents[2] / "devset" / "articles"
GOOD = sorted(DEVSET.glob("*.txt"))[:4]
# the real article that stopped a batch: a part ("including ...") of another role than its whole
CUT = "The suicide bombing occurred inside the ministry on Wednesday, killing at least five people, including two injured"


class Breaks:
    """A stage that raises on articles whose text holds a marker, as a bug would."""

    name, requires, provides = "breaks", ("clean",), ()

    def __call__(self, doc: ArticleDoc) -> ArticleDoc:
        if "BREAKME" in doc.text:
            raise KeyError("boom")
        if "SLOWME" in doc.text:
            time.sleep(30)
        return doc


def faulty_pipeline():
    pipeline = build_pipeline()
    pipeline.stages.insert(2, Breaks())
    return pipeline


@pytest.fixture()
def faulty(monkeypatch):
    """Worker processes are forked, so they see this pipeline too."""
    worker_extract._pipeline.cache_clear()
    monkeypatch.setattr(worker_extract, "_pipeline", faulty_pipeline)


def bad_files(tmp_path: Path) -> list[Path]:
    good = GOOD[0].read_text()
    broken = tmp_path / "broken.txt"
    broken.write_text(good + "\nBREAKME\n")
    slow = tmp_path / "slow.txt"
    slow.write_text(good.replace("killed", "killed SLOWME", 1) + "\nThe end.\n")
    return [broken, slow]


def test_the_truncated_article_that_stopped_a_batch_extracts():
    doc = build_pipeline()(RawArticle(id="cut", text=CUT, published=date(2024, 5, 1)))
    (incident,) = doc.incidents
    assert (incident.killed.total, incident.injured.total) == (5, 2)


def test_a_stage_that_raises_is_the_articles_failure_naming_it_and_the_stage():
    pipeline = faulty_pipeline()
    with pytest.raises(ArticleFailure) as caught:
        pipeline(RawArticle(id="a1", path="x.jsonl:3", text=GOOD[0].read_text() + " BREAKME"))
    assert str(caught.value) == "x.jsonl:3: article a1: internal_error in stage breaks (KeyError: 'boom')"


def test_an_article_over_its_time_budget_is_too_slow():
    started = time.monotonic()
    with pytest.raises(ArticleFailure) as caught:
        faulty_pipeline()(RawArticle(id="s1", text=GOOD[0].read_text() + " SLOWME"), time_budget_s=0.3)
    assert caught.value.reason == "too_slow" and caught.value.stage == "breaks"
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("workers", [1, 2])
def test_ingest_stores_failed_articles_and_goes_on(tmp_path, faulty, workers):
    store = Store.open(str(tmp_path / "db.sqlite"))
    summary = ingest(read_paths([*bad_files(tmp_path), *GOOD]), store=store, workers=workers, time_budget_s=1.0)
    assert (summary.read, summary.stored, summary.failed, summary.stored_failed) == (6, 4, 2, 2)
    assert dict(summary.failures) == {"internal_error": 1, "too_slow": 1}
    assert sorted(line.split(":")[0] for line in summary.failure_lines) == sorted(str(p) for p in bad_files(tmp_path))
    with store.sessions() as session:
        failed = dict(session.execute(select(Article.source_id, Article.failure).where(Article.failure.is_not(None))).all())
        reports = session.scalars(select(IncidentReport.article_id)).all()
    assert set(failed) == {"broken", "slow"} and "internal_error in stage breaks" in failed["broken"]
    assert reports  # the good articles' incidents are there


def test_reextract_tries_failed_articles_again(tmp_path, faulty, monkeypatch):
    store = Store.open(str(tmp_path / "db.sqlite"))
    ingest(read_paths(bad_files(tmp_path)[:1]), store=store)
    again = reextract(store)
    assert (again.articles, again.failed) == (0, 1)  # still broken: still failed
    monkeypatch.setattr(worker_extract, "_pipeline", build_pipeline)  # the bug is fixed
    fixed = reextract(store)
    assert (fixed.articles, fixed.failed) == (1, 0)
    with store.sessions() as session:
        assert session.scalars(select(Article.failure)).all() == [None]
        assert session.scalars(select(IncidentReport.id)).all()
    assert reextract(store).articles == 0  # nothing left to retry


def test_extract_cli_reports_the_failure_and_prints_the_rest(tmp_path, monkeypatch):
    import incidentwatch.cli.extract as extract_module

    monkeypatch.setattr(extract_module, "build_pipeline", faulty_pipeline)
    broken, slow = bad_files(tmp_path)
    result = CliRunner().invoke(cli, ["extract", str(broken), str(GOOD[0]), str(slow), str(GOOD[1]), "--json",
                                      "--time-budget", "0.5"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 2
    assert f"skipped {broken}: article broken: internal_error in stage breaks (KeyError: 'boom')" in result.stderr
    assert f"skipped {slow}: article slow: too_slow in stage breaks (over 0.5 s)" in result.stderr
    assert "internal error" not in result.output


def test_values_a_database_refuses_are_made_storable_at_the_boundary(db_url, tmp_path):
    """NUL in text (PostgreSQL refuses it) and an outlet longer than its column."""
    text = GOOD[1].read_text()
    path = tmp_path / "odd.jsonl"
    path.write_text(json.dumps({"id": "nul", "text": text.replace(" ", " \u0000", 3), "outlet": "o" * 500}) + "\n"
                    + json.dumps({"id": "ok", "text": GOOD[2].read_text()}) + "\n")
    store = Store.open(db_url)
    summary = ingest(read_paths([path]), store=store)
    assert (summary.stored, summary.failed) == (2, 0), summary.failure_lines
    with store.sessions() as session:
        outlets = session.scalars(select(Article.outlet).order_by(Article.source_id)).all()
    assert outlets == ["o" * 200, None]
    store.close()
