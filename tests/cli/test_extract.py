"""The extract command on good and bad input: one line per bad file, never a traceback."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from incidentwatch.cli import cli

ARTICLE = (
    "Four policemen martyred in Bannu\n\n"
    "Four policemen were martyred and two others injured when militants attacked a police checkpost "
    "in Bannu on Monday, police said. The Tehreek-e-Taliban Pakistan claimed responsibility for the attack.\n"
)


@pytest.fixture()
def runner():
    return CliRunner()


def test_extract_prints_one_json_object_per_article(runner, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = runner.invoke(cli, ["extract", str(tmp_path / "a.txt"), "--json", "--published", "2024-05-14"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout.strip().splitlines()[0])
    assert record["schema"] == "incidentwatch.extraction/1"
    assert record["article"] == {"id": "a", "path": str(tmp_path / "a.txt"), "url": None, "title": "Four policemen martyred in Bannu", "published": "2024-05-14"}
    incident = record["incidents"][0]
    assert incident["date"] == "2024-05-13"
    assert incident["killed"]["total"] == 4 and incident["killed"]["security"] == 4
    assert incident["injured"]["total"] == 2
    assert incident["perpetrators"] == [{"name": "TTP", "status": "claimed"}]
    assert incident["location"]["admin1"] == "Khyber Pakhtunkhwa"


def test_extract_reads_json_lines_with_ids(runner, tmp_path):
    lines = [
        {"id": "one", "text": ARTICLE, "published": "2024-05-14", "url": "https://example.org/1"},
        {"id": "two", "html": "<html><body><article><p>" + ARTICLE + "</p></article></body></html>"},
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    result = runner.invoke(cli, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["article"]["id"] for line in result.stdout.splitlines()]
    assert ids == ["one", "two"]


BAD = {
    "empty.txt": (b"", "empty"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary"),
    "latin1.txt": ("Quetta: Dr. Müller said the café was hit. ".encode("latin-1") * 10, "not_utf8"),
    "nothing.html": (b"<html><body><nav>Home | Sports | Weather</nav></body></html>", "no_article"),
    "urdu.txt": (("Peshawar mein dehshatgardon ne police chowki par hamla kiya aur chaar ahalkar shaheed ho gaye. " * 6).encode(), "not_english"),
    "broken.jsonl": (b'{"id": "x", "text": "unterminated\n', "malformed"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_extract_reports_each_bad_file_in_one_line_and_goes_on(runner, tmp_path, name):
    data, reason = BAD[name]
    (tmp_path / name).write_bytes(data)
    (tmp_path / "good.txt").write_text(ARTICLE)
    result = runner.invoke(cli, ["extract", str(tmp_path / name), str(tmp_path / "good.txt"), "--json"])
    assert result.exit_code == 0, result.output
    errors = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(errors) == 1 and name in errors[0] and reason in errors[0]
    assert "Traceback" not in result.output
    assert len(result.stdout.strip().splitlines()) == 1


def test_extract_refuses_a_file_over_5_mb(runner, tmp_path):
    (tmp_path / "huge.txt").write_text(ARTICLE * (5 * 1024 * 1024 // len(ARTICLE) + 10))
    result = runner.invoke(cli, ["extract", str(tmp_path / "huge.txt")])
    assert result.exit_code == 1
    assert "huge.txt: too_large" in result.stderr


def test_extract_exits_non_zero_only_when_nothing_could_be_read(runner, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = runner.invoke(cli, ["extract", str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "empty.txt: empty" in result.stderr and "missing.txt: not_found" in result.stderr


def test_run_builds_the_database_from_the_examples_and_prints_the_situation(runner, tmp_path):
    db = str(tmp_path / "main.db")
    result = runner.invoke(cli, ["run", "--db", db])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.stdout and "Situation in 2024Q3" in result.stdout
    again = runner.invoke(cli, ["run", "--db", db])
    assert "0 stored" in again.stdout  # the second run finds every example already stored


def test_schema_prints_the_contract(runner):
    result = runner.invoke(cli, ["schema"])
    assert json.loads(result.stdout)["$id"] == "incidentwatch.extraction/1"


def test_extract_dump_dir_writes_each_stage(runner, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    result = runner.invoke(cli, ["extract", str(tmp_path / "a.txt"), "--json", "--dump-dir", str(tmp_path / "dump")])
    assert result.exit_code == 0
    assert (tmp_path / "dump" / "a" / "incidents.json").exists()


def test_extract_table_prints_rich_markup_in_article_text_literally(runner, tmp_path):
    hostile = ARTICLE.replace("Four policemen were martyred", "Four [red]policemen[/bold] were martyred")
    (tmp_path / "a.txt").write_text(hostile)
    result = runner.invoke(cli, ["extract", str(tmp_path / "a.txt"), "--published", "2024-05-14"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "Four [red]policemen[/bold] were martyred" in result.stdout
