"""Re-extraction: the stored articles go through the current extractor again, on SQLite and
PostgreSQL; incidents an editor touched keep what the editor set."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import func, select, text

from incidentwatch.cli import cli
from incidentwatch.ingest import ingest
from incidentwatch.ingest.reextract import reextract
from incidentwatch.sources import read_paths
from incidentwatch.store import Store
from incidentwatch.store.tables import Article, AuditEntry, ClaimRow, Incident, IncidentReport

DEVSET = Path(__file__).resolve().parents[2] / "devset" / "articles"
ALL = sorted(DEVSET.glob("*.txt"))


def incidents(store):
    with store.sessions() as session:
        return sorted(session.execute(select(Incident.id, Incident.date, Incident.place, Incident.event_type,
                                             Incident.killed_total, Incident.injured_total)))


def count(store, table):
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(table))


def test_reextracting_everything_on_an_untouched_database_keeps_its_incidents(db_url):
    store = Store.open(db_url)
    ingest(read_paths(ALL), store=store)
    before, reports, claims = incidents(store), count(store, IncidentReport), count(store, ClaimRow)
    done = reextract(store, everything=True)
    assert (done.articles, done.failed) == (len(ALL), 0)
    # the same extractor finds the same incidents: each report rejoins the incident it left
    assert incidents(store) == before
    assert (count(store, IncidentReport), count(store, ClaimRow)) == (reports, claims)
    with store.sessions() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "delete")) == 0
    store.close()


def test_reextraction_replaces_reports_and_keeps_what_an_editor_set(db_url):
    store = Store.open(db_url)
    ingest(read_paths([DEVSET / "dev-001.txt", DEVSET / "dev-003.txt"]), store=store)
    with store.sessions() as session, session.begin():
        incident = session.scalars(select(Incident).order_by(Incident.id)).first()
        incident.killed_total, incident.locked_fields = 99, ["killed"]
        incident_id = incident.id
        reports_before = session.scalar(select(func.count()).select_from(IncidentReport))
    done = reextract(store, everything=True)
    assert done.articles == 2 and done.failed == 0
    with store.sessions() as session:
        assert session.get(Incident, incident_id).killed_total == 99
        assert session.scalar(select(func.count()).select_from(IncidentReport)) == reports_before
        assert session.scalar(select(func.count()).select_from(Article)) == 2
    store.close()


def test_reextraction_skips_articles_of_the_current_version(tmp_path):
    store = Store.open(str(tmp_path / "r.db"))
    ingest(read_paths([DEVSET / "dev-001.txt"]), store=store)
    assert reextract(store).articles == 0


def test_cli_reextracts_every_article(tmp_path):
    db = str(tmp_path / "c.db")
    store = Store.open(db)
    ingest(read_paths(ALL[:8]), store=store)
    store.close()
    result = CliRunner().invoke(cli, ["db", "reextract", "--all", "--db", db])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("re-extracted 8 articles")


def test_cli_reports_a_database_failure_in_one_line(tmp_path):
    db = str(tmp_path / "f.db")
    store = Store.open(db)
    ingest(read_paths(ALL[:3]), store=store)
    with store.engine.begin() as conn:  # the database refuses every change to the reports
        conn.execute(text("CREATE TRIGGER refuse BEFORE DELETE ON incident_reports BEGIN SELECT RAISE(ABORT, 'refused'); END"))
    store.close()
    result = CliRunner().invoke(cli, ["db", "reextract", "--all", "--db", db])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.output
    assert "article 1" in lines[0] and "refused" in lines[0]


# run in a child process: re-extract everything, killed (SIGKILL) inside the third article's
# transaction, after its old reports were dropped and its new ones merged
KILLED_MIDWAY = """
import os, signal, sys
from incidentwatch.ingest.reextract import reextract
from incidentwatch.store import Store
from incidentwatch.store.writer import Writer
calls = []
add_claims = Writer._add_claims
def dying(self, session, article, item, outcome):
    calls.append(article.id)
    if len(calls) == 3:
        session.flush()
        os.kill(os.getpid(), signal.SIGKILL)
    return add_claims(self, session, article, item, outcome)
Writer._add_claims = dying
reextract(Store.open(sys.argv[1]), everything=True)
"""


def test_a_reextraction_killed_midway_leaves_a_consistent_database(db_url):
    store = Store.open(db_url)
    ingest(read_paths(ALL[:6]), store=store)
    before, claims = incidents(store), count(store, ClaimRow)
    with store.sessions() as session:
        third = session.scalars(select(Article.id).order_by(Article.id)).all()[2]
        third_reports = sorted(session.execute(select(IncidentReport.id).where(IncidentReport.article_id == third)))
    store.close()
    child = subprocess.run([sys.executable, "-c", KILLED_MIDWAY, db_url], capture_output=True, text=True, timeout=120,
                           env=os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[2])})
    assert child.returncode == -signal.SIGKILL, child.stderr
    store = Store.open(db_url)
    with store.sessions() as session:  # the third article is as it was: its old reports, not a half of the new
        assert sorted(session.execute(select(IncidentReport.id).where(IncidentReport.article_id == third))) == third_reports
        orphans = session.scalar(select(func.count()).select_from(IncidentReport).where(
            IncidentReport.incident_id.is_not(None), IncidentReport.incident_id.not_in(select(Incident.id))))
        assert orphans == 0
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
    assert incidents(store) == before and count(store, ClaimRow) == claims
    done = reextract(store, everything=True)  # run again, it finishes
    assert (done.articles, done.failed) == (6, 0)
    assert incidents(store) == before and count(store, ClaimRow) == claims
    store.close()
