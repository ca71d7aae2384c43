"""``incidentwatch watch`` as a process: SIGTERM finishes the article in hand and exits 0;
after SIGTERM or ``kill -9`` a restart resumes from the database: no story stored twice, no
page fetched again, and the feed asked with the validators of the last poll."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select

from incidentwatch.store import Store
from incidentwatch.store.tables import Article

from .conftest import article_count, wait_for
from .newsroom import story

ROOT = Path(__file__).resolve().parents[2]


def _start(newsroom, db: Path, log: Path) -> subprocess.Popen:  # noqa: ANN001 - a Newsroom
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("ab") as err:  # the child keeps its own descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "incidentwatch", "watch", "--source", newsroom.base + "/feed", "--interval", "1",
             "--allow-private", "--timeout", "5", "--db", str(db)],
            stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT)


def _run_until(newsroom, db: Path, log: Path, store: Store, stored: int, *, kill: bool = False, settle: float = 0.0) -> None:  # noqa: ANN001
    """Start the watcher, wait for ``stored`` articles, then SIGTERM it (it must exit 0) or kill -9 it."""
    process = _start(newsroom, db, log)
    try:
        assert wait_for(lambda: article_count(store) >= stored, 60), log.read_text()
        time.sleep(settle)
        process.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
        code = process.wait(timeout=30)
        assert kill or code == 0, log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _pages(newsroom) -> dict[str, int]:  # noqa: ANN001
    return {p: n for p, n in newsroom.requests.items() if p.startswith("/news/")}


def _no_duplicates(store: Store) -> None:
    with store.sessions() as session:
        per_url = session.execute(select(Article.url, func.count()).group_by(Article.url)).all()
    assert all(n == 1 for _, n in per_url), per_url


def test_sigterm_exits_zero_and_a_restart_fetches_nothing_twice(tmp_path, newsroom):
    for n, district in enumerate(["Bannu", "Kech", "Quetta"]):
        newsroom.add("/feed", story(f"s{n}", district, 3 + n))
    db, log = tmp_path / "w.db", tmp_path / "watch.log"
    store = Store.open(str(db))
    _run_until(newsroom, db, log, store, 3)
    assert "finishing the article in hand" in log.read_text()
    before = _pages(newsroom)
    polls_before = newsroom.requests["/feed"]

    newsroom.add("/feed", story("s3", "Zhob", 7))  # published while the watcher was down
    _run_until(newsroom, db, log, store, 4, settle=2)
    after = _pages(newsroom)
    assert {p: after[p] for p in before} == before  # nothing read again
    assert after["/news/s3"] == 1
    # the restarted watcher's first poll carried the validators its predecessor stored
    assert newsroom.conditional["/feed"] >= newsroom.requests["/feed"] - polls_before - 1 >= 1
    _no_duplicates(store)
    store.close()


def test_kill_9_loses_at_most_the_article_in_hand(tmp_path, newsroom):
    for n in range(6):
        newsroom.add("/feed", story(f"k{n}", ["Bannu", "Kech", "Quetta", "Tank", "Swat", "Kohat"][n], 3 + n))
    db, log = tmp_path / "w.db", tmp_path / "watch.log"
    store = Store.open(str(db))
    _run_until(newsroom, db, log, store, 2, kill=True)
    stored_before = article_count(store)
    _run_until(newsroom, db, log, store, 6, settle=2)
    assert article_count(store) == 6
    _no_duplicates(store)
    pages = _pages(newsroom)
    # the pages stored before the kill were not fetched again, but for at most the one in hand
    # (fetched, maybe stored, its entry not yet marked seen) and those fetched but not yet stored
    refetched = [p for p, n in pages.items() if n > 1]
    assert len(refetched) <= 6 - stored_before + 1, pages
    assert all(n <= 2 for n in pages.values())
    store.close()
