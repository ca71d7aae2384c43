"""incidentwatch timeline: Markdown to stdout, HTML to a file, the filters, nothing matching."""

from __future__ import annotations

from click.testing import CliRunner

from incidentwatch.cli import cli
from tests.report.known import build_known


def test_markdown_of_a_quarter_and_html_to_a_file(tmp_path):
    db = str(tmp_path / "k.db")
    build_known(db).close()
    result = CliRunner().invoke(cli, ["timeline", "--period", "2024Q2", "--province", "KP", "--db", db])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("# Timeline: 2024Q2, country PK, province Khyber Pakhtunkhwa")
    assert "## Wednesday 10 April 2024" in out and "## Sunday 30 June 2024" in out and "Quetta" not in out
    assert "- **Bannu, Khyber Pakhtunkhwa**: An armed assault: 4 people were killed (4 security personnel)" in out
    assert "[news.example.org](<https://news.example.org/a1>)" in out
    target = tmp_path / "t.html"
    html = CliRunner().invoke(cli, ["timeline", "--format", "html", "--out", str(target), "--db", db])
    assert html.exit_code == 0 and "timeline of 5 incidents" in html.stderr
    assert target.read_text().startswith("<!doctype html>")


def test_nothing_matching_is_a_message_and_status_1(tmp_path):
    db = str(tmp_path / "k.db")
    build_known(db).close()
    result = CliRunner().invoke(cli, ["timeline", "--period", "2030", "--db", db])
    assert result.exit_code == 1 and "no incidents match" in result.stderr and result.stdout == ""
