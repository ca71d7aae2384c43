"""The export rows: every incident once, in date order, streamed in chunks, with its sources and
evidence; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from incidentwatch.analytics import Selection, resolve_selection
from incidentwatch.exports import iter_rows
from incidentwatch.store import Store
from tests.exports.conftest import write_known


def test_rows_stream_in_chunks_in_date_order_with_sources_and_evidence(db_url):
    store = Store.open(db_url)
    try:
        write_known(store)
        with store.sessions() as session:
            rows = list(iter_rows(session, Selection(), chunk=2))  # three round trips
    finally:
        store.close()
    assert [(r.id, r.date) for r in rows] == [
        (1, date(2024, 5, 13)), (2, date(2024, 5, 20)), (3, date(2024, 6, 2)), (4, date(2024, 6, 10)), (5, None)]
    bannu = rows[0]
    assert (bannu.sources, bannu.outlets) == (3, ("Dawn", "Express Tribune", "The News"))
    assert [str(p) for p in bannu.perpetrators] == ["TTP (claimed)"]
    assert bannu.evidence[0] == "Gunmen of the TTP killed four soldiers in Bannu, the group claimed."
    assert len(bannu.evidence) == 3 and bannu.urls[0] == "https://dawn.example/1"
    assert (bannu.killed_low, bannu.killed_best, bannu.killed_high, bannu.killed_best_source) == (4, 7, 7, "unnamed, 2024-05-14")


def test_rows_follow_the_selection(known_store):
    selection = resolve_selection(date_from=date(2024, 6, 1), date_to=date(2024, 6, 30), province="KP")
    with known_store.sessions() as session:
        assert [r.id for r in iter_rows(session, selection)] == [3, 4]
