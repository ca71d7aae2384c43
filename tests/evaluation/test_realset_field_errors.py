"""scripts/realset_field_errors.py: the tune half's toll and type differences, never the test half's."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

from incidentwatch.evaluation.scores import ArticleReport, Counts, Scores

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("realset_field_errors", ROOT / "scripts" / "realset_field_errors.py")
field_errors_script = importlib.util.module_from_spec(spec)
sys.modules["realset_field_errors"] = field_errors_script
spec.loader.exec_module(field_errors_script)


def test_only_the_asked_fields_of_each_page_are_listed():
    scores = Scores(reports=[
        ArticleReport(id="real-001", incidents=Counts(), claims=Counts(),
                      field_errors=["killed: gold 3 predicted 6 (x)", "district: gold 'Bannu' predicted None (x)"]),
        ArticleReport(id="real-002", incidents=Counts(), claims=Counts(), field_errors=["perpetrator: gold 'TTP' predicted None (x)"]),
    ])
    assert field_errors_script.field_errors(scores, ("killed", "injured", "event_type")) == {"real-001": ["killed: gold 3 predicted 6 (x)"]}


def test_a_page_of_the_test_half_is_refused(capsys):
    rows = [json.loads(x) for x in (ROOT / "realset" / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    test_page = next(r["id"] for r in rows if r["split"] == "test")
    assert field_errors_script.main(["--ids", test_page]) == 2
    assert "not in the tune half" in capsys.readouterr().err
