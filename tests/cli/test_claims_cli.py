"""incidentwatch claims: the ledger as a table, CSV and JSON; one-line errors for bad input."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from click.testing import CliRunner

from incidentwatch.cli import cli
from incidentwatch.store import Store
from incidentwatch.store.tables import Article, ClaimRow
from tests.analytics.test_ledger import build


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "claims.db")
    store = Store.open(path)
    with store.sessions() as session:
        build(session)
        article = session.get(Article, 2)
        session.add(ClaimRow(article_id=article.id, source="HRCP", region_name="Pakistan", region_country="PK",
                             period_label="2023", period_start=date(2023, 1, 1), period_end=date(2023, 12, 31),
                             metric="killed", unit="count", value=9, qualifier="exact",
                             evidence={"start": 0, "end": 30, "text": "[bold red]HRCP[/] counted =9 deaths in 2023."}))
        session.commit()
    store.close()
    return path


def run(*args, thresholds=("--min-days-share", "0", "--min-outlets", "0")):
    """The ledger with the thin-coverage check off (the database here holds a handful of incidents)."""
    return CliRunner().invoke(cli, ["claims", *args, *thresholds])


def test_the_table_puts_sources_side_by_side_with_our_count_and_the_article(db):
    result = run("--period", "2024Q2", "--metric", "killed", "--db", db)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "CRSS" in out and "PICSS" in out and "close" in out and "differs" in out
    assert "#2 Dawn" in out and "CRSS said 24 people" in out
    assert "+25.0" in out and "-30.0" in out  # each under its publisher's preset (tests/analytics/test_ledger.py)


def test_article_text_is_shown_as_text_never_as_markup(db):
    result = run("--period", "2023", "--evidence", "--db", db)
    assert result.exit_code == 0 and "[bold red]HRCP[/] counted =9 deaths in 2023." in result.stdout


def test_json_carries_every_figure_with_its_evidence(db):
    result = run("--format", "json", "--period", "2024Q2", "--db", db)
    document = json.loads(result.stdout)
    killed = next(g for g in document["groups"] if g["metric"] == "killed" and g["region"] == "Pakistan"
                  and g["unit"] == "count" and g["period_start"] == "2024-04-01")
    assert killed["own"]["value"] == 22 and killed["sources"] == ["CRSS", "PICSS"] and killed["spread"] == 6
    assert [(p["value"], p["own"], p["preset"], p["difference"], p["percent"], p["band"]) for p in killed["published"]] == [
        (24, 30, "crss", 6, 25.0, "close"), (30, 21, "picss", -9, -30.0, "differs")]
    assert killed["own"]["coverage"] == {"articles": 0, "outlets": 0, "days": 0, "period_days": 91, "thin": False}
    assert killed["published"][0]["evidence"] == "CRSS said 24 people were killed in the second quarter."


def test_csv_has_one_line_per_published_figure(db):
    result = run("--format", "csv", "--db", db)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 12
    hrcp = next(r for r in rows if r["source"] == "HRCP")
    assert hrcp["evidence"] == "[bold red]HRCP[/] counted =9 deaths in 2023." and hrcp["own"] == "0"
    arrests = next(r for r in rows if r["metric"] == "arrested")
    assert arrests["own"] == "" and "arrests are not incidents" in arrests["reason"]


@pytest.mark.parametrize(("args", "message"), [
    (["--period", "2024Q5"], "error: period '2024Q5'"),
    (["--province", "Punjabb"], "error: province 'Punjabb': unknown province; did you mean Punjab?"),
    (["--source", "Reuters"], "error: source 'Reuters': no published figure from this source"),
    (["--metric", "deaths"], "error: metric 'deaths': unknown metric"),
    (["--period", "2024", "--from", "2024-01-01"], "error: --period"),
])
def test_bad_input_is_one_clear_line(db, args, message):
    result = run(*args, "--db", db)
    assert result.exit_code == 2 and result.stderr.startswith(message) and "Traceback" not in result.output


def test_nothing_matching_says_so_and_exits_1(db):
    result = run("--period", "2019", "--db", db)
    assert result.exit_code == 1 and "no published figures match: 2019" in result.stderr


def test_a_missing_database_is_a_clear_error(tmp_path):
    result = run("--db", str(tmp_path / "none.db"))
    assert result.exit_code == 2 and "no such database" in result.stderr


def test_thin_coverage_is_said_instead_of_differs(db):
    result = run("--period", "2024Q2", "--metric", "killed", "--format", "json", "--db", db, thresholds=())
    killed = next(g for g in json.loads(result.stdout)["groups"] if g["region"] == "Pakistan" and g["unit"] == "count")
    assert {p["band"] for p in killed["published"]} == {"thin_coverage"}
    assert killed["own"]["coverage"]["thin"] is True
    table = run("--period", "2024Q2", "--metric", "killed", "--db", db, thresholds=())
    assert "not comparable (thin coverage)" in table.stdout.replace("\n", " ") or "thin coverage" in table.stdout


def test_extracted_figures_with_no_placeable_period_or_that_contradict_themselves(tmp_path):
    """Bad input of issue 12, from an article through ingest to the ledger: 'in the past six months'
    with no publication date keeps its label, shows 'period unknown' and is never compared; a change
    whose own counts move the other way is kept with every reading flagged for review."""
    article = tmp_path / "report.txt"
    article.write_text(
        "Think tank counts attacks in Balochistan\n\n"
        "QUETTA: In the past six months, Balochistan saw 140 militant attacks, the Pakistan Institute for Conflict and "
        "Security Studies (PICSS) said in a report.\n\n"
        "Attacks in Sindh rose by 12 percent, from 60 in May 2024 to 50 in June 2024, the institute said.\n", encoding="utf-8")
    db = str(tmp_path / "ledger.db")
    ingested = CliRunner().invoke(cli, ["ingest", str(article), "--db", db, "--quiet"])
    assert ingested.exit_code == 0, ingested.output
    document = json.loads(run("--format", "json", "--db", db).stdout)
    published = [p for g in document["groups"] for p in g["published"]]
    (unknown,) = [p for p in published if p["value"] == 140]
    assert unknown["band"] == "period_unknown" and unknown["period_start"] is None and unknown["difference"] is None
    assert unknown["period_label"] == "In the past six months" and "no period we can place" in unknown["reason"]
    sindh = [p for p in published if p["region"] == "Sindh"]
    assert sorted(p["value"] for p in sindh) == [12, 50, 60]
    assert all(any("contradicts itself" in f for f in p["flags"]) for p in sindh)
    table = run("--db", db)
    assert table.exit_code == 0 and "period unknown" in table.stdout
