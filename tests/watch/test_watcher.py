"""The watcher against a newsroom that publishes while it runs: each new story stored once,
within one poll interval; an edited story (a higher toll) a new version; no request beyond
what the schedule and the validators allow."""

from __future__ import annotations

import time

from sqlalchemy import select

from incidentwatch.store import Store
from incidentwatch.store.tables import Article, Incident, WatchEntry, WatchSource
from incidentwatch.watch.sources_file import plan_from_urls

from .conftest import article_count, wait_for
from .newsroom import NewsroomServer, story

INTERVAL = 1.0


def test_watch_stores_each_new_story_once_within_one_interval(db_url, newsroom, run_watcher):
    newsroom.add("/feed", story("a", "Bannu", 4))
    newsroom.add("/feed", story("b", "Kech", 3))
    store = Store.open(db_url)
    plan = plan_from_urls([newsroom.base + "/feed"], interval=INTERVAL)
    handle = run_watcher(store, plan)
    assert wait_for(lambda: article_count(store) == 2, 20), "the first two stories were not stored"

    newsroom.add("/feed", story("c", "Quetta", 6))
    published = time.monotonic()
    assert wait_for(lambda: article_count(store) == 3, 10)
    delay = time.monotonic() - published
    assert delay < INTERVAL + 3.0, f"stored {delay:.1f} s after it appeared"

    newsroom.edit("a", 9)  # the toll rose: the entry's summary changes, and so does the page
    assert wait_for(lambda: article_count(store) == 4, 10), "the edited story was not stored as a new version"
    time.sleep(3 * INTERVAL)  # a few polls with nothing new
    handle.stop()

    with store.sessions() as session:
        versions = {(a.url.rsplit("/", 1)[1], a.version, a.is_current) for a in session.scalars(select(Article))}
        killed = session.scalars(select(Incident.killed_total).where(Incident.admin2 == "Bannu")).all()
        source = session.scalars(select(WatchSource)).one()
        entries = session.scalars(select(WatchEntry.state)).all()
    assert versions == {("a", 1, False), ("a", 2, True), ("b", 1, True), ("c", 1, True)}
    assert killed == [9]
    assert sorted(entries) == ["stored", "stored", "stored"]
    assert source.last_new_at is not None and source.errors_in_row == 0 and source.last_lag_s is not None
    # each page read once (the edited one twice); robots.txt once; the feed once a poll
    assert newsroom.requests["/news/a"] == 2 and newsroom.requests["/news/b"] == 1 and newsroom.requests["/news/c"] == 1
    assert newsroom.requests["/robots.txt"] == 1
    feed_polls = newsroom.requests["/feed"]
    assert feed_polls == source.polls
    # after the first, every poll was conditional; those with nothing new cost a 304 and nothing else
    assert newsroom.conditional["/feed"] == feed_polls - 1
    assert newsroom.not_modified["/feed"] == feed_polls - 3
    assert all("incidentwatch" in agent for agent in newsroom.agents)
    store.close()


def test_watch_polls_no_faster_than_its_interval(tmp_path, newsroom, run_watcher):
    newsroom.add("/feed", story("a", "Bannu", 4))
    store = Store.open(str(tmp_path / "w.db"))
    handle = run_watcher(store, plan_from_urls([newsroom.base + "/feed"], interval=2.0))
    started = time.monotonic()
    time.sleep(7.0)
    handle.stop()
    elapsed = time.monotonic() - started
    assert newsroom.requests["/feed"] <= int(elapsed / 2.0) + 1
    assert newsroom.requests["/feed"] >= 3
    store.close()


def test_a_slow_poll_does_not_stretch_the_interval(tmp_path, newsroom, run_watcher):
    """Each poll of a feed that takes 0.6 s to answer starts one interval after the last one was
    due, not one interval after it ended: the lag to a new story stays within one interval
    (plus the poll's own time), not interval + the time of every slow poll before it."""
    newsroom.answer_after["/feed"] = 0.6
    newsroom.add("/feed", story("a", "Bannu", 4))
    store = Store.open(str(tmp_path / "s.db"))
    handle = run_watcher(store, plan_from_urls([newsroom.base + "/feed"], interval=1.0))
    assert wait_for(lambda: article_count(store) == 1, 20)
    time.sleep(8.0)
    handle.stop()
    starts = newsroom.polled["/feed"]
    gaps = [b - a for a, b in zip(starts[1:], starts[2:], strict=False)]  # after the first poll's own page
    assert len(gaps) >= 5, starts
    assert sum(gaps) / len(gaps) < 1.15, gaps  # it was 1.6 s: the interval after the 0.6 s poll
    assert min(gaps) > 0.5, gaps  # and no burst to catch up
    store.close()


def test_newsrooms_on_one_address_are_polled_side_by_side(tmp_path, newsroom, second_newsroom, run_watcher):
    """Three newsrooms on 127.0.0.1 (three ports: three hosts to the per-host limit), two slow
    feeds each: six polls in flight at once, each feed still asked once an interval (with a
    thread pool sized by host name alone, two threads, a round took 1.8 s)."""
    third = NewsroomServer()
    try:
        rooms = [newsroom, second_newsroom, third.room]
        urls = []
        for room in rooms:
            for path in ("/feed-a", "/feed-b"):
                room.feeds[path] = []
                room.answer_after[path] = 0.6
                urls.append(room.base + path)
        store = Store.open(str(tmp_path / "h.db"))
        handle = run_watcher(store, plan_from_urls(urls, interval=1.0))
        time.sleep(7.0)
        handle.stop()
        for room in rooms:
            for path in ("/feed-a", "/feed-b"):
                starts = room.polled[path][1:]
                gaps = [b - a for a, b in zip(starts, starts[1:], strict=False)]
                assert len(gaps) >= 4 and sum(gaps) / len(gaps) < 1.2, (room.base, path, gaps)
        store.close()
    finally:
        third.stop()


def test_robots_txt_disallow_and_crawl_delay_are_obeyed(tmp_path, newsroom, run_watcher):
    newsroom.robots = "User-agent: *\nDisallow: /news/private-\nCrawl-delay: 1.5\n"
    newsroom.add("/feed", story("open", "Bannu", 4))
    newsroom.add("/feed", story("private-x", "Kech", 3))
    store = Store.open(str(tmp_path / "r.db"))
    handle = run_watcher(store, plan_from_urls([newsroom.base + "/feed"], interval=1.0))
    assert wait_for(lambda: article_count(store) == 1, 20)
    time.sleep(4)
    handle.stop()
    assert newsroom.requests["/news/private-x"] == 0 and newsroom.requests["/news/open"] == 1
    with store.sessions() as session:
        refused = session.scalars(select(WatchEntry).where(WatchEntry.url.like("%private-x"))).one()
    assert refused.state == "failed" and "robots.txt" in refused.detail
    # Crawl-delay 1.5 s: in 4 s after the page, at most 3 more polls of the feed
    polls = newsroom.requests["/feed"]
    assert polls <= 2 + 4 / 1.5 + 1
    store.close()
