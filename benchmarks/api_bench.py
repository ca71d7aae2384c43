"""Speed of the REST API over 100,000 incidents: requests per second and p50/p99 latency.

Builds a database of N incidents (default 100,000) with ``stats_bench.build`` (the seeded spread
of that benchmark, loaded in bulk through SQLAlchemy core into a migrated schema), starts
``incidentwatch serve`` on it in a subprocess on a free 127.0.0.1 port (uvicorn, one process,
its access log on, as a user runs it), and sends each endpoint a fixed number of requests from a
bounded pool of threads (one keep-alive ``httpx.Client`` each), stopping early at a time cap:

- ``/api/live``: the baseline (routing, middleware, JSON; no query), same run (``/api/health`` reads the watcher's sources);
- ``/api/incidents?province=Khyber Pakhtunkhwa&limit=50``: a filtered page of 50;
- ``/api/incidents?limit=50&sort=killed``: the deadliest first, a page of 50;
- ``/api/stats?by=quarter``: the tallies by quarter of everything.

Every answer must be a 200 or the run fails. Each endpoint runs at concurrency 1 (latency)
and at ``--concurrency`` (throughput). The figures print as JSON, with ``os.cpu_count()``:
the client shares the machine with the server, so throughput is bounded by the cores both use.

Target: p99 under 100 ms for the filtered page of 50 at concurrency 1.

Run: python benchmarks/api_bench.py [--incidents 100000] [--requests 400] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from benchmarks.stats_bench import build  # noqa: E402
from tests.servers import free_port  # noqa: E402

ENDPOINTS = [
    ("health", "/api/live"),
    ("incidents_kp_50", "/api/incidents?province=Khyber%20Pakhtunkhwa&limit=50"),
    ("incidents_by_killed_50", "/api/incidents?limit=50&sort=killed"),
    ("stats_by_quarter", "/api/stats?by=quarter"),
]
WARMUP = 5  # requests per endpoint before timing: the first ones load the gazetteer and warm SQLite's cache


@dataclass(frozen=True)
class Run:
    endpoint: str
    concurrency: int
    requests: int
    seconds: float
    latencies: list[float]

    def summary(self) -> dict:
        ordered = sorted(self.latencies)
        p99 = ordered[min(len(ordered) - 1, int(round(0.99 * len(ordered))) - 1)]
        return {"endpoint": self.endpoint, "concurrency": self.concurrency, "requests": self.requests,
                "rps": round(self.requests / self.seconds, 1), "p50_ms": round(1000 * statistics.median(ordered), 1),
                "p99_ms": round(1000 * p99, 1), "max_ms": round(1000 * ordered[-1], 1)}


def load(base: str, path: str, *, requests: int, concurrency: int, time_cap: float) -> Run:
    """Send ``requests`` GETs of ``path`` from ``concurrency`` threads (fewer if ``time_cap``
    seconds pass first); every answer must be a 200."""
    latencies: list[float] = []
    failures: list[str] = []
    lock = threading.Lock()
    remaining = [requests]
    deadline = time.perf_counter() + time_cap

    def worker() -> None:
        with httpx.Client(base_url=base, timeout=60) as client:
            while True:
                with lock:
                    if remaining[0] <= 0 or time.perf_counter() > deadline or failures:
                        return
                    remaining[0] -= 1
                t0 = time.perf_counter()
                response = client.get(path)
                elapsed = time.perf_counter() - t0
                with lock:
                    if response.status_code != 200:
                        failures.append(f"{path}: {response.status_code} {response.text[:200]}")
                    latencies.append(elapsed)

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.perf_counter() - start
    if failures:
        raise RuntimeError(failures[0])
    return Run(endpoint=path, concurrency=concurrency, requests=len(latencies), seconds=seconds, latencies=latencies)


def serve(db_url: str, log_path: Path) -> tuple[subprocess.Popen, str]:
    """``incidentwatch serve`` on a free loopback port; waits until /api/health answers."""
    port = free_port()
    env = {**os.environ, "INCIDENTWATCH_SECRET": "bench-secret-" + "0" * 40}
    log = log_path.open("wb")
    process = subprocess.Popen([sys.executable, "-m", "incidentwatch", "serve", "--db", db_url, "--host", "127.0.0.1",
                                "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
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
        time.sleep(0.1)


def measure(base: str, *, requests: int, concurrency: int, time_cap: float) -> list[dict]:
    with httpx.Client(base_url=base, timeout=60) as client:
        for _, path in ENDPOINTS:
            for _ in range(WARMUP):
                client.get(path).raise_for_status()
    out = []
    for name, path in ENDPOINTS:
        for c in sorted({1, concurrency}):
            row = load(base, path, requests=requests, concurrency=c, time_cap=time_cap).summary()
            out.append({"name": name, **row})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint and concurrency level")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads of the throughput run")
    parser.add_argument("--time-cap", type=float, default=30.0, help="seconds per endpoint and level at most")
    parser.add_argument("--db", help="a PostgreSQL URL to load into (default: a SQLite file in the temporary folder)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="iw-api-bench-"))
    url = args.db or f"sqlite:///{folder / 'api.db'}"
    built = build(url, args.incidents)
    process, base = serve(url, folder / "server.log")
    try:
        rows = measure(base, requests=args.requests, concurrency=args.concurrency, time_cap=args.time_cap)
    finally:
        process.terminate()
        process.wait(timeout=20)
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
    health = {r["concurrency"]: r for r in rows if r["name"] == "health"}
    print(json.dumps({"incidents": args.incidents, "backend": url.split(":", 1)[0], "build_s": round(built, 1),
                      "cpu_count": os.cpu_count()}))
    for row in rows:
        base_row = health[row["concurrency"]]
        row["p50_vs_health"] = round(row["p50_ms"] / base_row["p50_ms"], 1)
        print(json.dumps(row))


if __name__ == "__main__":
    main()
