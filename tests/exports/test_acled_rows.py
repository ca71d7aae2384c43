"""ACLED mapping rules on single rows: the victims decide between the taxonomy's variants."""

from __future__ import annotations

from datetime import date

import pytest

from incidentwatch.exports.acled import acled_record
from incidentwatch.exports.rows import Perpetrator
from incidentwatch.resources import load_actors, load_taxonomy
from tests.exports.conftest import row_with


@pytest.mark.parametrize(("changes", "expected"), [
    ({"killed_total": 3, "killed_civilians": 3}, ("Violence against civilians", "Attack", "Civilians (Pakistan)")),
    ({"killed_total": 3, "killed_security": 3}, ("Battles", "Armed clash", "Military Forces of Pakistan")),
    ({"event_type": "targeted_killing", "killed_total": 1, "killed_civilians": 1},
     ("Violence against civilians", "Attack", "Civilians (Pakistan)")),
    ({"event_type": "targeted_killing", "killed_total": 1, "killed_security": 1,
      "evidence": ("A police constable was shot dead.",)}, ("Battles", "Armed clash", "Police Forces of Pakistan")),
    ({"event_type": "kidnapping"}, ("Violence against civilians", "Abduction/forced disappearance", "Civilians (Pakistan)")),
    ({"event_type": "suicide_bombing", "killed_total": 10, "killed_civilians": 4, "killed_security": 5,
      "killed_militants": 1}, ("Explosions/Remote violence", "Suicide bomb", "Military Forces of Pakistan")),
    ({"event_type": "bombing"}, ("Explosions/Remote violence", "Remote explosive/landmine/IED", "")),
])
def test_the_victims_choose_the_acled_type_and_actor2(changes, expected):
    record = acled_record(row_with(**changes), taxonomy=load_taxonomy(), actors=load_actors())
    assert (record["event_type"], record["sub_event_type"], record["actor2"]) == expected


def test_a_suicide_bombing_that_hit_both_names_the_civilians_as_associated():
    record = acled_record(row_with(event_type="suicide_bombing", killed_total=9, killed_civilians=4, killed_security=5),
                          taxonomy=load_taxonomy(), actors=load_actors())
    assert record["assoc_actor_2"] == "Civilians (Pakistan)" and record["fatalities"] == 9


def test_a_one_sided_event_has_a_sole_interaction_and_claimed_groups_lead():
    record = acled_record(row_with(event_type="bombing", perpetrators=(Perpetrator("BLA", "claimed"),
                                                                        Perpetrator("BLF", "claimed"),
                                                                        Perpetrator("TTP", "denied"))),
                          taxonomy=load_taxonomy(), actors=load_actors())
    assert record["actor1"] == "BLA: Baloch Liberation Army" and record["assoc_actor_1"] == "BLF: Baloch Liberation Front"
    assert record["interaction"] == "Rebel group only" and record["actor2"] == ""


def test_a_suspected_group_is_not_coded_as_the_actor():
    record = acled_record(row_with(perpetrators=(Perpetrator("TTP", "suspected"),)), taxonomy=load_taxonomy(),
                          actors=load_actors())
    assert record["actor1"] == "Unidentified Armed Group (Pakistan)" and "TTP is suspected." in record["notes"]


def test_afghanistan_has_its_iso_code_and_region():
    record = acled_record(row_with(country="AF", province="Kabul", district="Kabul", place="Kabul"),
                          taxonomy=load_taxonomy(), actors=load_actors())
    assert (record["event_id_cnty"], record["iso"], record["country"], record["region"]) == (
        "AFGIW9", 4, "Afghanistan", "South Asia")


@pytest.mark.parametrize(("day", "actor1", "inter1"), [
    (date(2021, 8, 14), "Afghan Taliban", "Rebel group"),
    (date(2021, 8, 15), "Military Forces of Afghanistan (2021-)", "State forces"),
    (date(2024, 3, 2), "Military Forces of Afghanistan (2021-)", "State forces"),
])
def test_the_afghan_taliban_are_afghanistans_state_forces_since_august_2021(day, actor1, inter1):
    row = row_with(date=day, country="AF", province="Kunar", district=None, place=None, event_type="armed_assault",
                   perpetrators=(Perpetrator("Afghan Taliban", "claimed"),), evidence=("Taliban fighters attacked a post.",))
    record = acled_record(row, taxonomy=load_taxonomy(), actors=load_actors())
    assert (record["actor1"], record["inter1"]) == (actor1, inter1)
    assert record["country"] == "Afghanistan"
