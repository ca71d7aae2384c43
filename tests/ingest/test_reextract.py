from pathlib import Path

from sqlalchemy import func, select

from incidentwatch.ingest import ingest
from incidentwatch.ingest.reextract import reextract
from incidentwatch.sources import read_paths
from incidentwatch.store import Store
from incidentwatch.store.tables import Article, Incident, IncidentReport

DEVSET = Path(__file__).resolve().parents[2] / "devset" / "articles"


def test_reextraction_replaces_reports_and_keeps_what_an_editor_set(tmp_path):
    store = Store.open(str(tmp_path / "r.db"))
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


def test_reextraction_skips_articles_of_the_current_version(tmp_path):
    store = Store.open(str(tmp_path / "r.db"))
    ingest(read_paths([DEVSET / "dev-001.txt"]), store=store)
    assert reextract(store).articles == 0
