"""The evaluate command: scores, floors, and malformed gold files."""

from __future__ import annotations

import json

from click.testing import CliRunner

from incidentwatch.cli import cli

ARTICLE = (
    "Two soldiers martyred in Bannu\n\n"
    "Two soldiers were martyred when militants attacked a checkpost in Bannu on Monday, police said. "
    "The area was cordoned off and a search operation was launched.\n"
)
GOLD = {
    "id": "t-1", "url": None, "published": "2024-05-14", "kind": "single_attack", "notes": "",
    "incidents": [{"date": "2024-05-13", "country": "PK", "admin1": "Khyber Pakhtunkhwa", "admin2": "Bannu", "place": "Bannu",
                   "event_type": "armed_assault", "perpetrator": None, "perpetrator_status": None, "killed": 2, "injured": None,
                   "killed_civilians": None, "killed_security": 2, "killed_militants": None, "killed_foreigners": None,
                   "qualifier": "exact", "evidence": "Two soldiers were martyred", "reported_as": "main"}],
    "claims": [],
}


def _setup(tmp_path, gold=GOLD):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "t-1.txt").write_text(ARTICLE)
    (tmp_path / "gold.jsonl").write_text(json.dumps(gold) + "\n")
    return tmp_path / "gold.jsonl"


def test_evaluate_scores_a_gold_file(tmp_path):
    result = CliRunner().invoke(cli, ["evaluate", str(_setup(tmp_path)), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)["gold.jsonl"]
    assert scores["incident_f1"] == 1.0 and scores["killed_accuracy"] == 1.0 and scores["district_accuracy"] == 1.0


def test_evaluate_fails_below_a_floor(tmp_path):
    gold = _setup(tmp_path, {**GOLD, "claims": [{"source": "CRSS", "region": "Pakistan", "period": "2024", "period_start": "2024-01-01",
                                                "period_end": "2024-12-31", "metric": "killed", "value": 999, "qualifier": "exact", "evidence": "x"}]})
    (tmp_path / "floors.json").write_text(json.dumps({"gold.jsonl": {"claim_recall": 0.5}}))
    result = CliRunner().invoke(cli, ["evaluate", str(gold), "--floors", str(tmp_path / "floors.json")])
    assert result.exit_code == 1
    assert "claim_recall 0.0 < floor 0.5" in result.stderr


def test_evaluate_names_the_line_of_a_malformed_gold_file(tmp_path):
    (tmp_path / "gold.jsonl").write_text(json.dumps(GOLD) + "\n{not json\n")
    result = CliRunner().invoke(cli, ["evaluate", str(tmp_path / "gold.jsonl")])
    assert result.exit_code == 2
    assert "gold.jsonl:2: invalid JSON" in result.stderr and "Traceback" not in result.output
