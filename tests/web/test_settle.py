"""``serve`` freezes what startup made out of the garbage collector's sight (in a process of its
own here: a frozen test process would keep every later test's objects)."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = """
import gc, json, sys
from incidentwatch.store import Store
from incidentwatch.web import WebSettings, create_app
from incidentwatch.web.serving import settle
app = create_app(Store.open(sys.argv[1]), WebSettings(secret="s" * 48))
before = gc.get_freeze_count()
assert settle(app) is app
frozen = gc.get_freeze_count()
gc.collect()
print(json.dumps({"before": before, "frozen": frozen, "tracked": len(gc.get_objects())}))
"""


def test_settle_freezes_the_objects_startup_made(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "web.db")], capture_output=True, text=True,
                          timeout=120, check=True)
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    assert counts["before"] == 0
    assert counts["frozen"] > 50_000  # the modules and the application: about 200,000 objects
    assert counts["tracked"] < counts["frozen"] // 10  # what a full collection still walks
