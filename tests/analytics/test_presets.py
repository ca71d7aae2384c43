"""Counting presets: the presets file, and ``stats`` counted the way each monitor counts,
checked against totals worked out by hand from a small database built here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from incidentwatch.analytics import Selection, SelectionError
from incidentwatch.analytics.figures import Figures
from incidentwatch.analytics.preset_stats import preset_stats
from incidentwatch.analytics.presets import (
    load_presets,
    parse_preset,
    preset_figures,
    preset_for_source,
    presets,
)
from incidentwatch.analytics.stats import stats
from incidentwatch.errors import ResourceError
from incidentwatch.models import EventType
from tests.analytics.builders import add_incident, opened

Q2 = Selection(date_from=date(2024, 4, 1), date_to=date(2024, 6, 30))


def build(session) -> None:
    """Q2 2024, by hand:
    #1 suicide bombing, KP, 10 killed (1 militant, 9 civilians), 20 injured
    #2 security operation, KP, 8 killed (8 militants)
    #3 airstrike (across the border), Paktika AF, 5 killed (5 civilians)
    #4 armed assault, Balochistan, 4 killed (3 security, 1 militant), 2 injured
    Every type: 4 incidents, 27 killed, 22 injured.
    CRSS, SATP, ACLED (operations and strikes): 4 incidents, 27 killed.
    PICSS, PIPS, GTD (no operations, no strikes): #1 and #4, 2 incidents, 14 killed, 22 injured."""
    add_incident(session, date(2024, 4, 3), event_type="suicide_bombing", killed=10, civilians=9, militants=1, injured=20)
    add_incident(session, date(2024, 5, 9), event_type="security_operation", district="North Waziristan", killed=8, militants=8)
    add_incident(session, date(2024, 5, 20), event_type="airstrike", province="Paktika", district="Barmal", country="AF",
                 killed=5, civilians=5)
    add_incident(session, date(2024, 6, 11), event_type="armed_assault", province="Balochistan", district="Kech", killed=4,
                 security=3, militants=1, injured=2)
    session.commit()


@pytest.fixture()
def session(db_url):
    with opened(db_url) as s:
        build(s)
        yield s


@pytest.mark.parametrize(("key", "incidents", "killed", "injured"), [
    ("crss", 4, 27, 22), ("satp", 4, 27, 22), ("acled", 4, 27, 22),
    ("picss", 2, 14, 22), ("pips", 2, 14, 22), ("gtd", 2, 14, 22),
])
def test_each_preset_counts_its_own_event_types(session, key, incidents, killed, injured):
    table = preset_stats(session, Q2, [], parse_preset(key))
    assert (table.total.incidents, table.total.killed, table.total.injured) == (incidents, killed, injured)
    assert table.preset == key and table.as_dict()["preset"] == key


def test_presets_split_by_quarter_and_province_add_up_by_hand(session):
    picss = preset_stats(session, Q2, ["province"], parse_preset("picss"))
    assert {r.keys: (r.figures.incidents, r.figures.killed) for r in picss.rows} == {
        ("Khyber Pakhtunkhwa",): (1, 10), ("Balochistan",): (1, 4)}
    assert picss.row("Khyber Pakhtunkhwa").share["killed"] == pytest.approx(100 * 10 / 14)
    crss = preset_stats(session, Q2, ["province"], parse_preset("crss"))
    assert crss.row("Khyber Pakhtunkhwa").figures.killed == 18 and crss.row("Paktika").figures.killed == 5
    by_month = preset_stats(session, Q2, ["month", "province"], parse_preset("picss"))
    assert by_month.row("2024-04", "Khyber Pakhtunkhwa").share["killed"] == 100.0


def test_without_a_preset_stats_counts_every_type(session):
    assert stats(session, Q2).total.killed == 27 and stats(session, Q2).preset is None


def test_a_type_the_preset_does_not_count_is_refused(session):
    with pytest.raises(SelectionError, match="the PICSS preset does not count this type"):
        preset_stats(session, Selection(event_type=EventType.SECURITY_OPERATION), [], parse_preset("picss"))
    assert preset_stats(session, Selection(event_type=EventType.SECURITY_OPERATION), [], parse_preset("crss")).total.killed == 8


def test_several_types_are_counted_each_once_and_one_the_preset_does_not_count_is_named(session):
    both = Selection(event_type=(EventType.SUICIDE_BOMBING, EventType.ARMED_ASSAULT))
    assert preset_stats(session, both, [], parse_preset("picss")).total.killed == 10 + 4
    with_operation = Selection(event_type=(EventType.SUICIDE_BOMBING, EventType.SECURITY_OPERATION))
    with pytest.raises(SelectionError, match="type 'security_operation': the PICSS preset does not count this type"):
        preset_stats(session, with_operation, [], parse_preset("picss"))
    assert preset_stats(session, with_operation, ["province"], parse_preset("crss")).total.killed == 10 + 8


def test_a_preset_without_the_perpetrators_takes_the_militants_out_of_killed():
    victims_only = parse_preset("crss").model_copy(update={"perpetrators_killed": False, "key": "victims"})
    by_type = {"suicide_bombing": Figures(incidents=1, killed=10, killed_militants=1),
               "security_operation": Figures(incidents=1, killed=8, killed_militants=8)}
    assert preset_figures(by_type, victims_only).killed == 9
    assert preset_figures(by_type, parse_preset("crss")).killed == 18
    assert preset_figures(by_type, parse_preset("picss")).killed == 10
    assert preset_figures(by_type, None).killed == 18


def test_presets_are_found_by_name_and_by_source():
    assert parse_preset("CRSS").name == "CRSS" and parse_preset(None) is None
    assert preset_for_source("PICSS").key == "picss" and preset_for_source("ISPR") is None
    with pytest.raises(SelectionError, match="unknown preset; known: crss, picss, pips, satp, acled, gtd"):
        parse_preset("reuters")
    for preset in presets().values():
        assert preset.methodology.title and 2000 < preset.methodology.year < 2100


def test_a_bad_presets_file_is_a_clear_error(tmp_path: Path):
    (tmp_path / "presets.yaml").write_text("presets:\n  crss:\n    name: CRSS\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="presets.yaml.*preset 'crss'"):
        load_presets(tmp_path)
