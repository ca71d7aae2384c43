"""``incidentwatch stats --preset``: counted the way a monitor counts, and says so."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from incidentwatch.cli import cli
from tests.analytics.builders import opened
from tests.analytics.test_presets import build


@pytest.fixture()
def db(tmp_path) -> str:
    path = str(tmp_path / "presets.db")
    with opened(path) as session:
        build(session)
    return path


def run(*args: str):
    return CliRunner().invoke(cli, ["stats", "--period", "2024Q2", *args])


def test_picss_counts_militant_attacks_and_the_table_says_which_preset(db):
    result = run("--preset", "picss", "--db", db)
    assert result.exit_code == 0, result.output
    assert "counted under the PICSS preset" in result.stdout and "no security operations" in result.stdout
    totals = json.loads(run("--preset", "PICSS", "--format", "json", "--db", db).stdout)
    assert (totals["total"]["incidents"], totals["total"]["killed"], totals["preset"]) == (2, 14, "picss")
    crss = json.loads(run("--preset", "crss", "--format", "json", "--db", db).stdout)
    assert (crss["total"]["incidents"], crss["total"]["killed"]) == (4, 27)
    plain = json.loads(run("--format", "json", "--db", db).stdout)
    assert plain["preset"] is None and plain["total"]["killed"] == 27


def test_an_unknown_preset_is_one_line(db):
    result = run("--preset", "reuters", "--db", db)
    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        "error: preset 'reuters': unknown preset; known: crss, picss, pips, satp, acled, gtd"]
