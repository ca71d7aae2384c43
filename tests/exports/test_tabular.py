"""CSV export: parses back with the csv module, one line per incident, evidence included, and
no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io

import pytest

from incidentwatch.analytics import Selection
from incidentwatch.exports import export
from incidentwatch.exports.rows import COLUMNS
from incidentwatch.exports.tabular import safe_cell


def test_csv_round_trips_through_the_csv_module(known_store):
    out = io.BytesIO()
    with known_store.sessions() as session:
        assert export(session, Selection(), format="csv", out=out) == 5
    rows = list(csv.DictReader(io.StringIO(out.getvalue().decode("utf-8"))))
    assert len(rows) == 5 and tuple(rows[0]) == COLUMNS
    bannu = rows[0]
    assert (bannu["date"], bannu["killed_total"], bannu["killed_security"], bannu["perpetrators"]) == (
        "2024-05-13", "7", "7", "TTP (claimed)")
    assert bannu["sources"] == "3" and bannu["outlets"] == "Dawn; Express Tribune; The News"
    assert bannu["evidence"].startswith("Gunmen of the TTP killed four soldiers in Bannu, the group claimed. | ")
    assert rows[1]["lat"] == "" and rows[4]["date"] == ""
    assert rows[2]["evidence"].startswith("'=A policeman")  # a formula-like sentence is defused


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK()", "'=HYPERLINK()"), ("+1", "'+1"), ("-cmd", "'-cmd"), ("@SUM", "'@SUM"), ("Bannu", "Bannu"),
    (-3, -3), (None, None),
])
def test_safe_cell_defuses_formulas_and_leaves_numbers(value, expected):
    assert safe_cell(value) == expected
