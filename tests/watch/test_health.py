"""Health and lag: ``/api/health``, ``watch --status`` and the dashboard show each source's last
poll, last new article, errors in a row and lag, flag a source silent for longer than its
rhythm, and say when the data was last refreshed."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
from click.testing import CliRunner

from incidentwatch.cli import cli
from incidentwatch.store import Store
from incidentwatch.store.tables import WatchEntry, WatchSource
from incidentwatch.watch.health import source_health
from incidentwatch.watch.sources_file import plan_from_urls
from incidentwatch.watch.state import now_utc
from incidentwatch.web import create_app
from tests.web.conftest import LiveServer, settings

from .conftest import article_count, wait_for
from .newsroom import story


def test_health_endpoint_status_and_dashboard_after_a_watch(tmp_path, newsroom, run_watcher):
    newsroom.add("/feed", story("a", "Bannu", 4))
    db = tmp_path / "w.db"
    store = Store.open(str(db))
    handle = run_watcher(store, plan_from_urls([newsroom.base + "/feed", newsroom.base + "/missing-feed"], interval=1.0))
    assert wait_for(lambda: article_count(store) == 1, 20)
    assert wait_for(lambda: _errors(store, "/missing-feed") >= 2, 10)
    handle.stop()

    server = LiveServer(create_app(store, settings())).start()
    try:
        body = httpx.get(server.url + "/api/health", timeout=10).json()
        page = httpx.get(server.url + "/", timeout=20).text
    finally:
        server.stop()
    assert body["status"] == "ok" and body["last_refreshed"]
    by_url = {s["url"].removeprefix(newsroom.base): s for s in body["sources"]}
    good, bad = by_url["/feed"], by_url["/missing-feed"]
    assert good["articles"] == 1 and good["errors_in_row"] == 0 and good["last_new_at"] and good["last_poll_at"]
    assert 0 <= good["lag_s"] < 30
    assert bad["errors_in_row"] >= 2 and "HTTP 404" in bad["last_error"] and bad["last_new_at"] is None
    assert 'id="last-refreshed"' in page and "Data last refreshed: <time" in page

    result = CliRunner().invoke(cli, ["watch", "--status", "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    status = json.loads(result.output)
    assert {s["url"] for s in status["sources"]} == {s["url"] for s in body["sources"]}
    text = CliRunner().invoke(cli, ["watch", "--status", "--db", str(db)]).output
    assert "errors in a row" in text and "HTTP 404" in text and "data last refreshed" in text
    store.close()


def _errors(store: Store, path: str) -> int:
    with store.sessions() as session:
        return sum(row.errors_in_row for row in session.query(WatchSource) if row.url.endswith(path))


def test_a_source_silent_longer_than_its_rhythm_is_flagged(tmp_path):
    store = Store.open(str(tmp_path / "h.db"))
    now = now_utc()
    with store.sessions() as session, session.begin():
        for name, last_gap in (("regular", timedelta(minutes=20)), ("quiet", timedelta(hours=3))):
            source = WatchSource(url=f"https://{name}.example/feed", name=name, kind="feed", interval_s=300,
                                 errors_in_row=0, polls=50, articles=5, last_poll_at=now - timedelta(minutes=1),
                                 last_new_at=now - last_gap)
            session.add(source)
            session.flush()
            for n in range(5):  # an article every ten minutes before the last one
                at = now - last_gap - timedelta(minutes=10 * n)
                session.add(WatchEntry(source_id=source.id, key=f"{name}{n}", state="stored", seen_at=at, stored_at=at,
                                       attempts=1))
        session.add(WatchSource(url="https://down.example/feed", name="down", kind="feed", interval_s=300, errors_in_row=4,
                                polls=9, articles=0, last_poll_at=now - timedelta(hours=1), last_error="HTTP 503"))
    with store.sessions() as session:
        health = {h.name: h for h in source_health(session, now)}
    # rhythm 10 min: silent after 3 x 10 min + one interval (5 min)
    assert health["regular"].rhythm_s == 600 and not health["regular"].silent
    assert health["quiet"].silent
    assert health["down"].failing and health["down"].stale and not health["regular"].failing
    store.close()
