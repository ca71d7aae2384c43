"""A newsroom that misbehaves in every way the issue lists, beside one that behaves: every
misbehaviour ends in a logged error and a recorded one, the watch goes on, and the good
newsroom's stories are stored."""

from __future__ import annotations

import logging
import time

from sqlalchemy import func, select

from incidentwatch.store import Store
from incidentwatch.store.tables import WatchEntry, WatchSource
from incidentwatch.watch.sources_file import plan_from_urls

from .conftest import article_count, wait_for
from .newsroom import sitemap, story

BAD_PATHS = ["/broken/feed", "/busy/feed", "/slow/feed", "/repeat/feed", "/loop/feed", "/bomb/feed", "/big/sitemap.xml"]


def _skipped(store: Store) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(WatchEntry).where(WatchEntry.state == "skipped")) or 0


def test_watch_survives_every_misbehaviour(tmp_path, newsroom, second_newsroom, run_watcher, caplog):
    bad = second_newsroom
    bad.retry_after = 3
    bad.big_sitemap = sitemap([(f"{bad.base}/news/gone-{n}", f"2024-06-{1 + n % 28:02d}T{n % 24:02d}:00:00+05:00")
                               for n in range(50_000)])
    newsroom.add("/feed", story("good-1", "Bannu", 4))
    store = Store.open(str(tmp_path / "w.db"))
    plan = plan_from_urls([newsroom.base + "/feed"] + [bad.base + path for path in BAD_PATHS], interval=1.0)
    caplog.set_level(logging.INFO, logger="incidentwatch.watch")
    started = time.monotonic()
    handle = run_watcher(store, plan)
    assert wait_for(lambda: article_count(store) >= 1, 20)
    newsroom.add("/feed", story("good-2", "Kech", 5))
    assert wait_for(lambda: article_count(store) >= 3, 15), "the repeated feed's two stories or good-2 missing"
    # the 50,000-URL sitemap's first poll (3.4 MB to read and parse, slow on a loaded machine) is done
    assert wait_for(lambda: _skipped(store) > 0, 60), "the big sitemap was never read"
    time.sleep(6)
    handle.stop()
    elapsed = time.monotonic() - started

    with store.sessions() as session:
        sources = {row.url.removeprefix(bad.base).removeprefix(newsroom.base): row for row in session.scalars(select(WatchSource))}
        skipped = session.scalar(select(func.count()).select_from(WatchEntry).where(WatchEntry.state == "skipped"))
        failed = session.scalars(select(WatchEntry).where(WatchEntry.state == "failed")).all()
    logged = caplog.text
    for path in ("/broken/feed", "/busy/feed", "/slow/feed", "/loop/feed", "/bomb/feed"):
        assert sources[path].last_error, path
        assert bad.base + path in logged, path
    assert "HTTP 500" in sources["/broken/feed"].last_error
    assert "HTTP 429" in sources["/busy/feed"].last_error
    assert "more than 5 redirects" in sources["/loop/feed"].last_error
    assert "too_large" in sources["/bomb/feed"].last_error
    assert "not finished within" in sources["/slow/feed"].last_error or "timed out" in sources["/slow/feed"].last_error
    # the good newsroom went on
    assert sources["/feed"].errors_in_row == 0 and sources["/feed"].articles == 2
    # 429 with Retry-After: 3 s: the host is left alone that long after each
    assert bad.requests["/busy/feed"] <= elapsed / 3 + 1
    # a failing source is polled less and less often (1, 2, 4... intervals)
    assert bad.requests["/broken/feed"] < elapsed / 1.0
    # the repeated old entries: each page read once, however often the feed repeats them
    assert bad.requests["/news/old-one"] == 1 and bad.requests["/news/old-two"] == 1
    assert sources["/repeat/feed"].articles == 2
    # an endless redirect: six requests a poll, then the poll gives up
    assert bad.count("/loop/") % 6 == 0
    # 50,000 URLs: the newest 20 taken on the first poll, the rest marked seen; nothing fetched twice
    assert skipped == 50_000 - 20
    assert bad.count("/news/gone-") <= 20 * 3
    assert len([e for e in failed if "gone-" in (e.url or "")]) <= 20
    store.close()
