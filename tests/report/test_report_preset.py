"""``incidentwatch report --preset``: the report's figures and the ledger's comparisons counted
the way one monitor counts, and the page says which preset, against totals worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from incidentwatch.analytics import parse_period
from incidentwatch.analytics.presets import parse_preset
from incidentwatch.cli import cli
from incidentwatch.report.build import OWN_RULES, build_report
from tests.analytics.builders import opened
from tests.analytics.test_ledger import _article, _claim
from tests.analytics.test_presets import build

Q2 = parse_period("2024Q2")


def build_with_claim(session) -> None:
    """``test_presets.build``'s Q2 (4 incidents, 27 killed; PICSS counts #1 and #4: 2 incidents,
    14 killed, 22 injured) and a CRSS figure of 25 killed in Pakistan in Q2. Our Pakistan count
    (the Paktika airstrike is in Afghanistan): under CRSS's preset #1, #2, #4 = 22 killed; under
    PICSS's #1, #4 = 14."""
    build(session)
    article = _article(session, 1, date(2024, 7, 2), "Frontier Daily")
    _claim(session, article, source="CRSS", value=25)
    session.commit()


@pytest.fixture()
def db(tmp_path) -> str:
    path = str(tmp_path / "report-presets.db")
    with opened(path) as session:
        build_with_claim(session)
    return path


def _ledger_entry(report):
    (entry,) = [e for g in report.ledger.groups for e in g.entries]
    return entry


def test_the_report_counts_under_the_preset_it_is_given(db):
    with opened(db) as session:
        own = build_report(session, Q2)
        picss = build_report(session, Q2, preset=parse_preset("picss"))
    assert (own.total.total.incidents, own.total.total.killed) == (4, 27)
    assert (picss.total.total.incidents, picss.total.total.killed, picss.total.total.injured) == (2, 14, 22)
    types = {row.keys[0] for t in picss.tables if t.title == "By type of event" for row in t.rows}
    assert types == {"suicide_bombing", "armed_assault"}  # no operation, no airstrike
    assert all(d.event_type not in {"security_operation", "airstrike"} for d in picss.deadliest)
    assert picss.summary[0] == "14 people were killed, 2 of them militants, and 22 injured in 2 incidents in 2024Q2."
    assert own.counting == OWN_RULES and "PICSS preset" in picss.counting and "no security operations" in picss.counting


def test_the_ledger_compares_under_the_reports_preset(db):
    with opened(db) as session:
        own = _ledger_entry(build_report(session, Q2))
        picss = _ledger_entry(build_report(session, Q2, preset=parse_preset("picss")))
    assert (own.source, own.preset, own.own) == ("CRSS", "crss", 22)  # the publisher's preset
    assert (picss.source, picss.preset, picss.own) == ("CRSS", "picss", 14)  # the report's


def test_the_cli_writes_the_page_under_the_preset_and_says_so(db, tmp_path):
    out = tmp_path / "picss.html"
    result = CliRunner().invoke(cli, ["report", "--period", "2024Q2", "--preset", "PICSS", "--out", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "14 people were killed, 2 of them militants, and 22 injured in 2 incidents in 2024Q2." in html
    assert "Counted under the PICSS preset" in html


def test_an_unknown_preset_is_one_line_and_writes_nothing(db, tmp_path):
    out = tmp_path / "none.html"
    result = CliRunner().invoke(cli, ["report", "--period", "2024Q2", "--preset", "reuters", "--out", str(out), "--db", db])
    assert result.exit_code != 0 and not out.exists()
    assert result.output.strip().splitlines() == [
        "error: preset 'reuters': unknown preset; known: crss, picss, pips, satp, acled, gtd"]
