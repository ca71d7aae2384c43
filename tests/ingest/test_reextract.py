"""Re-extraction: the stored articles go through the current extractor again, on SQLite and
PostgreSQL; incidents an editor touched keep what the editor set."""

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
