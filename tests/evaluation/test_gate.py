"""The evaluation gate: devset and seed scores must not fall below the pinned floors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from incidentwatch.evaluation import evaluate_gold
from incidentwatch.extraction import to_result

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("update_floors", ROOT / "scripts" / "update_floors.py")
update_floors = importlib.util.module_from_spec(spec)
spec.loader.exec_module(update_floors)
FLOORS = json.loads((ROOT / "evaluation" / "floors.json").read_text())


def test_the_floors_were_pinned_on_this_devset():
    assert FLOORS["devset_digest"] == update_floors.devset_digest(), (
        "the devset changed: re-measure and pin the floors with scripts/update_floors.py"
    )


@pytest.mark.parametrize("gold_name", ["gold.jsonl", "seeds-gold.jsonl"])
def test_scores_stay_above_their_floors(gold_name, pipeline, shared):
    path = ROOT / "devset" / "gold.jsonl" if gold_name == "gold.jsonl" else shared / "eval" / gold_name
    summary = evaluate_gold(path, extract=lambda raw: to_result(pipeline(raw))).summary()
    print(json.dumps({gold_name: summary}, indent=1))
    below = {k: (summary[k], v) for k, v in FLOORS[gold_name].items() if summary[k] < v}
    assert not below, f"below floor (score, floor): {below}"
