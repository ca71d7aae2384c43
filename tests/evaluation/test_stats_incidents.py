"""The incidents the extractor makes on statistical pages (``scripts/stats_incidents.py``):
listed per page with their evidence, counted, and judged by the recorded verdicts."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("stats_incidents", ROOT / "scripts" / "stats_incidents.py")
stats_incidents = importlib.util.module_from_spec(spec)
sys.modules["stats_incidents"] = stats_incidents  # its dataclasses look their module up
spec.loader.exec_module(stats_incidents)

PAGES = {
    # a monitor's month with its deadliest attack told: one single attack
    "stat-901": ("Think tank counts January violence\n\nThe Pakistan Institute for Peace Studies (PIPS) said militants "
                 "carried out 30 attacks across the country in January 2025. The deadliest attack of the month was the suicide "
                 "bombing of a police station in Bannu on January 12, which killed 14 policemen.\n", "tune"),
    # figures only: no incident
    "stat-902": ("Think tank counts February violence\n\nThe Pakistan Institute for Peace Studies (PIPS) said militants "
                 "carried out 25 attacks across the country in February 2025.\n", "tune"),
    "stat-903": ("Think tank counts March violence\n\nThe Pakistan Institute for Peace Studies (PIPS) said militants "
                 "carried out 20 attacks across the country in March 2025.\n", "test"),
}


def _set(tmp_path: Path) -> Path:
    cache = tmp_path / "cache"
    cache.mkdir()
    gold, manifest = tmp_path / "stats-gold.jsonl", tmp_path / "stats-manifest.jsonl"
    with gold.open("w") as g, manifest.open("w") as m:
        for page, (text, split) in PAGES.items():
            (cache / f"{page}.txt").write_text(text)
            g.write(json.dumps({"id": page, "published": "2025-02-03", "incidents": [], "claims": []}) + "\n")
            m.write(json.dumps({"id": page, "url": f"https://example.org/{page}", "query": "q", "split": split, "kind": "monitor_report"}) + "\n")
    return gold


def test_each_incident_of_a_half_is_listed_and_judged(tmp_path, capsys):
    gold = _set(tmp_path)
    judgements = tmp_path / "j.jsonl"
    judgements.write_text(json.dumps({"id": "stat-901", "evidence": "the suicide bombing of a police station in Bannu", "verdict": "single"}) + "\n")
    assert stats_incidents.main(["--gold", str(gold), "--split", "tune", "--articles", str(tmp_path / "cache"),
                                 "--judgements", str(judgements), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["counts"] == {"pages": 2, "pages_with_incidents": 1, "incidents": 1, "aggregate": 0, "single": 1, "unjudged": 0, "failed": 0}
    (found,) = out["incidents"]
    assert found["id"] == "stat-901" and "Bannu" in found["evidence"] and found["killed"] == 14


def test_count_only_never_prints_the_evidence(tmp_path, capsys):
    gold = _set(tmp_path)
    assert stats_incidents.main(["--gold", str(gold), "--split", "test", "--articles", str(tmp_path / "cache"), "--count-only"]) == 0
    out = capsys.readouterr().out
    assert out.strip() == "pages=1 pages_with_incidents=0 incidents=0 aggregate=0 single=0 unjudged=0 failed=0"


def test_a_bad_judgement_row_is_a_one_line_error(tmp_path, capsys):
    gold = _set(tmp_path)
    judgements = tmp_path / "j.jsonl"
    judgements.write_text(json.dumps({"id": "stat-901", "evidence": "x", "verdict": "maybe"}) + "\n")
    assert stats_incidents.main(["--gold", str(gold), "--split", "tune", "--judgements", str(judgements)]) == 2
    err = capsys.readouterr().err
    assert str(judgements) in err and "verdict" in err and "Traceback" not in err


def test_the_committed_judgements_name_tune_pages_with_short_quotes():
    rows = [json.loads(line) for line in (ROOT / "realset" / "stats-incidents.jsonl").read_text().splitlines() if line.strip()]
    halves = {json.loads(line)["id"]: json.loads(line)["split"]
              for line in (ROOT / "realset" / "stats-manifest.jsonl").read_text().splitlines() if line.strip()}
    assert rows and all(halves[r["id"]] == "tune" for r in rows)
    assert stats_incidents.load_judgements(ROOT / "realset" / "stats-incidents.jsonl")
