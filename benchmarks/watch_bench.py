"""The watcher (``incidentwatch watch``) against local newsrooms on 127.0.0.1.

- ``polls``: polls per second of unchanged feeds (every answer a 304 after the first), the
  watcher in a subprocess at ``--interval 1`` over ``--feeds`` feeds; its CPU per 1,000 polls,
  and whether an unchanged feed cost anything beyond its 304 (any other request is counted).
  Baseline, same run: the same conditional GETs sent by a bare loop of ``sources.fetch.fetch``
  (the watcher's own request function) from as many threads as the watcher's per-host limit
  allows, for the same time.
- ``delay``: from a new entry on the local server to its incident in the database, at
  ``--feeds`` feeds polled every ``--interval`` seconds, one new story a second on a random feed;
  p50/p95/max and the largest delay beyond one interval (the issue's aim: under 5 s).
- ``soak``: ``tests/watch/soak.py`` for ``--minutes`` (the issue: 30), 20 feeds: lag, memory
  (RSS over time), duplicates, exit status.

    python benchmarks/watch_bench.py polls --feeds 100 --seconds 20
    python benchmarks/watch_bench.py delay --feeds 100 --interval 10 --stories 30 [--feed-latency 0.5]
    python benchmarks/watch_bench.py soak --minutes 30
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select  # noqa: E402

from incidentwatch.sources.fetch import FetchOptions, fetch  # noqa: E402
from incidentwatch.store import Store  # noqa: E402
from incidentwatch.store.tables import Article  # noqa: E402
from tests.watch.newsroom import DISTRICTS, NewsroomServer, story  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _newsrooms(feeds: int, servers: int, stories_each: int) -> tuple[list[NewsroomServer], list[tuple]]:
    rooms = [NewsroomServer() for _ in range(servers)]
    paths = []
    for n in range(feeds):
        room = rooms[n % servers].room
        path = f"/feed-{n}"
        room.feeds[path] = []
        for k in range(stories_each):
            room.add(path, story(f"f{n}-{k}", DISTRICTS[(n + k) % len(DISTRICTS)], 3 + k))
        paths.append((room, path))
    return rooms, paths


def _sources_file(folder: Path, paths: list[tuple], interval: float, per_host: int) -> Path:
    lines = ["defaults:", f"  interval: {interval}", f"  per_host: {per_host}", "  backfill: 0", "outlets:"]
    for n, (room, path) in enumerate(paths):
        lines += [f"  - name: Outlet {n}", f"    feeds: [{room.base}{path}]"]
    out = folder / "sources.yaml"
    out.write_text("\n".join(lines) + "\n")
    return out


def _start(sources: Path, db: Path, log: Path) -> subprocess.Popen:
    with log.open("ab") as err:
        return subprocess.Popen([sys.executable, "-m", "incidentwatch", "watch", "--sources", str(sources), "--allow-private",
                                 "--quiet", "--db", str(db)], stdout=subprocess.DEVNULL, stderr=err, cwd=ROOT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _stop(process: subprocess.Popen) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def bench_polls(feeds: int, seconds: float, servers: int, per_host: int) -> dict:
    rooms, paths = _newsrooms(feeds, servers, stories_each=5)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            process = _start(_sources_file(folder, paths, 1.0, per_host), folder / "w.db", folder / "watch.log")
            deadline = time.monotonic() + 120
            while any(room.not_modified[path] == 0 for room, path in paths) and time.monotonic() < deadline:
                time.sleep(0.1)  # every feed read once and asked again
            before = sum(sum(s.room.not_modified.values()) for s in rooms)
            requests_before = sum(sum(s.room.requests.values()) for s in rooms)
            cpu_before, started = _cpu_seconds(process.pid), time.monotonic()
            time.sleep(seconds)
            elapsed = time.monotonic() - started
            cpu = _cpu_seconds(process.pid) - cpu_before
            polls = sum(sum(s.room.not_modified.values()) for s in rooms) - before
            requests = sum(sum(s.room.requests.values()) for s in rooms) - requests_before
            exit_code = _stop(process)
        # the baseline: the same conditional GETs from a bare loop, as many threads as the watcher may use
        etags = {}
        for room, path in paths:
            etags[(room.base, path)] = fetch(room.base + path, FetchOptions(allow_private=True)).headers.get("etag")
        count = [0]
        lock = threading.Lock()
        stop_at = time.monotonic() + seconds
        options = FetchOptions(allow_private=True)

        def loop(mine: list[tuple]) -> None:
            while time.monotonic() < stop_at:
                for room, path in mine:
                    page = fetch(room.base + path, options, headers={"If-None-Match": etags[(room.base, path)]})
                    assert page.status == 304
                    with lock:
                        count[0] += 1
                    if time.monotonic() >= stop_at:
                        return

        threads = [threading.Thread(target=loop, args=(paths[i::servers * per_host],)) for i in range(servers * per_host)]
        base_started = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        baseline = count[0] / (time.monotonic() - base_started)
    finally:
        for s in rooms:
            s.stop()
    return {"feeds": feeds, "scheduled_polls_per_s": feeds / 1.0, "polls_per_s": round(polls / elapsed, 1),
            "other_requests": requests - polls, "cpu_ms_per_poll": round(1000 * cpu / max(polls, 1), 2),
            "baseline_bare_fetch_304_per_s": round(baseline, 1), "ratio_to_baseline": round(polls / elapsed / baseline, 2),
            "exit_code": exit_code, "cpus": os.cpu_count()}


def bench_delay(feeds: int, interval: float, stories: int, servers: int, latency: float = 0.0) -> dict:
    rooms, paths = _newsrooms(feeds, servers, stories_each=0)
    for room, path in paths:
        room.answer_after[path] = latency  # a server that takes this long to answer each poll
    rng = random.Random(3)
    added: dict[str, tuple] = {}  # url -> (the time it appeared, its newsroom, its feed)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            db = folder / "w.db"
            process = _start(_sources_file(folder, paths, interval, 2), db, folder / "watch.log")
            deadline = time.monotonic() + 120
            while any(room.requests[path] == 0 for room, path in paths) and time.monotonic() < deadline:
                time.sleep(0.1)
            for n in range(stories):
                room, path = rng.choice(paths)
                s = room.add(path, story(f"d{n}", rng.choice(DISTRICTS), 3 + n % 9))
                added[f"{room.base}/news/{s.slug}"] = (s.appeared, room, path)
                time.sleep(1.0)
            store = Store.open(str(db))
            deadline = time.monotonic() + interval + 60
            stored: dict[str, datetime] = {}
            while time.monotonic() < deadline and len(stored) < stories:
                with store.sessions() as session:
                    stored = {url: at for url, at in session.execute(select(Article.url, Article.ingested_at))}
                time.sleep(0.5)
            store.close()
            exit_code = _stop(process)
    finally:
        for s in rooms:
            s.stop()
    delays, waits, after_poll = [], [], []
    for url, (appeared, room, path) in added.items():
        if url not in stored:
            continue
        at = stored[url].replace(tzinfo=UTC).timestamp()
        delays.append(at - appeared)
        poll = next((t for t in room.polled.get(path, []) if t >= appeared), None)  # the first poll that saw it
        if poll is not None:
            waits.append(poll - appeared)
            after_poll.append(at - poll)
    delays.sort()
    return {"feeds": feeds, "interval_s": interval, "feed_latency_s": latency, "stories": stories, "stored": len(delays),
            "delay_p50_s": round(statistics.median(delays), 2) if delays else None,
            "delay_p95_s": round(delays[int(0.95 * (len(delays) - 1))], 2) if delays else None,
            "delay_max_s": round(delays[-1], 2) if delays else None,
            "delay_p50_per_interval": round(statistics.median(delays) / interval, 3) if delays else None,
            "delay_max_per_interval": round(delays[-1] / interval, 3) if delays else None,
            "max_beyond_interval_s": round(delays[-1] - interval, 2) if delays else None,
            # the two parts: waiting for the feed's next poll (the schedule: at most one interval),
            # then that poll, the page, extraction and the write
            "wait_for_poll_max_s": round(max(waits), 2) if waits else None,
            "poll_to_stored_p50_s": round(statistics.median(after_poll), 2) if after_poll else None,
            "poll_to_stored_max_s": round(max(after_poll), 2) if after_poll else None, "exit_code": exit_code}


def bench_soak(minutes: float, feeds: int, interval: float) -> dict:
    from tests.watch.soak import run_soak

    with tempfile.TemporaryDirectory() as tmp:
        result = run_soak(Path(tmp), seconds=minutes * 60, feeds=feeds, servers=4, interval=interval, publish_every=2.0)
    out = result.summary()
    out["rss_series_mib"] = result.rss_mib[:: max(1, len(result.rss_mib) // 12)]
    out["fd_series"] = result.fds[:: max(1, len(result.fds) // 12)]
    out["lag_within_interval_plus_5s"] = bool(result.lags) and max(result.lags) < interval + 5
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="mode", required=True)
    polls = sub.add_parser("polls")
    polls.add_argument("--feeds", type=int, default=100)
    polls.add_argument("--seconds", type=float, default=20)
    polls.add_argument("--servers", type=int, default=4)
    polls.add_argument("--per-host", type=int, default=4)
    delay = sub.add_parser("delay")
    delay.add_argument("--feeds", type=int, default=100)
    delay.add_argument("--interval", type=float, default=10)
    delay.add_argument("--stories", type=int, default=30)
    delay.add_argument("--servers", type=int, default=4)
    delay.add_argument("--feed-latency", type=float, default=0.0, help="seconds each newsroom takes to answer a poll")
    soak = sub.add_parser("soak")
    soak.add_argument("--minutes", type=float, default=30)
    soak.add_argument("--feeds", type=int, default=20)
    soak.add_argument("--interval", type=float, default=5)
    args = parser.parse_args()
    if args.mode == "polls":
        result = bench_polls(args.feeds, args.seconds, args.servers, args.per_host)
    elif args.mode == "delay":
        result = bench_delay(args.feeds, args.interval, args.stories, args.servers, args.feed_latency)
    else:
        result = bench_soak(args.minutes, args.feeds, args.interval)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
