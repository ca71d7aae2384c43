import importlib.util
import json
import sys
from pathlib import Path

import pytest

from incidentwatch.evaluation.candidates import (
    BACKGROUND,
    MAIN,
    SPURIOUS,
    assign,
    candidate_labels,
    main_counts,
)
from incidentwatch.evaluation.gold import GoldArticle, GoldIncident
from incidentwatch.models import EventType, Location, ReportedAs, Span, Toll
from incidentwatch.pipeline.incidents import candidate_filter
from incidentwatch.pipeline.incidents.candidate_filter import FEATURES, parse_model
from tests.factories import make_incident

ROOT = Path(__file__).parents[2]
QUETTA = Location(place="Quetta", admin2="Quetta", admin1="Balochistan", country="PK")
MASTUNG = Location(admin2="Mastung", admin1="Balochistan", country="PK")


def _gold():
    return GoldArticle(id="a", incidents=[
        GoldIncident(date="2025-10-13", admin1="Balochistan", admin2="Quetta", event_type="bombing", killed=6,
                     evidence="Six people were killed", reported_as="main"),
        GoldIncident(date="2024-10-01", admin1="Balochistan", admin2="Mastung", event_type="bombing", killed=2,
                     reported_as="background"),
    ])


def _predicted():
    lead = Span(start=0, end=40, text="Six people were killed on Monday in Quetta.")
    main = make_incident(date="2025-10-13", location=QUETTA, event_type=EventType.BOMBING, killed=Toll(total=6), evidence=[lead])
    duplicate = make_incident(date="2025-10-13", location=QUETTA, event_type=EventType.BOMBING, killed=Toll(total=6),
                              evidence=[Span(start=50, end=60, text="The blast killed six.")])
    recalled = make_incident(date="2024-10-01", location=MASTUNG, event_type=EventType.BOMBING, killed=Toll(total=2),
                             reported_as=ReportedAs.BACKGROUND, evidence=[Span(start=70, end=80, text="In 2024, two died.")])
    abroad = make_incident(date="2025-10-13", location=Location(admin1="Kabul", country="AF"), event_type=EventType.BOMBING,
                           evidence=[Span(start=90, end=99, text="Kabul blast")])
    return [duplicate, main, recalled, abroad]


def test_each_candidate_stands_for_one_gold_incident_at_most():
    gold, predicted = _gold(), _predicted()
    assert assign(gold.incidents, predicted) == [None, 0, 1, None]  # the quote beats the duplicate
    assert candidate_labels(gold, predicted) == [SPURIOUS, MAIN, BACKGROUND, SPURIOUS]


def test_main_counts_are_those_of_evaluate_under_the_roles_given():
    gold, predicted = _gold(), _predicted()
    rules = [p.reported_as for p in predicted]
    assert main_counts(gold, predicted, rules) == (1, 2, 0)  # the duplicate and Kabul are false mains
    only_lead = [ReportedAs.BACKGROUND, ReportedAs.MAIN, ReportedAs.BACKGROUND, ReportedAs.BACKGROUND]
    assert main_counts(gold, predicted, only_lead) == (1, 0, 0)
    assert main_counts(gold, predicted, [ReportedAs.BACKGROUND] * 4) == (0, 0, 1)
    assert [p.reported_as for p in predicted] == rules  # the predictions themselves are left as they were


def _script():
    spec = importlib.util.spec_from_file_location("train_candidate_model", ROOT / "scripts" / "train_candidate_model.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # its dataclasses look their module up
    spec.loader.exec_module(sys.modules[spec.name])
    return sys.modules[spec.name]


def test_the_training_script_runs_on_a_small_self_written_set(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(candidate_filter.SWITCH_ENV, "off")  # the script switches both models off; restored after
    monkeypatch.setenv("INCIDENTWATCH_ROLE_MODEL", "off")
    lines = (ROOT / "devset" / "gold.jsonl").read_text(encoding="utf-8").splitlines()[:24]
    gold = tmp_path / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = tmp_path / "model.json"
    _script().main(["--gold", str(gold), "--articles", str(ROOT / "devset" / "articles"), "--all", "--output", str(output)])
    printed = capsys.readouterr().out
    assert "rules alone:" in printed and "chosen: mode" in printed
    text = output.read_text(encoding="utf-8")
    model = parse_model(text, str(output))
    data = json.loads(text)
    assert data["features"] == list(FEATURES) and data["script"] == "scripts/train_candidate_model.py"
    assert "gold.jsonl (all)" in data["trained_on"]
    assert data["cross_validated"]["rules"]["tp"] > 0
    assert model.default_on is (data["cross_validated"]["model"]["f1"] >= data["cross_validated"]["rules"]["f1"] + 0.01)
    again = tmp_path / "again.json"
    _script().main(["--gold", str(gold), "--articles", str(ROOT / "devset" / "articles"), "--all", "--output", str(again)])
    assert json.loads(again.read_text(encoding="utf-8")) == data  # the same set gives the same file


def test_the_training_script_refuses_the_test_half():
    with pytest.raises(SystemExit, match="test half"):
        _script().main(["--split", "test", "--dry-run"])
