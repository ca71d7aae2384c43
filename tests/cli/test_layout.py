"""Tables readable at 80 and 160 columns: no line wider than the terminal, no word split, no
figure cut, the evidence on its own indented line under its row."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from incidentwatch.cli import cli
from incidentwatch.cli.layout import Column, Layout, Row, fits, render
from tests.analytics.builders import add_known_incidents, opened

ROOT_DEVSET = "devset/articles"
EVIDENCE = ("KARACHI: Two Chinese nationals and a policeman escorting them were killed when gunmen opened fire on "
            "their vehicle in Karachi's Malir district on Sunday evening, police said.")


def words(text: str) -> list[str]:
    return text.replace("\N{NO-BREAK SPACE}", " ").split()


def assert_readable(out: str, width: int) -> None:
    for line in out.splitlines():
        assert len(line) <= width or len(line.split()) == 1, f"{len(line)} > {width}: {line!r}"
    assert "…" not in out


def test_a_row_keeps_its_figures_whole_and_puts_its_note_under_it():
    layout = Layout("Incidents", [Column("place"), Column("province"), Column("killed", numeric=True)],
                    [Row(["Karachi", "Sindh", "5 (sec 1, mil 2, for 2)"], note=EVIDENCE),
                     Row(["Dera Ismail Khan", "Khyber Pakhtunkhwa", "12"])])
    for width in (40, 80, 160):
        out = render(layout, width)
        assert_readable(out, width)
        assert "5 (sec 1, mil 2, for 2)" in out.replace("\N{NO-BREAK SPACE}", " ")
        assert " ".join(words(out)).count(EVIDENCE) == 1  # every word of it, in order, none split
    wide = render(layout, 160).splitlines()
    row = next(i for i, line in enumerate(wide) if line.startswith("Karachi"))
    assert wide[row + 1].startswith("    KARACHI: Two Chinese")


def test_a_layout_too_wide_for_a_table_becomes_one_paragraph_per_row():
    layout = Layout(None, [Column(f"column{i}", numeric=True) for i in range(12)], [Row([str(10 ** 6)] * 12, note="why")])
    assert not fits(layout, 80)
    out = render(layout, 80)
    assert_readable(out, 80)
    assert words(out).count("1000000") == 12 and "    why" in out


@pytest.mark.parametrize("width", [80, 160])
def test_extract_at_a_fixed_width(width):
    result = CliRunner().invoke(cli, ["extract", f"{ROOT_DEVSET}/dev-003.txt", f"{ROOT_DEVSET}/dev-001.txt",
                                      "--published", "2024-07-16"], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert_readable(out, width)
    assert EVIDENCE in " ".join(words(out))
    assert "5 (sec 1, mil 2, for 2)" in out.replace("\N{NO-BREAK SPACE}", " ")
    for word in ("government", "Pakhtunkhwa", "martyred"):  # never "governmen t"
        assert not re.search(word[:-1] + r"\s+" + word[-1] + r"\b", out)


@pytest.fixture()
def stats_db(tmp_path):
    path = str(tmp_path / "stats.db")
    with opened(path) as session:
        add_known_incidents(session)
    return path


@pytest.mark.parametrize("width", [80, 160])
@pytest.mark.parametrize("by", ["province", "quarter,province", "district"])
def test_stats_at_a_fixed_width_never_cuts_a_figure(stats_db, width, by):
    result = CliRunner().invoke(cli, ["stats", "--from", "2024-01-01", "--to", "2024-06-30", "--by", by, "--db", stats_db],
                                env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    assert_readable(result.stdout, width)
    # the same figures as the CSV, whatever the width: every total is printed whole
    total = re.search(r"total: (\d+) incidents, (\d+) killed", result.stdout)
    assert total and total.groups() == ("7", "20")


def test_run_at_80_columns(tmp_path):
    result = CliRunner().invoke(cli, ["run", "--db", str(tmp_path / "main.db"), "--report-dir", str(tmp_path)],
                                env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    # the summary and the report's path are one line each whatever their length: scripts read them
    body = result.stdout.split("report:")[0].split("\n", 1)[1]
    assert_readable(body.replace(str(tmp_path), "DB"), 80)
    assert "Incidents behind these figures" in body
