"""incidentwatch report (and the report at the end of incidentwatch run): files written, clear
one-line errors, a no-data page for an empty selection."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from incidentwatch.analytics import parse_period, resolve_selection
from incidentwatch.cli import cli
from incidentwatch.cli.report import write_report
from incidentwatch.report.build import build_report
from incidentwatch.store import Store
from tests.report.conftest import chromium_or_skip
from tests.report.known import build_known


@pytest.fixture()
def known_db(tmp_path):
    path = tmp_path / "known.db"
    build_known(str(path)).close()
    return str(path)


@pytest.fixture()
def runner():
    return CliRunner()


def test_report_writes_the_page_and_says_where(runner, known_db, tmp_path):
    out = tmp_path / "q2.html"
    result = runner.invoke(cli, ["report", "--period", "2024Q2", "--out", str(out), "--db", known_db])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"report: {out}"
    html = out.read_text(encoding="utf-8")
    assert "19 people were killed and 22 injured in 3 incidents in 2024Q2." in html


def test_report_with_pdf_writes_it_beside_the_html(runner, known_db, tmp_path):
    chromium_or_skip()
    out = tmp_path / "q2.html"
    result = runner.invoke(cli, ["report", "--period", "2024Q2", "--out", str(out), "--pdf", "--db", known_db])
    assert result.exit_code == 0, result.output
    assert f"pdf: {tmp_path / 'q2.pdf'}" in result.stdout
    assert (tmp_path / "q2.pdf").read_bytes().startswith(b"%PDF-")


def test_writing_the_report_tells_each_step_before_it_starts(known_db, tmp_path):
    chromium_or_skip()
    store = Store.open(known_db)
    with store.sessions() as session:
        report = build_report(session, parse_period("2024Q2"), resolve_selection())
    store.close()
    steps: list[str] = []
    write_report(report, tmp_path / "q2.html", tmp_path / "q2.pdf", progress=steps.append)
    assert steps == [f"writing {tmp_path / 'q2.html'}", f"printing {tmp_path / 'q2.pdf'} with Chromium"]


def test_report_filters_by_province(runner, known_db, tmp_path):
    out = tmp_path / "b.html"
    result = runner.invoke(cli, ["report", "--period", "2024Q2", "--province", "Balochistan", "--out", str(out),
                                 "--db", known_db])
    assert result.exit_code == 0, result.output
    assert "12 people were killed and 15 injured in 1 incident in Balochistan in 2024Q2." in out.read_text()


def test_report_on_several_provinces_adds_them_up(runner, known_db, tmp_path):
    out = tmp_path / "two.html"
    result = runner.invoke(cli, ["report", "--period", "2024Q2", "--province", "Balochistan", "--province", "KP",
                                 "--out", str(out), "--db", known_db])
    assert result.exit_code == 0, result.output
    # Balochistan alone: 12 killed, 15 injured in 1 incident; Khyber Pakhtunkhwa: 7 and 7 in 2
    assert ("19 people were killed and 22 injured in 3 incidents in Balochistan and Khyber Pakhtunkhwa in 2024Q2."
            in out.read_text())


def test_an_empty_selection_gives_a_page_that_says_there_is_no_data(runner, known_db, tmp_path):
    out = tmp_path / "feb.html"
    result = runner.invoke(cli, ["report", "--period", "2024-02", "--out", str(out), "--db", known_db])
    assert result.exit_code == 0, result.output
    assert "no incidents match 2024-02: the report says there is no data" in result.stderr
    assert "There is no data for 2024-02" in out.read_text()


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2024Q5"], "period '2024Q5': expected a year"),
    (["--period", "2024Q2", "--province", "Narnia"], "province 'Narnia': unknown province"),
    (["--period", "2024Q2", "--group", "Nobody Front"], "group 'Nobody Front': unknown group"),
])
def test_bad_input_is_one_clear_line_and_writes_nothing(runner, known_db, tmp_path, args, message):
    out = tmp_path / "bad.html"
    result = runner.invoke(cli, ["report", *args, "--out", str(out), "--db", known_db])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {message}") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output and not out.exists()


def test_a_missing_database_is_an_error_not_a_new_file(runner, tmp_path):
    result = runner.invoke(cli, ["report", "--period", "2024Q2", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2 and "none.db: no such database" in result.stderr
    assert not (tmp_path / "none.db").exists()


def test_no_chromium_for_pdf_is_a_clear_error_before_anything_is_written(runner, known_db, tmp_path, monkeypatch):
    monkeypatch.setenv("INCIDENTWATCH_CHROMIUM", str(tmp_path / "missing-chromium"))
    out = tmp_path / "q2.html"
    result = runner.invoke(cli, ["report", "--period", "2024Q2", "--out", str(out), "--pdf", "--db", known_db])
    assert result.exit_code == 2 and "apt-get install chromium" in result.stderr
    assert not out.exists()


def test_without_a_period_the_report_is_on_the_latest_quarter(runner, known_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["report", "--db", known_db])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "report: incidentwatch-report-2024Q3.html"
    assert (tmp_path / "incidentwatch-report-2024Q3.html").exists()


def test_run_ends_by_writing_the_report_on_the_latest_quarter(runner, tmp_path):
    result = runner.invoke(cli, ["run", "--db", str(tmp_path / "main.db"), "--report-dir", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    path = tmp_path / "out" / "incidentwatch-report-2024Q3.html"
    assert result.stdout.rstrip().endswith(f"report: {path}")
    assert "in 2024Q3." in path.read_text(encoding="utf-8")


def test_run_writes_the_report_beside_the_database_by_default(runner, tmp_path):
    result = runner.invoke(cli, ["run", "--db", str(tmp_path / "main.db")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "incidentwatch-report-2024Q3.html").exists()
