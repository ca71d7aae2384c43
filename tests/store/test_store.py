"""Store: opening, migrating, and keeping SQLite's planner statistics fresh."""

from pathlib import Path

from incidentwatch.ingest import ingest
from incidentwatch.sources import read_paths
from incidentwatch.store import Store


def test_migrating_and_ingesting_refresh_sqlite_planner_statistics(tmp_path):
    store = Store.open(str(tmp_path / "s.db"))
    with store.engine.connect() as conn:  # the migrations ran: the statistics exist
        assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").scalar() == 1
        conn.exec_driver_sql("DELETE FROM sqlite_stat1")
        conn.commit()
    devset = Path(__file__).resolve().parents[2] / "devset" / "articles"
    ingest(read_paths(sorted(devset.glob("*.txt"))[:4]), store=store)
    with store.engine.connect() as conn:
        tables = {row[0] for row in conn.exec_driver_sql("SELECT tbl FROM sqlite_stat1")}
    store.close()
    assert {"incidents", "incident_reports", "articles"} <= tables
