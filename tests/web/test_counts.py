"""The count memo: the pages of one selection count it once per change token, and a write,
whoever commits it, is counted by the next page."""

from __future__ import annotations

import subprocess
import sys

from incidentwatch.web.counts import CountMemo


def test_the_memo_counts_once_per_token_and_key_and_always_without_a_token():
    memo, calls = CountMemo(max_entries=2), []

    def count(n: int):
        return lambda: calls.append(n) or n

    assert [memo.get("t1", "a", count(1)) for _ in range(3)] == [1, 1, 1]
    assert calls == [1]
    assert memo.get("t1", "b", count(2)) == 2 and memo.get("t1", "c", count(3)) == 3
    assert memo.get("t1", "a", count(4)) == 4  # the oldest went: at most two kept
    assert memo.get("t2", "b", count(5)) == 5  # a new token: everything counted again
    assert memo.get(None, "b", count(6)) == 6 and memo.get(None, "b", count(7)) == 7
    assert calls == [1, 2, 3, 4, 5, 6, 7]


def test_the_pages_of_a_selection_count_it_once(site):
    client = site.client()
    everything = client.get("/api/incidents", params={"limit": 100}).json()
    memo = site.app.state.counts
    misses = memo.misses
    counts = [client.get("/api/incidents", params={"limit": 1, "offset": i}).json()["count"] for i in range(3)]
    assert counts == [everything["count"]] * 3 == [len(everything["data"])] * 3
    assert memo.misses == misses and memo.hits >= 3  # the same selection as the first request's
    client.get("/api/incidents", params={"limit": 1, "country": "PK"})
    assert memo.misses == misses + 1  # another selection is counted


def test_a_write_from_another_process_is_counted_by_the_next_page(site):
    client = site.client()
    before = client.get("/api/incidents", params={"limit": 1}).json()
    assert client.get("/api/incidents", params={"limit": 1, "offset": 1}).json()["count"] == before["count"]
    script = ("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
              "c.execute(\"UPDATE incidents SET review_state='rejected' WHERE place='Turbat'\"); c.commit()")
    subprocess.run([sys.executable, "-c", script, site.store.engine.url.database], check=True, timeout=60)
    after = client.get("/api/incidents", params={"limit": 1, "offset": 2}).json()
    assert after["count"] == before["count"] - 1


def test_a_selection_s_count_is_the_number_of_its_incidents(db_url, monkeypatch):
    """Whole provinces are counted from the rollups, the rest from the incidents: both exact,
    undated and rejected incidents, months cut by the dates and other filters included."""
    import random
    from datetime import date, datetime, timedelta

    from sqlalchemy import func, insert, select

    from incidentwatch.analytics import apply, resolve_selection
    from incidentwatch.analytics.tallies import tally
    from incidentwatch.store import Store
    from incidentwatch.store.tables import Incident
    from incidentwatch.web import queries
    from incidentwatch.web.queries import count_incidents, list_incidents

    from_rollups = []
    monkeypatch.setattr(queries, "tally", lambda *a, **k: from_rollups.append(a[1]) or tally(*a, **k))

    rng = random.Random(16)
    places = [("Bannu", "Khyber Pakhtunkhwa"), ("Peshawar", "Khyber Pakhtunkhwa"), (None, "Khyber Pakhtunkhwa"),
              ("Quetta", "Balochistan"), ("Turbat", "Balochistan"), ("Karachi", "Sindh")]
    stamp = datetime(2026, 1, 1)
    rows = []
    for i in range(1, 401):
        district, province = rng.choice(places)
        day = None if rng.random() < 0.05 else date(2023, 1, 1) + timedelta(days=rng.randrange(800))
        rows.append({"id": i, "date": day, "place": district or province, "admin2": district, "admin1": province,
                     "country": "PK", "event_type": rng.choice(["bombing", "armed_assault"]), "killed_total": rng.randrange(5),
                     "review_state": "rejected" if rng.random() < 0.1 else "unreviewed", "created_at": stamp,
                     "updated_at": stamp})
    store = Store.open(db_url)
    with store.sessions() as session, session.begin():
        session.execute(insert(Incident), rows)  # through the rollup triggers, as the writer's rows go
    selections = [{}, {"province": "Khyber Pakhtunkhwa"}, {"province": "Balochistan"}, {"province": "Sindh", "event_type": "bombing"},
                  {"province": "Khyber Pakhtunkhwa", "district": "Bannu"},
                  {"province": "Balochistan", "date_from": date(2023, 3, 17), "date_to": date(2024, 5, 2)},
                  {"province": "Khyber Pakhtunkhwa", "include_rejected": True}]
    with store.sessions() as session:
        for given in selections:
            selection = resolve_selection(**given)
            exact = session.scalar(apply(select(func.count(Incident.id)), selection))
            assert count_incidents(session, selection) == exact > 0, given
            assert len(list_incidents(session, selection, limit=500).rows) == exact, given
    # the four whole provinces (each counted twice: alone, then by the list), not the narrower ones
    assert len(from_rollups) == 8
    assert all(s.province and not s.district and s.date_from is None for s in from_rollups)
    store.close()
