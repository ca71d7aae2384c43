"""``incidentwatch serve --workers 2``: two worker processes serve one SQLite file; an edit made
through one is seen by every next read, whichever worker (and whichever worker's cache) answers;
stopping the server stops its workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.servers import free_port
from tests.web.conftest import PASSWORDS, SECRET

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> set[int]:
    out = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in text:
            out.add(int(status.parent.name))
    return out


def test_two_workers_serve_one_database_and_no_cache_outlives_a_write(web_store, tmp_path):
    port = free_port()
    path = web_store.engine.url.database
    env = {**os.environ, "INCIDENTWATCH_SECRET": SECRET, "PYTHONPATH": str(ROOT)}
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen([sys.executable, "-m", "incidentwatch", "serve", "--db", path, "--port", str(port),
                                   "--workers", "2"], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()[-2000:]
            try:
                if httpx.get(base + "/api/health", timeout=2).status_code == 200 and len(_children(server.pid)) >= 2:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "serve --workers 2 did not start"
            time.sleep(0.2)
        workers = _children(server.pid)

        def incidents() -> dict:  # a new connection each time: either worker may answer
            return httpx.get(base + "/api/incidents", params={"limit": 100}, timeout=20).json()

        for _ in range(6):  # fill both workers' caches
            turbat = next(i for i in incidents()["data"] if i["place"] == "Turbat")
        with httpx.Client(base_url=base, timeout=20) as editor:
            token = editor.get("/api/session").json()["csrf_token"]
            token = editor.post("/api/session", json={"name": "ed", "password": PASSWORDS["ed"]},
                                headers={"X-CSRF-Token": token}).json()["csrf_token"]
            response = editor.patch(f"/api/incidents/{turbat['id']}", headers={"X-CSRF-Token": token},
                                    json={"row_version": turbat["row_version"], "killed": {"total": 41}})
            assert response.status_code == 200, response.text
        for _ in range(8):
            assert next(i for i in incidents()["data"] if i["place"] == "Turbat")["killed"]["total"] == 41
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(Path(f"/proc/{pid}/status").exists() and "State:\tZ" not in Path(f"/proc/{pid}/status").read_text()
                   for pid in workers)
