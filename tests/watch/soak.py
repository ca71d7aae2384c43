"""A soak run: ``incidentwatch watch`` as a process against newsrooms on 127.0.0.1 that keep
publishing (and now and then revise a toll upwards) for a while. Used by the CI soak test
(``test_soak.py``, about a minute) and by ``benchmarks/watch_bench.py soak`` (30 minutes).

Measures each story's lag: from the moment it went into its feed on the newsroom (exact; the
feed's own date is whole seconds) to its storage (``watch_entries.stored_at``), split into the
wait for the first poll of that feed after it appeared (the schedule's part: at most one
interval) and the time from that poll to storage (request, page fetch, extraction, write). Also
the watcher's resident memory and open file descriptors over time (``/proc/PID``), the stories
stored twice, and the requests the newsrooms answered.
"""

from __future__ import annotations

import os
import random
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from sqlalchemy import func, select

from incidentwatch.store import Store
from incidentwatch.store.tables import Article, WatchEntry

from .newsroom import DISTRICTS, NewsroomServer, story

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class SoakResult:
    seconds: float
    feeds: int
    interval: float
    stories: int = 0
    edits: int = 0
    stored_articles: int = 0
    stored_stories: int = 0  # distinct URLs stored
    outdated: int = 0  # stories whose current version is not their last revision
    duplicates: int = 0
    lags: list[float] = field(default_factory=list)  # appeared on the newsroom -> stored
    waits: list[float] = field(default_factory=list)  # appeared -> the first poll of its feed after that
    after_poll: list[float] = field(default_factory=list)  # that poll -> stored
    fds: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, open descriptors)
    rss_mib: list[tuple[float, float]] = field(default_factory=list)  # (seconds since start, MiB)
    requests: int = 0
    not_modified: int = 0
    exit_code: int | None = None
    log_errors: list[str] = field(default_factory=list)

    def rss_growth_mib(self) -> float:
        """Median RSS of the last quarter of the run minus that of its second quarter (after warm-up)."""
        if len(self.rss_mib) < 8:
            return 0.0
        n = len(self.rss_mib)
        second = [m for _, m in self.rss_mib[n // 4: n // 2]]
        last = [m for _, m in self.rss_mib[3 * n // 4:]]
        return statistics.median(last) - statistics.median(second)

    def fd_growth(self) -> float:
        """The same for the open file descriptors (sockets in flight come and go; a leak stays)."""
        if len(self.fds) < 8:
            return 0.0
        n = len(self.fds)
        return statistics.median(f for _, f in self.fds[3 * n // 4:]) - statistics.median(f for _, f in self.fds[n // 4: n // 2])

    def summary(self) -> dict:
        lags = sorted(self.lags)
        pick = (lambda q: lags[min(len(lags) - 1, int(q * len(lags)))]) if lags else (lambda q: None)
        fds = [n for _, n in self.fds]
        return {"seconds": round(self.seconds, 1), "feeds": self.feeds, "interval_s": self.interval, "stories": self.stories,
                "edits": self.edits, "stored_articles": self.stored_articles, "stored_stories": self.stored_stories,
                "outdated": self.outdated, "duplicates": self.duplicates,
                "lag_p50_s": pick(0.5), "lag_p95_s": pick(0.95), "lag_max_s": lags[-1] if lags else None,
                "lag_p50_per_interval": round(pick(0.5) / self.interval, 3) if lags else None,
                "lag_max_per_interval": round(lags[-1] / self.interval, 3) if lags else None,
                "wait_max_s": round(max(self.waits), 2) if self.waits else None,
                "after_poll_p50_s": round(statistics.median(self.after_poll), 2) if self.after_poll else None,
                "after_poll_max_s": round(max(self.after_poll), 2) if self.after_poll else None,
                "fds_start": fds[0] if fds else None, "fds_end": fds[-1] if fds else None, "fds_max": max(fds) if fds else None,
                "fd_growth": self.fd_growth(),
                "rss_start_mib": self.rss_mib[0][1] if self.rss_mib else None,
                "rss_end_mib": self.rss_mib[-1][1] if self.rss_mib else None, "rss_growth_mib": round(self.rss_growth_mib(), 1),
                "requests": self.requests, "not_modified": self.not_modified, "exit_code": self.exit_code,
                "log_errors": len(self.log_errors)}


def _rss_mib(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _fds(pid: int) -> int | None:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return None


def run_soak(workdir: Path, *, seconds: float, feeds: int = 20, servers: int = 4, interval: float = 5.0,
             publish_every: float = 2.0, edit_share: float = 0.2, db: str | None = None, seed: int = 7) -> SoakResult:
    rng = random.Random(seed)
    rooms = [NewsroomServer() for _ in range(servers)]
    paths = [(rooms[n % servers].room, f"/feed-{n}") for n in range(feeds)]
    for room, path in paths:
        room.feeds[path] = []
    lines = ["defaults:", f"  interval: {interval}", "  per_host: 2", "  backfill: 0", "outlets:"]
    for n, (room, path) in enumerate(paths):
        lines += [f"  - name: Outlet {n}", f"    feeds: [{room.base}{path}]"]
    sources = workdir / "sources.yaml"
    sources.write_text("\n".join(lines) + "\n")
    db = db or str(workdir / "soak.db")
    log = workdir / "watch.log"
    result = SoakResult(seconds=seconds, feeds=feeds, interval=interval)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("ab") as err:
        process = subprocess.Popen([sys.executable, "-m", "incidentwatch", "watch", "--sources", str(sources), "--allow-private",
                                    "--timeout", "10", "--db", db], stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT)
    published: list = []
    feed_of: dict[str, tuple] = {}  # slug -> (newsroom, feed path)
    try:
        # the watcher's start (the extractor loads) and its first poll of every feed, still empty
        deadline = time.monotonic() + 120
        while any(room.requests[path] == 0 for room, path in paths) and time.monotonic() < deadline:
            time.sleep(0.1)
        started = time.monotonic()
        next_publish = started
        next_sample = started
        number = 0
        while time.monotonic() - started < seconds:
            now = time.monotonic()
            if now >= next_sample:
                rss = _rss_mib(process.pid)
                if rss is not None:
                    result.rss_mib.append((round(now - started, 1), round(rss, 1)))
                fds = _fds(process.pid)
                if fds is not None:
                    result.fds.append((round(now - started, 1), fds))
                next_sample = now + max(1.0, seconds / 120)
            if now >= next_publish:
                if published and rng.random() < edit_share:
                    room, s = rng.choice(published)
                    room.edit(s.slug, s.killed + 3 + rng.randrange(5))
                    result.edits += 1
                else:
                    room, path = rng.choice(paths)
                    number += 1
                    s = room.add(path, story(f"soak-{number}", rng.choice(DISTRICTS), 2 + rng.randrange(12)))
                    published.append((room, s))
                    feed_of[s.slug] = (room, path)
                    result.stories += 1
                next_publish = now + publish_every
            if process.poll() is not None:
                break
            time.sleep(0.05)
        store = Store.open(db)
        expected = result.stories + result.edits
        deadline = time.monotonic() + interval + 30
        while time.monotonic() < deadline and _count(store) < expected and process.poll() is None:
            time.sleep(0.2)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                result.exit_code = process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                result.exit_code = process.wait()
        else:
            result.exit_code = process.returncode
        with store.sessions() as session:
            result.stored_articles = session.scalar(select(func.count()).select_from(Article)) or 0
            per_hash = session.execute(select(Article.url, Article.version, func.count()).group_by(Article.url, Article.version)).all()
            result.duplicates = sum(n - 1 for _, _, n in per_hash)
            current = {url.rsplit("/", 1)[-1]: text for url, text in session.execute(
                select(Article.url, Article.clean_text).where(Article.is_current.is_(True)))}
            result.stored_stories = len(current)
            # revisions made between two polls collapse into one version: the last one must be current
            result.outdated = sum(1 for _, s in published if s.slug in current and s.paragraphs()[0] not in current[s.slug])
            # a revised story's entry is stored again (its stored_at is the revision's): its lag is left out
            stories = {s.slug: s for _, s in published if not s.edits}
            for url, stored_at in session.execute(
                    select(WatchEntry.url, WatchEntry.stored_at).where(WatchEntry.state == "stored")):
                s = stories.get((url or "").rsplit("/", 1)[-1])
                if s is None or stored_at is None:
                    continue
                stored = stored_at.replace(tzinfo=UTC).timestamp()
                room, path = feed_of[s.slug]
                with room.lock:
                    poll = next((t for t in room.polled.get(path, []) if t >= s.appeared), None)
                result.lags.append(round(stored - s.appeared, 2))
                if poll is not None:
                    result.waits.append(round(poll - s.appeared, 2))
                    result.after_poll.append(round(stored - poll, 2))
        store.close()
        for room in (r.room for r in rooms):
            result.requests += sum(room.requests.values())
            result.not_modified += sum(room.not_modified.values())
        result.log_errors = [line for line in log.read_text().splitlines() if " ERROR " in line or " WARNING " in line]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for server in rooms:
            server.stop()
    return result


def _count(store: Store) -> int:
    with store.sessions() as session:
        return session.scalar(select(func.count()).select_from(Article)) or 0

