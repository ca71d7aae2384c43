"""``extract --json`` writes each article's line as soon as it is done: a run stopped midway has
printed what it finished."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.hostile.generate import shape_dense_tolls

ROOT = Path(__file__).resolve().parents[2]


def test_the_first_line_comes_while_the_next_article_is_still_running(tmp_path):
    first = tmp_path / "a-first.txt"
    first.write_text((ROOT / "devset" / "articles" / "dev-001.txt").read_text())
    slow = tmp_path / "b-slow.txt"
    slow.write_bytes(shape_dense_tolls(1_000_000))  # seconds of work
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen([sys.executable, "-m", "incidentwatch", "extract", str(first), str(slow), "--json"],
                          stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env) as run:
        try:
            line = run.stdout.readline()  # type: ignore[union-attr]
            still_running = run.poll() is None
        finally:
            run.kill()
    assert json.loads(line)["article"]["id"] == "a-first"
    assert still_running
