"""The second annotation of the real-pages set: the seeded sample (``scripts/realset_sample.py``)
and the agreement scorer (``scripts/realset_agreement.py``) that treats one labelling as
predictions against the other with the project's matcher."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from incidentwatch.evaluation.gold import GoldArticle, GoldIncident, load_gold

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sample = _script("realset_sample")
audit = _script("realset_agreement")

ROWS = [{"id": f"real-{n:03d}", "split": "tune" if n % 3 else "test"} for n in range(1, 61)]


def test_the_draw_is_fixed_by_its_seed_and_stays_in_each_half():
    first = sample.draw(ROWS, seed=5, per_split=4)
    assert first == sample.draw(ROWS, seed=5, per_split=4)
    assert first != sample.draw(ROWS, seed=6, per_split=4)
    split_of = {r["id"]: r["split"] for r in ROWS}
    for split, ids in first.items():
        assert len(ids) == 4 and ids == sorted(ids)
        assert {split_of[i] for i in ids} == {split}


def test_a_half_smaller_than_the_sample_is_taken_whole():
    rows = [{"id": "a", "split": "tune"}, {"id": "b", "split": "test"}, {"id": "c", "split": "test"}]
    assert sample.draw(rows, seed=1, per_split=5) == {"tune": ["a"], "test": ["b", "c"]}


def test_the_committed_second_annotation_labels_exactly_the_recorded_sample():
    rows = [json.loads(x) for x in (ROOT / "realset" / "manifest.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    drawn = sample.draw(rows[:sample.DRAWN_FROM_ROWS])  # the population it was drawn from: pages added later aside
    labelled = sorted(a.id for a in load_gold(ROOT / "realset" / "second-annotation.jsonl"))
    assert labelled == sorted(drawn["tune"] + drawn["test"])


def _incident(**fields) -> GoldIncident:
    base = {"date": "2025-01-16", "country": "PK", "admin1": "Khyber Pakhtunkhwa", "admin2": "Kurram",
            "event_type": "armed_assault", "killed": 10, "injured": 4, "killed_militants": 6, "reported_as": "main"}
    return GoldIncident(**(base | fields))


def test_a_label_becomes_a_prediction_whose_victims_are_the_label_killed():
    incident = audit.as_incident(_incident(perpetrator="TTP", perpetrator_status="claimed"))
    assert incident.killed.total == 16 and incident.killed.victims == 10
    assert incident.perpetrators[0].name == "TTP" and incident.location.admin2 == "Kurram"


def test_identical_labels_agree_fully_and_differences_are_counted():
    ids = {"a", "b"}
    reference = [GoldArticle(id="a", incidents=[_incident()]),
                 GoldArticle(id="b", incidents=[_incident(date="2024-10-26", admin2="North Waziristan", reported_as="background")])]
    same = audit.agreement(reference, reference, ids)
    assert same["incident_f1"] == 1.0 and same["killed_accuracy"] == 1.0 and same["date_exact_accuracy"] == 1.0
    second = [GoldArticle(id="a", incidents=[_incident(killed=9, date="2025-01-17")]),
              GoldArticle(id="b", incidents=[_incident(date="2024-10-26", admin2="North Waziristan")])]
    differ = audit.agreement(reference, second, ids)
    assert (differ["gold_main"], differ["second_main"]) == (1, 2)
    assert differ["incident_precision"] == 0.5 and differ["incident_recall"] == 1.0
    assert differ["killed_accuracy"] == 0.0 and differ["date_exact_accuracy"] == 0.0
    assert differ["main_in_second_background_in_gold"] == 1 and differ["main_in_gold_background_in_second"] == 0
