"""What one request of the filtered incident page costs the server, in-process: CPU per request
beside ``/api/health``'s, measured in the same run.

The load test (``api_bench.py``) measures latency under concurrency, which on a shared machine is
mostly other processes' time. This measures the cost itself: the application (``create_app``,
the read cache off unless stated, the shedder on) is called in-process through
``httpx.ASGITransport``, with the work it would hand to threads run inline, so that one thread does
everything and ``time.thread_time()`` around a request is that request's CPU (routing,
middleware, filters, SQL, ORM, serialisation; SQLite runs in the same thread, PostgreSQL's own
work is on the server and shows as ``sql_ms``, the statements' wall time).

Requests, each ``--requests`` times after one warm-up:

- ``live``: ``/api/live`` (no database), and ``health``: ``/api/health`` (reads the database):
  the baselines;
- ``filtered_page``: ``/api/incidents?province=Khyber Pakhtunkhwa&limit=50``, the page the
  issue and ``api_bench.py`` time, computed whole every time (an application with the read cache
  off: what the first reader after a write costs, the count of the selection included);
- ``dashboard``: the dashboard HTML for the same province, computed whole (its tallies, charts,
  map, list and template);

then, from an application with the default settings (the read cache on), pages it has not served
yet, so each one is computed (the selection's count is kept per change token, ``web/counts.py``):

- ``pages``: the same page at offsets spread over the whole selection (a script paging by offset);
- ``next_pages``: the pages a script reaches by following each answer's ``next`` link;
- ``sort_killed``: pages sorted by the death toll;
- ``cached_page``: the filtered page answered by the read cache.

For each: CPU ms per request (mean), wall ms, the SQL statements per request and their time, the
garbage collector's pauses within the requests (``gc_ms``),
and CPU as a ratio to ``health``'s. ``--explain`` prints the query plan of each statement of the
filtered page (SQLite ``EXPLAIN QUERY PLAN``, PostgreSQL ``EXPLAIN (ANALYZE, BUFFERS)``),
``--profile NAME`` the functions that took the time (cProfile) for one of the requests above.

The database is built as ``stats_bench.build`` builds it (100,000 incidents by default), on
SQLite, and on a throwaway PostgreSQL when its binaries are found; ``--db URL`` measures an
existing, migrated database instead.

Run: python benchmarks/page_cost.py [--incidents 100000] [--backends sqlite postgresql]
     [--requests 30] [--explain] [--profile filtered_page] [--db URL]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import io
import json
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import anyio.to_thread  # noqa: E402
import httpx  # noqa: E402
from sqlalchemy import event  # noqa: E402

from benchmarks.api_bench import FILTERED  # noqa: E402
from benchmarks.stats_bench import build  # noqa: E402
from incidentwatch.store import Store  # noqa: E402
from incidentwatch.web import create_app  # noqa: E402
from incidentwatch.web.serving import settle  # noqa: E402
from incidentwatch.web.settings import WebSettings  # noqa: E402

SECRET = "page-cost-" + "0" * 40


@dataclass
class Statements:
    """The SQL statements run while ``on``: how many, their time, their text and parameters."""

    on: bool = False
    count: int = 0
    seconds: float = 0.0
    seen: list[tuple[str, object]] = field(default_factory=list)
    _started: float = 0.0

    def attach(self, engine) -> None:  # noqa: ANN001 - an Engine
        @event.listens_for(engine, "before_cursor_execute")
        def before(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001, ARG001
            self._started = time.perf_counter()

        @event.listens_for(engine, "after_cursor_execute")
        def after(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001, ARG001
            if self.on:
                self.count += 1
                self.seconds += time.perf_counter() - self._started
                self.seen.append((statement, parameters))


@dataclass
class Collections:
    """The garbage collector's time while ``on`` (its pauses land in whichever request runs)."""

    on: bool = False
    seconds: float = 0.0
    runs: int = 0
    _started: float = 0.0

    def __call__(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        elif self.on:
            self.seconds += time.perf_counter() - self._started
            self.runs += 1


COLLECTIONS = Collections()
gc.callbacks.append(COLLECTIONS)


@contextmanager
def inline_threads() -> Iterator[None]:
    """What the application hands to worker threads runs in the calling thread instead."""
    original = anyio.to_thread.run_sync

    async def run_sync(func: Callable, *args: object, **_: object) -> object:
        return func(*args)

    anyio.to_thread.run_sync = run_sync  # type: ignore[assignment]
    try:
        yield
    finally:
        anyio.to_thread.run_sync = original  # type: ignore[assignment]


@dataclass
class Cost:
    name: str
    cpu: list[float] = field(default_factory=list)
    wall: list[float] = field(default_factory=list)
    statements: int = 0
    sql_s: float = 0.0
    gc_s: float = 0.0

    def summary(self, baseline: Cost | None) -> dict:
        n = len(self.cpu)
        cpu_ms = 1000 * statistics.fmean(self.cpu)
        out = {"request": self.name, "n": n, "cpu_ms": round(cpu_ms, 2), "cpu_median_ms": round(1000 * statistics.median(self.cpu), 2),
               "wall_ms": round(1000 * statistics.fmean(self.wall), 2), "statements": round(self.statements / n, 1),
               "sql_ms": round(1000 * self.sql_s / n, 2), "gc_ms": round(1000 * self.gc_s / n, 2)}
        if baseline is not None and baseline.cpu:
            out["cpu_vs_health"] = round(cpu_ms / (1000 * statistics.fmean(baseline.cpu)), 2)
        return out


async def timed(client: httpx.AsyncClient, name: str, urls: Callable[[int], str], n: int, sql: Statements,
                profile: cProfile.Profile | None = None) -> Cost:
    """``n`` requests (after one untimed), each timed alone."""
    (await client.get(urls(-1))).raise_for_status()
    cost = Cost(name)
    for i in range(n):
        url = urls(i)
        sql.on, sql.count, sql.seconds = True, 0, 0.0
        COLLECTIONS.on, COLLECTIONS.seconds = True, 0.0
        if profile:
            profile.enable()
        c0, w0 = time.thread_time(), time.perf_counter()
        response = await client.get(url)
        c1, w1 = time.thread_time(), time.perf_counter()
        if profile:
            profile.disable()
        sql.on = COLLECTIONS.on = False
        if response.status_code != 200:
            raise SystemExit(f"{url}: {response.status_code} {response.text[:300]}")
        cost.cpu.append(c1 - c0)
        cost.wall.append(w1 - w0)
        cost.statements += sql.count
        cost.sql_s += sql.seconds
        cost.gc_s += COLLECTIONS.seconds
    return cost


async def next_links(client: httpx.AsyncClient, start: str, n: int) -> list[str]:
    """The first ``n`` pages' ``next`` links from ``start`` on (fetched untimed, to time them after)."""
    links, url = [], start
    while len(links) < n:
        body = (await client.get(url)).json()
        if not body.get("next"):
            break
        url = body["next"]
        links.append(url)
    return links


async def measure_app(store: Store, *, requests: int, profile_name: str | None,
                      freeze: bool = True) -> tuple[list[dict], str | None]:
    sql = Statements()
    sql.attach(store.engine)
    profile = cProfile.Profile() if profile_name else None
    cold = create_app(store, WebSettings(secret=SECRET, cache_mb=0))  # everything computed, every time
    warm = create_app(store, WebSettings(secret=SECRET))  # the defaults: the read cache and the count memo on
    if freeze:
        settle(warm)  # as ``incidentwatch serve`` does after startup
    costs: dict[str, Cost] = {}
    with inline_threads():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=cold), base_url="http://bench") as client:
            count = (await client.get(FILTERED)).json()["count"]
            step = max(50, (count // max(requests, 1)) // 50 * 50)
            links = await next_links(client, FILTERED, requests + 1)
            for name, urls in [("live", lambda i: "/api/live"), ("health", lambda i: "/api/health"),
                               ("filtered_page", lambda i: FILTERED),
                               ("dashboard", lambda i: "/?province=Khyber%20Pakhtunkhwa")]:
                costs[name] = await timed(client, name, urls, requests, sql, profile if name == profile_name else None)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=warm), base_url="http://bench") as client:
            # each of these a new page (a miss of the read cache; the selection's count is kept)
            for name, urls in [("pages", lambda i: f"{FILTERED}&offset={min(count - 1, step * (i + 1))}"),
                               ("next_pages", lambda i: links[i + 1] if i + 1 < len(links) else links[-1]),
                               ("sort_killed", lambda i: f"{FILTERED}&sort=killed&offset={50 * (i + 1)}"),
                               ("cached_page", lambda i: FILTERED)]:
                costs[name] = await timed(client, name, urls, requests, sql, profile if name == profile_name else None)
    rows = [c.summary(costs["health"]) for c in costs.values()]
    report = None
    if profile is not None:
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
        report = out.getvalue()
    return rows, report


def explain(store: Store) -> list[str]:
    """The plan of each statement the filtered page runs."""
    sql = Statements()
    sql.attach(store.engine)
    app = create_app(store, WebSettings(secret=SECRET, cache_mb=0))

    async def one() -> None:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://bench") as client:
            (await client.get(FILTERED)).raise_for_status()
            sql.on = True
            (await client.get(FILTERED)).raise_for_status()
            (await client.get(FILTERED + "&offset=20000")).raise_for_status()
            sql.on = False

    with inline_threads():
        asyncio.run(one())
    postgres = store.engine.dialect.name == "postgresql"
    out = []
    with store.engine.connect() as conn:
        for statement, parameters in sql.seen:
            prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
            rows = conn.exec_driver_sql(prefix + statement, parameters).all()  # type: ignore[arg-type]
            lines = [r[0] for r in rows] if postgres else [f"{'  ' * (r[1] > 0)}{r[3]}" for r in rows]
            out.append(" ".join(statement.split())[:400] + f"\n  parameters: {str(parameters)[:200]}\n  " + "\n  ".join(lines))
    return out


def run(url: str, args: argparse.Namespace) -> dict:
    store = Store.open(url, migrate=False)
    try:
        rows, report = asyncio.run(measure_app(store, requests=args.requests, profile_name=args.profile,
                                               freeze=not args.no_freeze))
        plans = explain(store) if args.explain else []
    finally:
        store.close()
    return {"backend": store.engine.dialect.name, "rows": rows, "plans": plans, "profile": report}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=30, help="timed requests of each kind")
    parser.add_argument("--db", help="an existing, migrated database to measure instead of building one")
    parser.add_argument("--no-freeze", action="store_true",
                        help="leave startup's objects to the garbage collector (serve freezes them: web/serving.settle)")
    parser.add_argument("--explain", action="store_true", help="print the plan of each statement of the filtered page")
    parser.add_argument("--profile", choices=["live", "health", "filtered_page", "dashboard", "pages", "next_pages", "sort_killed", "cached_page"],
                        help="print a cProfile of these requests")
    args = parser.parse_args()
    results = []
    if args.db:
        results.append(run(args.db, args))
    for backend in [] if args.db else args.backends:
        if backend == "sqlite":
            with tempfile.TemporaryDirectory(prefix="iw-page-cost-") as folder:
                url = f"sqlite:///{Path(folder) / 'page.db'}"
                build(url, args.incidents)
                results.append(run(url, args))
        else:
            from tests.servers import throwaway_postgres

            with throwaway_postgres() as url:
                if url:
                    build(url, args.incidents)
                    results.append(run(url, args))
    for result in results:
        for plan in result.pop("plans"):
            print(plan, file=sys.stderr)
        profile = result.pop("profile")
        if profile:
            print(profile, file=sys.stderr)
        rows = result.pop("rows")
        print(json.dumps(result | {"incidents": args.incidents if not args.db else None}))
        for row in rows:
            print(json.dumps(row))


if __name__ == "__main__":
    main()
