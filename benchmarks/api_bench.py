"""The web application under load: 1, 4, 16, 64 and 256 concurrent clients, over 100,000 incidents.

Builds a database of N incidents (default 100,000) with ``stats_bench.build`` (the seeded spread
of that benchmark, loaded in bulk into a migrated schema), on SQLite and, when its binaries are
found, on a throwaway PostgreSQL cluster on loopback (``tests.servers.PostgresServer``). Starts
``incidentwatch serve`` on it in a subprocess on a free 127.0.0.1 port (uvicorn, one worker
unless ``--workers``, default settings: 4 requests computed at once, a queue of 32 waiting at
most 1 s, the read cache on), and at each level sends from that many concurrent keep-alive clients
(asyncio, one ``httpx.AsyncClient``) at most ``--requests`` requests per endpoint, stopping at a
time cap (every request has a 30 s timeout too); each client's connection is opened first by an
untimed ``/api/live``, so that the figures are of requests on open connections, as a browser or
a script keeps its connection, not of 16 connects at once:

- ``/api/live``: the baseline (routing, middleware, JSON; no query), same run (the rows keep the
  name ``health``), and ``/api/health`` itself (``api_health``: it reads the watcher's sources
  since issue 13);
- ``/api/incidents?province=Khyber Pakhtunkhwa&limit=50``: the filtered page of 50 (cached after
  its first computation, as every reader's is);
- the same filtered page at a new offset each request (``pages``): a script paging through the
  API, never cached, every one computed (past the last page, the offsets start again with a
  ``pass`` parameter the application ignores, so that the answer is still computed);
- ``/api/stats?by=quarter``: the tallies by quarter of everything (cached);
- ``/``: the dashboard HTML, anonymous (cached).

For each level and endpoint: throughput, p50/p99 of the answers, the share of 503s (shed), other
5xx and unanswered requests (the target is none), and ``cpu_ms``: the server's CPU time (user
and system, its worker processes included, from ``/proc``) over the run divided by the answers,
that is one request's own service time, which queueing and the other processes on the machine
do not inflate as they do the latency (``cpu_vs_health``: its ratio to ``/api/live``'s). Then
the burst check: the server's RSS, a ``--burst``-client burst (256) over all the endpoints, 2 s
of quiet, the next request's status and time, and the RSS again (target: within 10 % of
before). The client shares the machine's cores with the server: figures are ratios against
``/api/live`` from the same run.

Targets (2 cores, 100,000 incidents): no 5xx but 503 at any level; at 16 clients the filtered
page's p99 under 100 ms; a cached dashboard or stats request under 2x ``/api/health`` (p50).
``benchmarks/page_cost.py`` measures one request's CPU in-process, without the load.

Run: python benchmarks/api_bench.py [--incidents 100000] [--levels 1 4 16 64 256]
     [--backends sqlite postgresql] [--requests 400] [--time-cap 10] [--burst 256]
     python benchmarks/api_bench.py --quick   (1, 4 and 16 clients, 150 requests, 4 s each: ~4 min)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from benchmarks.stats_bench import build  # noqa: E402
from tests.servers import free_port, throwaway_postgres  # noqa: E402

FILTERED = "/api/incidents?province=Khyber%20Pakhtunkhwa&limit=50"
ENDPOINTS = [
    ("health", "/api/live"),
    ("api_health", "/api/health"),
    ("filtered_page", FILTERED),
    ("pages", FILTERED + "&offset={offset}"),
    ("stats_by_quarter", "/api/stats?by=quarter"),
    ("dashboard", "/"),
]
LEVELS = (1, 4, 16, 64, 256)
WARMUP = 3  # requests per endpoint before timing: the first ones load the gazetteer and fill the cache
REQUEST_TIMEOUT = 30.0
# --quick: what the targets are about (up to 16 clients) in a few minutes, 100,000 incidents still
QUICK = ("--levels", "1", "4", "16", "--requests", "150", "--time-cap", "4")


@dataclass
class Tally:
    endpoint: str
    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # of answered requests, any status
    statuses: dict[int, int] = field(default_factory=dict)
    unanswered: int = 0
    errors: dict[str, int] = field(default_factory=dict)  # why a request went unanswered
    server_cpu_s: float | None = None  # the server's CPU time (user + system, all its processes) over the run

    def summary(self) -> dict:
        answered = sorted(self.latencies)
        n = len(answered)
        shed = self.statuses.get(503, 0)
        other_5xx = sum(v for k, v in self.statuses.items() if k >= 500 and k != 503)
        out = {"endpoint": self.endpoint, "clients": self.clients, "requests": n + self.unanswered,
               "rps": round(n / self.seconds, 1) if self.seconds else None,
               "share_503": round(shed / max(n + self.unanswered, 1), 3), "other_5xx": other_5xx,
               "unanswered": self.unanswered, **({"errors": self.errors} if self.errors else {}), "not_200_or_503": sum(v for k, v in self.statuses.items() if k not in (200, 503))}
        if n:
            p99 = answered[min(n - 1, int(round(0.99 * n)) - 1)]
            out.update(p50_ms=round(1000 * statistics.median(answered), 1), p99_ms=round(1000 * p99, 1),
                       max_ms=round(1000 * answered[-1], 1))
            if self.server_cpu_s is not None:  # the service time: what one answer cost the server, queueing aside
                out["cpu_ms"] = round(1000 * self.server_cpu_s / n, 2)
        return out


class Offsets:
    """A new offset for each ``pages`` request (a multiple of 50 below ``limit``); once every
    offset was asked, the same again with ``&pass=N`` (ignored by the application, but a new
    address for its read cache, so the page is computed again)."""

    def __init__(self, limit: int) -> None:
        self.counter = itertools.count(1)
        self.limit = max(limit, 50)

    def next(self) -> str:
        rounds, offset = divmod(next(self.counter) * 50, self.limit)
        return f"{offset}&pass={rounds}" if rounds else str(offset)


async def load(base: str, name: str, path: str, *, clients: int, requests: int, time_cap: float,
               offsets: Offsets, pid: int | None = None) -> Tally:
    """``requests`` GETs of ``path`` from ``clients`` concurrent tasks, fewer if ``time_cap``
    seconds pass first; with ``pid``, the server's CPU time over them."""
    tally = Tally(endpoint=name, clients=clients)
    remaining = [requests]
    deadline = time.perf_counter() + time_cap
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT, limits=limits) as client:
        # each client's keep-alive connection opened first, untimed (by /api/live, which leaves the
        # measured endpoint's cache and offsets alone): the figures are of requests, not of connects
        await asyncio.gather(*(client.get("/api/live") for _ in range(clients)), return_exceptions=True)
        cpu_before = server_cpu_s(pid) if pid else None

        async def worker() -> None:
            while remaining[0] > 0 and time.perf_counter() < deadline:
                remaining[0] -= 1
                url = path.format(offset=offsets.next()) if "{offset}" in path else path
                t0 = time.perf_counter()
                try:
                    response = await client.get(url)
                except httpx.HTTPError as error:
                    tally.unanswered += 1
                    tally.errors[type(error).__name__] = tally.errors.get(type(error).__name__, 0) + 1
                    continue
                tally.latencies.append(time.perf_counter() - t0)
                tally.statuses[response.status_code] = tally.statuses.get(response.status_code, 0) + 1

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        tally.seconds = time.perf_counter() - start
    if pid and cpu_before is not None:
        tally.server_cpu_s = server_cpu_s(pid) - cpu_before
    return tally


def server_cpu_s(pid: int) -> float:
    """CPU seconds (user + system) of the server process and its children (``--workers`` N)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        if stat.parent.name == str(pid) or fields[1] == str(pid):  # fields[1]: the parent's pid
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def serve(db_url: str, log_path: Path, workers: int) -> tuple[subprocess.Popen, str]:
    """``incidentwatch serve`` on a free loopback port; waits until /api/health answers."""
    port = free_port()
    env = {**os.environ, "INCIDENTWATCH_SECRET": "bench-secret-" + "0" * 40}
    log = log_path.open("wb")
    process = subprocess.Popen([sys.executable, "-m", "incidentwatch", "serve", "--db", db_url, "--host", "127.0.0.1",
                                "--port", str(port), "--workers", str(workers)],
                               stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/api/health", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            process.terminate()
            raise RuntimeError(f"the server did not start: {log_path.read_text()[-2000:]}")
        time.sleep(0.2)


async def burst_check(base: str, pid: int, *, clients: int, offsets: Offsets) -> dict:
    """RSS before, a burst of ``clients`` over every endpoint (pages it already served), quiet,
    the next request, RSS after."""
    before = rss_kib(pid)
    revisit = Offsets(offsets.limit)  # the offsets the levels already asked for: no new cache entries
    tallies = await asyncio.gather(*(load(base, name, path, clients=clients // len(ENDPOINTS) + 1,
                                          requests=4 * clients // len(ENDPOINTS), time_cap=30, offsets=revisit)
                                     for name, path in ENDPOINTS))
    await asyncio.sleep(2)
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        t0 = time.perf_counter()
        response = await client.get(FILTERED + "&offset=100")
        next_ms = round(1000 * (time.perf_counter() - t0), 1)
    after = rss_kib(pid)
    answers: dict[int, int] = {}
    for t in tallies:
        for k, v in t.statuses.items():
            answers[k] = answers.get(k, 0) + v
    return {"burst_clients": clients, "burst_answers": {str(k): v for k, v in sorted(answers.items())},
            "burst_unanswered": sum(t.unanswered for t in tallies), "next_status": response.status_code,
            "next_ms": next_ms, "rss_before_mib": round(before / 1024, 1), "rss_after_mib": round(after / 1024, 1),
            "rss_change_pct": round(100 * (after - before) / before, 1)}


async def measure(base: str, pid: int, *, levels: list[int], requests: int, time_cap: float,
                  pages_limit: int, burst: int) -> tuple[list[dict], dict]:
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        for _, path in ENDPOINTS:
            for _ in range(WARMUP):
                (await client.get(path.format(offset=0))).raise_for_status()
    offsets = Offsets(pages_limit)
    rows = []
    for clients in levels:
        for name, path in ENDPOINTS:
            tally = await load(base, name, path, clients=clients, requests=max(requests, 2 * clients),
                               time_cap=time_cap, offsets=offsets, pid=pid)
            rows.append(tally.summary())
            print(json.dumps(rows[-1]), file=sys.stderr, flush=True)
    burst_row = await burst_check(base, pid, clients=burst, offsets=offsets)
    return rows, burst_row


def run_backend(url: str, args: argparse.Namespace, folder: Path) -> dict:
    built = build(url, args.incidents)
    process, base = serve(url, folder / "server.log", args.workers)
    try:
        count = httpx.get(base + FILTERED, timeout=60).json()["count"]
        rows, burst = asyncio.run(measure(base, process.pid, levels=args.levels, requests=args.requests,
                                          time_cap=args.time_cap, pages_limit=count, burst=args.burst))
    finally:
        process.terminate()
        process.wait(timeout=30)
    health = {r["clients"]: r for r in rows if r["endpoint"] == "health"}
    for row in rows:
        baseline = health[row["clients"]]
        if row.get("p50_ms") and baseline.get("p50_ms"):
            row["p50_vs_health"] = round(row["p50_ms"] / baseline["p50_ms"], 2)
        if row.get("cpu_ms") is not None and baseline.get("cpu_ms"):
            row["cpu_vs_health"] = round(row["cpu_ms"] / baseline["cpu_ms"], 2)
    return {"backend": url.split(":", 1)[0].split("+")[0], "incidents": args.incidents, "build_s": round(built, 1),
            "workers": args.workers, "cpu_count": os.cpu_count(), "rows": rows, "burst": burst}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--levels", type=int, nargs="+", default=list(LEVELS), help="concurrent clients")
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint and level (at least 2 per client)")
    parser.add_argument("--time-cap", type=float, default=10.0, help="seconds per endpoint and level at most")
    parser.add_argument("--workers", type=int, default=1, help="serve --workers")
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--burst", type=int, default=256, help="clients of the burst at the end")
    parser.add_argument("--quick", action="store_true",
                        help=f"the reduced setting (about 4 minutes for both backends): {' '.join(QUICK)}")
    args = parser.parse_args()
    if args.quick:
        args = parser.parse_args([*QUICK, *sys.argv[1:]])
    results = []
    for backend in args.backends:
        folder = Path(tempfile.mkdtemp(prefix="iw-api-bench-"))
        try:
            if backend == "sqlite":
                results.append(run_backend(f"sqlite:///{folder / 'api.db'}", args, folder))
            else:
                with throwaway_postgres() as url:
                    if url:
                        results.append(run_backend(url, args, folder))
        finally:
            for p in folder.iterdir():
                p.unlink()
            folder.rmdir()
    for result in results:
        rows = result.pop("rows")
        print(json.dumps(result))
        for row in rows:
            print(json.dumps(row))


if __name__ == "__main__":
    main()
