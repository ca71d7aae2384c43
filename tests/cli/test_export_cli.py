"""incidentwatch export: every format to a file or stdout, the selection's filters, a summary on
stderr, one-line errors, and no half-written file."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from incidentwatch.cli import cli
from incidentwatch.store import Store
from tests.exports.conftest import write_known


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "export.db")
    store = Store.open(path)
    write_known(store)
    store.close()
    return path


def run(*args):
    return CliRunner().invoke(cli, ["export", *args])


def test_csv_to_a_file_with_a_summary(db, tmp_path):
    target = tmp_path / "out.csv"
    result = run("--format", "csv", "--out", str(target), "--db", db)
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == f"exported 5 incidents (csv) to {target}"
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == ["1", "2", "3", "4", "5"]
    assert list(tmp_path.glob(".out.csv.*")) == []  # the temporary file is gone


def test_json_to_stdout_follows_the_filters(db):
    result = run("--format", "json", "--province", "KP", "--type", "security_operation", "--db", db)
    assert result.exit_code == 0
    assert [i["id"] for i in json.loads(result.stdout)["incidents"]] == [4]
    result = run("--format", "json", "--min-killed", "6", "--period", "2024Q2", "--db", db)
    assert [i["id"] for i in json.loads(result.stdout)["incidents"]] == [1]


def test_geojson_and_acled_say_what_they_left_out(db):
    geo = run("--format", "geojson", "--db", db)
    assert json.loads(geo.stdout)["type"] == "FeatureCollection"
    assert "1 without coordinates have a null geometry" in geo.stderr
    acled = run("--format", "acled", "--db", db)
    assert acled.stdout.startswith("event_id_cnty,event_date,year,")
    assert "exported 4 incidents (acled)" in acled.stderr and "1 without a date left out" in acled.stderr


def test_parquet_goes_to_a_pipe_as_bytes(db):
    result = run("--format", "parquet", "--db", db)
    assert result.exit_code == 0
    assert pq.read_table(io.BytesIO(result.stdout_bytes)).num_rows == 5


def test_nothing_matching_writes_nothing_and_exits_1(db, tmp_path):
    target = tmp_path / "empty.csv"
    result = run("--format", "csv", "--province", "Punjab", "--out", str(target), "--db", db)
    assert result.exit_code == 1 and "no incidents match: country PK, province Punjab" in result.stderr
    assert not target.exists()


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "csv", "--type", "riot"], "error: event type 'riot': unknown type"),
    (["--format", "csv", "--period", "2024-13"], "error: period '2024-13': the month must be 01 to 12"),
    (["--format", "csv", "--province", "Atlantis"], "error: province 'Atlantis': unknown province"),
    (["--format", "csv", "--out", "no/such/folder/x.csv"], "error: --out no/such/folder/x.csv: the folder"),
])
def test_bad_input_is_one_clear_line(db, args, message):
    result = run(*args, "--db", db)
    assert result.exit_code == 2 and result.stderr.startswith(message) and "Traceback" not in result.output


def test_an_unknown_format_is_a_usage_error(db):
    result = run("--format", "xlsx", "--db", db)
    assert result.exit_code == 2 and "'xlsx' is not one of" in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "json", "acled"])
def test_a_reader_that_stops_early_ends_the_export_quietly(db, fmt):
    """``incidentwatch export --format csv | head``: the pipe closes, the command ends with no error."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    proc = subprocess.Popen([sys.executable, "-m", "incidentwatch", "export", "--format", fmt, "--db", db],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    proc.stdout.close()  # the reader is gone before the first byte is written
    stderr = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 0
    assert "error" not in stderr.lower(), stderr


def test_an_exported_file_has_the_users_umask(db, tmp_path):
    old = os.umask(0o022)
    try:
        target = tmp_path / "out.csv"
        assert run("--format", "acled", "--out", str(target), "--db", db).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_several_values_of_a_filter_export_any_of_them(db):
    def ids(*args):
        result = run("--format", "json", *args, "--db", db)
        assert result.exit_code in (0, 1), result.output
        return {i["id"] for i in json.loads(result.stdout)["incidents"]} if result.exit_code == 0 else set()

    kp, balochistan = ids("--province", "KP"), ids("--province", "Balochistan")
    assert kp and balochistan
    assert ids("--province", "KP", "--province", "Balochistan") == kp | balochistan
    assert ids("--province", "KP,Balochistan") == kp | balochistan
