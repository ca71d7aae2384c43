"""The one-sentence note of an incident: built from its fields, agreeing with its figures."""

from __future__ import annotations

from datetime import date

from incidentwatch.exports.notes import incident_note
from incidentwatch.exports.rows import Perpetrator
from tests.exports.conftest import row_with


def test_a_full_note():
    row = row_with(date=date(2024, 7, 15), date_precision="day", event_type="suicide_bombing", place="Bannu",
                   district="Bannu", province="Khyber Pakhtunkhwa", killed_total=8, killed_civilians=None,
                   killed_security=7, killed_militants=1, killed_foreigners=None, killed_qualifier="exact",
                   injured_total=11, injured_civilians=None, injured_security=None, injured_militants=None,
                   injured_foreigners=None, injured_qualifier="at_least",
                   perpetrators=(Perpetrator("HGB", "claimed"),), sources=3)
    assert incident_note(row) == (
        "On 15 July 2024, a suicide bombing in Bannu, Khyber Pakhtunkhwa: 8 people were killed "
        "(7 security personnel, 1 militant) and at least 11 injured. HGB claimed it. Reported by 3 sources.")


def test_a_count_of_the_callers_replaces_the_killed_and_drops_a_split_that_would_not_add_up():
    row = row_with(killed_total=7, killed_security=7, killed_qualifier="at_least")
    note = incident_note(row, killed=6)
    assert ": 6 people were killed" in note and "security" not in note and "at least 6" not in note


def test_unknown_date_place_and_toll():
    row = row_with(date=None, place=None, district=None, province=None, killed_total=None, injured_total=None,
                   perpetrators=(), sources=1, event_type="armed_assault")
    assert incident_note(row) == "On an unknown date, an armed assault in an unknown place. No group was named. Reported by 1 source."
    assert ": no deaths were reported." in incident_note(row, killed=0)


def test_month_precision_and_several_groups():
    row = row_with(date=date(2024, 3, 1), date_precision="month", perpetrators=(
        Perpetrator("BLA", "claimed"), Perpetrator("TTP", "denied")))
    note = incident_note(row)
    assert note.startswith("In March 2024, ") and "BLA claimed it; TTP denied it." in note
