"""After ``kill -9`` of ``incidentwatch ingest --workers 2``, its worker processes end within
5 seconds (they lived on for 52 minutes, holding the database open)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "devset" / "articles"


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    """Running, and not a zombie waiting for a parent to reap it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_workers_end_within_5_seconds_of_their_parents_kill_9(tmp_path):
    texts = [p.read_text() for p in sorted(DEVSET.glob("*.txt"))]
    batch = tmp_path / "many.jsonl"  # long enough that the run is still going when it is killed
    with batch.open("w") as fh:
        for i in range(3000):
            fh.write(json.dumps({"id": f"a{i}", "text": f"{texts[i % len(texts)]}\n\nUpdate {i}."}) + "\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.Popen([sys.executable, "-m", "incidentwatch", "ingest", str(batch), "--workers", "2",
                            "--db", str(tmp_path / "orphans.db"), "--quiet"],
                           env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        workers: set[int] = set()
        while len(workers) < 2:
            assert run.poll() is None and time.monotonic() < deadline, "the workers never started"
            workers = {pid for pid in _children(run.pid) if _alive(pid)}
            time.sleep(0.1)
        time.sleep(1.0)  # the workers are at work
        run.send_signal(signal.SIGKILL)
        run.wait()
        killed = time.monotonic()
        while any(_alive(pid) for pid in workers) and time.monotonic() - killed < 5:
            time.sleep(0.05)
        left = [pid for pid in workers if _alive(pid)]
        assert not left, f"workers {left} outlived their parent by 5 s"
    finally:
        for pid in workers if "workers" in locals() else ():
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
        if run.poll() is None:
            run.kill()
