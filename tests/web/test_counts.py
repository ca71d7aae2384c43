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
