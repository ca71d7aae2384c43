"""The ACLED format: ACLED's columns exactly, its event and sub-event types from our taxonomy,
its actor types and interactions, and its fatality counting."""

from __future__ import annotations

import csv
import io
import re

import pytest

from incidentwatch.analytics import Selection
from incidentwatch.errors import ResourceError
from incidentwatch.exports import ExportContext, export
from incidentwatch.exports.acled import EVENT_TYPES, INTER_CODE, acled_source, check_taxonomy, fatalities
from incidentwatch.exports.rows import ReportedToll
from incidentwatch.models import EventType
from incidentwatch.resources import load_taxonomy
from tests.exports.conftest import row_with

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type", "actor1",
    "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting", "iso",
    "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
]


@pytest.fixture()
def acled(known_store):
    out = io.BytesIO()
    context = ExportContext(selection=Selection())
    with known_store.sessions() as session:
        n = export(session, Selection(), format="acled", out=out, context=context)
    reader = csv.DictReader(io.StringIO(out.getvalue().decode("utf-8")))
    rows = list(reader)
    assert n == len(rows)
    return reader.fieldnames, rows, context


def test_the_columns_are_acleds_exactly(acled):
    fieldnames, _, _ = acled
    assert fieldnames == ACLED_COLUMNS


def test_every_event_type_and_actor_type_is_an_acled_value(acled):
    _, rows, _ = acled
    for row in rows:
        assert row["sub_event_type"] in EVENT_TYPES[row["event_type"]]
        assert row["disorder_type"] == "Political violence"
        assert row["inter1"] in INTER_CODE and (row["inter2"] == "" or row["inter2"] in INTER_CODE)


def test_incidents_map_to_acleds_types_actors_and_interactions(acled):
    _, rows, context = acled
    assert context.undated == 1 and [r["event_id_cnty"] for r in rows] == ["PAKIW1", "PAKIW2", "PAKIW3", "PAKIW4"]
    picked = [(r["event_type"], r["sub_event_type"], r["actor1"], r["actor2"], r["interaction"], r["civilian_targeting"])
              for r in rows]
    assert picked == [
        ("Battles", "Armed clash", "TTP: Tehreek-e-Taliban Pakistan", "Military Forces of Pakistan",
         "State forces-Rebel group", ""),
        ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Unidentified Armed Group (Pakistan)",
         "Civilians (Pakistan)", "Political militia-Civilians", "Civilian targeting"),
        ("Explosions/Remote violence", "Grenade", "Unidentified Armed Group (Pakistan)", "Police Forces of Pakistan",
         "State forces-Political militia", ""),
        ("Battles", "Armed clash", "Military Forces of Pakistan", "Unidentified Armed Group (Pakistan)",
         "State forces-Political militia", ""),
    ]
    first = rows[0]
    assert (first["event_date"], first["year"], first["time_precision"], first["iso"], first["region"]) == (
        "2024-05-13", "2024", "1", "586", "South Asia")
    assert (first["country"], first["admin1"], first["admin2"], first["location"]) == (
        "Pakistan", "Khyber Pakhtunkhwa", "Bannu", "Bannu")
    assert first["source"] == "Dawn; Express Tribune; The News"
    # the note says what fatalities says (6, the lowest of the latest day's reports), not the incident's 7
    assert first["notes"].startswith("On 13 May 2024, an armed assault in Bannu, Khyber Pakhtunkhwa: 6 people were killed.")
    assert "Gunmen of the TTP killed four soldiers" in first["notes"]  # traceable to its sentence
    assert [r["geo_precision"] for r in rows] == ["2", "2", "1", "2"]
    assert rows[1]["latitude"] == "" and rows[2]["latitude"] == "33.98"


def test_fatalities_count_everyone_with_the_lowest_of_the_latest_reports(acled):
    _, rows, _ = acled
    # Bannu: 4 on 05-13, then 7 and 6 on 05-14 -> 6; the operation's 5 militants count; unknown is 0
    assert [r["fatalities"] for r in rows] == ["6", "5", "0", "5"]


def test_every_note_agrees_with_its_fatalities(acled):
    _, rows, _ = acled
    for row in rows:
        said = re.search(r": (\d+) (?:people were|person was) killed|: no one was killed|: no deaths were reported", row["notes"])
        assert said, row["notes"]
        assert (said.group(1) or "0") == row["fatalities"]


def test_the_source_is_the_outlets_else_the_sites_of_the_urls():
    assert acled_source(row_with(outlets=("Dawn", "Geo"))) == "Dawn; Geo"
    assert acled_source(row_with(outlets=(), urls=("https://www.dawn.com/news/1", "https://tribune.com.pk/story/2",
                                                   "https://www.dawn.com/news/3"))) == "dawn.com; tribune.com.pk"


def test_fatalities_of_an_editor_locked_toll_are_the_incidents():
    locked = row_with(killed_total=9, locked_fields=("killed",), reported_tolls=(ReportedToll(None, 3),))
    assert fatalities(locked) == 9


def test_the_taxonomy_maps_every_type_to_an_acled_type():
    taxonomy = load_taxonomy()
    check_taxonomy(taxonomy)  # raises on a value ACLED does not have
    assert {e.type for e in taxonomy.event_types} == set(EventType)


def test_a_mapping_acled_does_not_have_is_refused():
    taxonomy = load_taxonomy()
    entry = taxonomy.entry(EventType.BOMBING)
    broken = entry.model_copy(update={"acled": {"event_type": "Battles", "sub_event_type": "Suicide bomb",
                                                "disorder_type": "Political violence"}})
    bad = type(taxonomy)(event_types=(broken,), victims=taxonomy.victims,
                         state_action_triggers=taxonomy.state_action_triggers)
    with pytest.raises(ResourceError, match="bombing.acled: Battles / Suicide bomb is not an ACLED"):
        check_taxonomy(bad)
