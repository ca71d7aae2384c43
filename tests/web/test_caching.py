"""The read cache: a second reader of a page gets it from memory, and nobody ever gets a page
older than the last committed write, whoever wrote it (an editor through the API, an ingest in
this process, a write from another process). Logged-in readers' pages are never shared; the
cache is bounded in bytes. The change token's semantics on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from sqlalchemy import create_engine, text

from incidentwatch.ingest import ingest
from incidentwatch.store.changes import ChangeWatch
from incidentwatch.web.caching import Entry, PageStore
from tests.web.test_editing import LATER_TURBAT


def _turbat(client):
    return next(i for i in client.get("/api/incidents", params={"limit": 100}).json()["data"] if i["place"] == "Turbat")


def test_a_second_reader_gets_the_page_from_memory(site):
    client = site.client()
    for path in ("/", "/api/stats?by=quarter", "/api/incidents?limit=5"):
        first, second = client.get(path), client.get(path)
        assert first.status_code == second.status_code == 200
        assert (first.headers["x-cache"], second.headers["x-cache"]) == ("miss", "hit"), path
        assert first.content == second.content
        assert second.headers["content-security-policy"] == first.headers["content-security-policy"]
    assert client.get("/api/incidents?limit=6").headers["x-cache"] == "miss"  # another selection


def test_an_answer_asked_of_one_host_is_never_served_to_another(site):
    client = site.client()
    path = "/api/incidents?limit=1"
    poisoned = client.get(path, headers={"Host": "evil.example"})
    assert poisoned.json()["next"].startswith("http://evil.example/")
    honest = client.get(path)
    assert honest.headers["x-cache"] == "miss" and honest.json()["next"].startswith(site.url)
    assert client.get(path).headers["x-cache"] == "hit"


def test_an_edit_is_seen_by_the_next_read_of_every_cached_answer(site):
    editor, token = site.login("ed")
    reader = site.client()
    turbat = _turbat(reader)
    before_stats = reader.get("/api/stats").json()["total"]["killed"]
    reader.get("/api/incidents", params={"limit": 100})
    assert reader.get("/api/incidents", params={"limit": 100}).headers["x-cache"] == "hit"
    assert "Turbat" in reader.get("/").text
    response = editor.patch(f"/api/incidents/{turbat['id']}", headers={"X-CSRF-Token": token},
                            json={"row_version": turbat["row_version"], "killed": {"total": 40}})
    assert response.status_code == 200
    after = reader.get("/api/incidents", params={"limit": 100})
    assert after.headers["x-cache"] == "miss"
    assert next(i for i in after.json()["data"] if i["place"] == "Turbat")["killed"]["total"] == 40
    assert reader.get("/api/stats").json()["total"]["killed"] == before_stats - turbat["killed"]["total"] + 40


def test_an_ingest_and_another_process_s_write_are_seen_at_once(site):
    reader = site.client()
    count = reader.get("/api/incidents").json()["count"]
    assert reader.get("/api/incidents").headers["x-cache"] == "hit"
    ingest([LATER_TURBAT], store=site.store)  # merges into Turbat: the reports count changes
    assert _turbat(reader)["reports"] == 2
    path = site.store.engine.url.database
    script = ("import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); "
              "c.execute(\"UPDATE incidents SET review_state='rejected' WHERE place='Turbat'\"); c.commit()")
    subprocess.run([sys.executable, "-c", script, path], check=True, timeout=60)
    assert reader.get("/api/incidents").json()["count"] == count - 1


def test_pages_of_a_logged_in_reader_are_not_shared(site):
    editor, _ = site.login("ed")
    anonymous = site.client()
    anonymous.get("/")
    assert anonymous.get("/").headers["x-cache"] == "hit"
    mine = editor.get("/")
    assert "x-cache" not in mine.headers and "Log out" in mine.text and "Log out" not in anonymous.get("/").text
    assert editor.get("/api/stats").headers["x-cache"] in ("hit", "miss")  # the API is the same for everyone


def test_the_cache_is_bounded_in_bytes():
    pages = PageStore(max_bytes=64 * 1024)
    pages.get("t1", ("/", b""))
    for i in range(500):
        pages.put("t1", ("/", str(i).encode()), Entry(200, [(b"content-type", b"text/html")], b"x" * 2000))
    assert pages.size_bytes <= 64 * 1024 and 10 < len(pages) < 40
    assert pages.get("t1", ("/", b"499")) is not None and pages.get("t1", ("/", b"0")) is None  # least recent went
    pages.put("t1", ("/", b"huge"), Entry(200, [], b"x" * 20_000))  # over an eighth: not kept
    assert pages.get("t1", ("/", b"huge")) is None
    assert pages.get("t2", ("/", b"499")) is None and len(pages) == 0  # a new token drops everything
    pages.put("t1", ("/", b"late"), Entry(200, [], b"x"))  # computed under the old token: not kept
    assert len(pages) == 0


def _watched_table(engine) -> tuple[ChangeWatch, str]:
    """A table ``t``, a watch on its database, its first token, and a read that must not move it."""
    with engine.begin() as c:
        c.execute(text("CREATE TABLE t (x INTEGER)"))
    watch = ChangeWatch(engine)
    first = watch.token()
    with engine.connect() as c:
        c.execute(text("SELECT * FROM t")).fetchall()
    assert watch.token() == first  # reading changes nothing
    return watch, first


def test_sqlite_token_moves_on_every_commit_of_any_connection_only(tmp_path):
    path = tmp_path / "w.db"
    engine = create_engine(f"sqlite:///{path}")
    watch, first = _watched_table(engine)
    other = sqlite3.connect(path)
    other.execute("INSERT INTO t VALUES (1)")
    assert watch.token() == first  # not committed yet
    other.commit()
    second = watch.token()
    assert second != first
    with engine.begin() as c:
        c.execute(text("INSERT INTO t VALUES (2)"))
    assert watch.token() not in (first, second)
    watch.close()
    engine.dispose()


def test_postgresql_token_moves_on_commits_not_on_reads(postgres_db):
    engine = create_engine(postgres_db)
    watch, first = _watched_table(engine)
    with engine.connect() as writer:
        writer.execute(text("INSERT INTO t VALUES (1)"))
        pending = watch.token()  # the writer's transaction is in progress: its page would not show it
        writer.commit()
    committed = watch.token()
    assert committed not in (first, pending)
    with engine.connect() as c:  # the watch's connection dropped (a server restart, say): it reconnects
        c.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE pid <> pg_backend_pid() AND datname = current_database()"))
    assert watch.token() == committed
    watch.close()
    engine.dispose()
