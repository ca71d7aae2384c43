"""``incidentwatch stats``: the table, CSV and JSON carry the figures stats() computes, and bad
input gets one line."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from incidentwatch.cli import cli
from tests.analytics.builders import add_known_incidents, opened


@pytest.fixture()
def db(tmp_path) -> str:
    path = str(tmp_path / "stats.db")
    with opened(path) as session:
        add_known_incidents(session)
    return path


def table_rows(out: str) -> dict[str, list[str]]:
    """First cell -> the other cells, for every row of the first table in ``out``."""
    rows, body = {}, False
    for line in out.splitlines():
        if set(line.replace(" ", "")) == {"─"}:
            body = True
            continue
        if body and not line.strip():
            break
        if body:
            cells = re.split(r"\s{2,}", line.strip())
            rows[cells[0]] = cells[1:]
    return rows


def run(*args: str):
    return CliRunner().invoke(cli, ["stats", *args])


def test_the_table_has_a_title_the_rows_and_the_total_line(db):
    result = run("--period", "2024Q2", "--by", "province", "--db", db)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Incidents: 2024Q2, by province" in out
    lines = table_rows(out)
    # incidents, killed, civilians, security, militants, foreigners, unspecified, injured, vs prev, %, share
    assert lines["Kabul"] == ["1", "3", "3", "0", "0", "0", "0", "0", "+3", "-", "50.0"]
    assert lines["Khyber Pakhtunkhwa"] == ["2", "2", "0", "2", "0", "0", "0", "2", "-2", "-50.0", "33.3"]
    assert lines["total"] == ["5", "6", "4", "2", "0", "0", "0", "5", "-8", "-57.1", "100.0"]
    assert "total: 5 incidents, 6 killed (4 civilians, 2 security, 0 militants, 0 foreigners, 0 unspecified), 5 injured" in out
    assert "2024Q1: 2 incidents, 14 killed, 26 injured" in out


def test_csv_carries_every_figure_and_the_previous_period(db):
    result = run("--period", "2024Q2", "--by", "province", "--format", "csv", "--db", db)
    assert result.exit_code == 0, result.output
    rows = {r["province"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert list(rows) == ["Kabul", "Khyber Pakhtunkhwa", "Balochistan", "Punjab"]
    kp = rows["Khyber Pakhtunkhwa"]
    assert (kp["incidents"], kp["killed"], kp["killed_security"], kp["injured"], kp["injured_civilians"]) == ("2", "2", "2", "2", "2")
    assert (kp["previous_killed"], kp["previous_injured"], kp["change_killed"], kp["change_killed_percent"]) == ("4", "6", "-2", "-50.0")
    assert rows["Punjab"]["injured_unspecified"] == "3" and rows["Punjab"]["share_injured_percent"] == "60.0"
    assert rows["Kabul"]["change_killed_percent"] == ""  # nothing to compare with: 0 before


def test_json_carries_the_total_the_previous_total_and_the_rows(db):
    result = run("--from", "2024-01-01", "--to", "2024Q2", "--by", "quarter,province", "--format", "json", "--db", db)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["by"] == ["quarter", "province"] and data["description"] == "2024-01-01 to 2024-06-30"
    assert data["total"]["incidents"] == 7 and data["total"]["killed"] == 20
    assert data["previous_period"] == {"label": "2023-07-01..2023-12-31", "start": "2023-07-01", "end": "2023-12-31"}
    assert data["previous_total"]["incidents"] == 0
    kp = next(r for r in data["rows"] if r["keys"] == {"quarter": "2024Q2", "province": "Khyber Pakhtunkhwa"})
    assert kp["figures"]["killed"] == 2 and kp["previous"]["killed"] == 4
    assert kp["change"]["killed"] == {"previous": 4, "delta": -2, "percent": -50.0}
    assert kp["period"] == {"label": "2024Q2", "start": "2024-04-01", "end": "2024-06-30"}
    assert len(data["rows"]) == 8


def test_the_whole_selection_without_by_is_one_total_line(db):
    result = run("--period", "2024Q2", "--province", "Khyber Pakhtunkhwa", "--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1 and rows[0]["incidents"] == "2"


def test_the_database_can_be_postgresql(db_url):
    with opened(db_url) as session:
        add_known_incidents(session)
    result = run("--period", "2024Q2", "--by", "group", "--format", "json", "--db", db_url)
    assert result.exit_code == 0, result.output
    rows = {r["keys"]["group"]: r["figures"]["incidents"] for r in json.loads(result.stdout)["rows"]}
    assert rows == {"ISKP": 1, "HGB": 1, "TTP": 1, "BLA": 0, "unattributed": 3}


def test_an_empty_selection_says_so_and_exits_1(db):
    result = run("--period", "2023Q1", "--by", "quarter", "--db", db)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.strip() == "no incidents match: 2023Q1"


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2024Q5"], "error: period '2024Q5': expected a year (2024), quarter (2024Q2)"),
    (["--from", "May"], "error: period 'May': expected a year"),
    (["--province", "Atlantis"], "error: province 'Atlantis': unknown province; known provinces: "),
    (["--by", "weather"], "error: dimension 'weather': unknown; known: year, quarter"),
    (["--by", "quarter", "--by", "month"], "error: dimensions 'quarter, month': at most one time dimension"),
    (["--period", "2024Q2", "--from", "2024-01-01"], "error: --period '2024Q2': give either --period or --from/--to"),
    (["--from", "2024-06-01", "--to", "2024-05-01"], "--to is before --from"),
    (["--group", "Nobody"], "error: group 'Nobody': unknown group"),
])
def test_bad_input_gets_one_line_and_exit_status_2(db, args, message):
    result = run(*args, "--db", db)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_missing_database_file_is_not_created(tmp_path):
    result = run("--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "none.db: no such database" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_the_database_comes_from_the_environment(db, monkeypatch):
    monkeypatch.setenv("INCIDENTWATCH_DB", db)
    result = run("--period", "2024", "--by", "quarter", "--format", "csv")
    assert [r["quarter"] for r in csv.DictReader(io.StringIO(result.stdout))] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]


def test_the_estimate_is_named_and_incidents_without_estimates_count_as_they_stand(db):
    result = run("--period", "2024Q2", "--estimate", "high", "--db", db)
    assert result.exit_code == 0, result.output
    assert "total (the high estimate of each incident's toll): 5 incidents, 6 killed" in result.stdout
    data = json.loads(run("--period", "2024Q2", "--estimate", "low", "--format", "json", "--db", db).stdout)
    assert (data["estimate"], data["total"]["killed"]) == ("low", 6)
    assert run("--estimate", "median", "--db", db).exit_code == 2


def test_several_provinces_repeated_or_as_a_comma_list(db):
    repeated = run("--period", "2024Q2", "--by", "province", "--province", "Balochistan", "--province", "Punjab", "--db", db)
    assert repeated.exit_code == 0, repeated.output
    assert "Incidents: 2024Q2, country PK, province Balochistan or Punjab, by province" in repeated.stdout
    lines = table_rows(repeated.stdout)
    assert lines["Balochistan"][:2] == ["1", "1"] and lines["Punjab"][:2] == ["1", "0"]  # #4, #5
    assert lines["total"][:2] == ["2", "1"] and "Khyber Pakhtunkhwa" not in lines
    listed = run("--period", "2024Q2", "--by", "province", "--province", "Balochistan, Punjab", "--db", db)
    assert listed.stdout == repeated.stdout


def test_several_types_and_groups_in_json(db):
    result = run("--type", "armed_assault,suicide_bombing", "--group", "TTP", "--group", "BLA", "--format", "json",
                 "--db", db)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["selection"]["event_type"] == ["armed_assault", "suicide_bombing"]
    assert document["selection"]["group"] == ["TTP", "BLA"]
    assert document["total"]["incidents"] == 2 and document["total"]["killed"] == 12  # #2 (BLA) and #3 (TTP)
    one = json.loads(run("--group", "TTP", "--format", "json", "--db", db).stdout)
    assert one["selection"]["group"] == "TTP"  # one value: as it always was


def test_an_unknown_value_among_several_is_named(db):
    result = run("--province", "Balochistan,Atlantis", "--db", db)
    assert result.exit_code == 2 and result.stderr.startswith("error: province 'Atlantis': unknown province")
    assert result.stderr.count("\n") == 1
