from pathlib import Path

from click.testing import CliRunner

from incidentwatch.cli import cli

DEVSET = Path(__file__).resolve().parents[2] / "devset" / "articles"


from tests.store.test_migrations import HEAD  # noqa: E402 - the newest revision


def test_ingest_reports_what_it_did_and_fails_when_something_failed(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    db = str(tmp_path / "cli.db")
    result = CliRunner().invoke(cli, ["ingest", str(DEVSET / "dev-001.txt"), str(tmp_path / "empty.txt"), "--db", db, "--quiet"])
    assert result.exit_code == 1
    assert "read 2 articles: 1 stored" in result.stdout and "1 failed (1 empty)" in result.stdout
    assert "empty.txt: empty" in result.stderr
    again = CliRunner().invoke(cli, ["ingest", str(DEVSET / "dev-001.txt"), "--db", db, "--quiet"])
    assert again.exit_code == 0 and "1 duplicates skipped" in again.stdout


def test_db_upgrade_reports_the_revision(tmp_path):
    result = CliRunner().invoke(cli, ["db", "upgrade", "--db", str(tmp_path / "u.db")])
    assert result.exit_code == 0 and f"-> {HEAD}" in result.stdout


def test_the_database_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("INCIDENTWATCH_DB", str(tmp_path / "env.db"))
    result = CliRunner().invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0 and (tmp_path / "env.db").exists()


def test_db_check_finds_the_rollups_in_step_names_a_tampered_row_and_rebuild_repairs_it(tmp_path):
    import sqlite3

    db = str(tmp_path / "check.db")
    CliRunner().invoke(cli, ["ingest", str(DEVSET / "dev-001.txt"), str(DEVSET / "dev-002.txt"), "--db", db, "--quiet"])
    ok = CliRunner().invoke(cli, ["db", "check", "--db", db])
    assert ok.exit_code == 0 and "rollups in step with the" in ok.stdout
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE rollup_place SET killed_total = killed_total + 1")
    bad = CliRunner().invoke(cli, ["db", "check", "--db", db])
    assert bad.exit_code == 1
    assert "rollup_place (month=" in bad.stdout and "rollup rows differ" in bad.stderr
    fixed = CliRunner().invoke(cli, ["db", "check", "--db", db, "--rebuild"])
    assert fixed.exit_code == 0 and "recounted" in fixed.stdout


def test_db_check_on_a_missing_file_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["db", "check", "--db", str(tmp_path / "none.db")])
    assert result.exit_code != 0 and "no such database" in result.output
    assert not (tmp_path / "none.db").exists()
