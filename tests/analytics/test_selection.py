"""Selections: names made canonical, clear errors for unknown ones, and the filters applied."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from incidentwatch.analytics.periods import parse_period
from incidentwatch.analytics.selection import (
    Selection,
    SelectionError,
    apply,
    resolve_district,
    resolve_province,
    resolve_selection,
)
from incidentwatch.models import EventType, VictimCategory
from incidentwatch.store.tables import Incident
from tests.analytics.builders import add_known_incidents, opened


@pytest.mark.parametrize(("typed", "expected"), [
    (dict(province="KP"), dict(province="Khyber Pakhtunkhwa", country="PK")),
    (dict(province="baluchistan"), dict(province="Balochistan", country="PK")),
    (dict(country="Afghanistan"), dict(country="AF")),
    (dict(country="pk"), dict(country="PK")),
    (dict(province="KP", district="bannu"), dict(district="Bannu")),
    (dict(group="Tehreek-e-Taliban Pakistan"), dict(group="TTP")),
    (dict(event_type="Suicide bombing"), dict(event_type=EventType.SUICIDE_BOMBING)),
    (dict(category="security forces"), dict(category=VictimCategory.SECURITY)),
    (dict(text="  Bannu "), dict(text="Bannu")),
])
def test_resolve_selection_makes_names_canonical(typed, expected):
    selection = resolve_selection(**typed)
    assert {k: getattr(selection, k) for k in expected} == expected


@pytest.mark.parametrize(("typed", "message"), [
    (dict(province="Atlantis"), "province 'Atlantis': unknown province; known provinces: "),
    (dict(province="Pakhtunkhwa Province"), "province 'Pakhtunkhwa Province': unknown province"),
    (dict(province="Punjab", country="AF"), "province 'Punjab': Punjab is in PK, not AF"),
    (dict(district="Quetta", province="KP"), "district 'Quetta': Quetta is in Balochistan, not Khyber Pakhtunkhwa"),
    (dict(district="Nowshehra"), "district 'Nowshehra': unknown district; did you mean Nowshera?"),
    (dict(country="Narnia"), "country 'Narnia': unknown country"),
    (dict(group="The Avengers"), "group 'The Avengers': unknown group"),
    (dict(event_type="ied"), "event type 'ied': unknown type; known: suicide_bombing"),
    (dict(category="bystanders"), "victim category 'bystanders': known: civilians"),
    (dict(date_from=date(2024, 6, 1), date_to=date(2024, 5, 1)), "--to is before --from"),
    (dict(min_killed=-1), "must not be negative"),
])
def test_unknown_names_get_one_clear_line(typed, message):
    with pytest.raises(SelectionError) as error:
        resolve_selection(**typed)
    assert message in str(error.value) and "\n" not in str(error.value)


def test_describe_says_the_filters_in_words():
    assert Selection().describe() == "all incidents"
    quarter = Selection(date_from=date(2024, 4, 1), date_to=date(2024, 6, 30), province="Balochistan")
    assert quarter.describe() == "2024Q2, province Balochistan"
    assert Selection(date_from=date(2024, 4, 2)).describe() == "2024-04-02 to …"
    assert Selection(date_from=date(2024, 4, 2), date_to=date(2024, 5, 1)).describe() == "2024-04-02 to 2024-05-01"


def test_within_narrows_to_a_period_and_keeps_a_narrower_own_range():
    narrowed = Selection(date_from=date(2024, 5, 1)).within(parse_period("2024Q2"))
    assert (narrowed.date_from, narrowed.date_to) == (date(2024, 5, 1), date(2024, 6, 30))
    assert Selection().within(parse_period("2024Q2")).describe() == "2024Q2"


@pytest.fixture()
def session(tmp_path):
    with opened(str(tmp_path / "t.db")) as session:
        add_known_incidents(session)
        yield session


def ids(session, selection) -> int:
    return len(session.scalars(apply(select(Incident.id), selection)).all())


def test_apply_leaves_out_rejected_incidents_unless_asked(session):
    assert ids(session, Selection()) == 9
    assert ids(session, Selection(include_rejected=True)) == 10


@pytest.mark.parametrize(("selection", "count"), [
    (Selection(date_from=date(2024, 4, 1), date_to=date(2024, 6, 30)), 5),
    (Selection(date_from=date(2024, 6, 30)), 2),  # the day itself counts
    (Selection(date_to=date(2024, 3, 31)), 2),
    (Selection(country="AF"), 1),
    (Selection(province="Balochistan"), 2),
    (Selection(district="Bannu"), 3),
    (Selection(event_type=EventType.ARMED_ASSAULT), 2),
    (Selection(group="TTP"), 2),
    (Selection(group="ISKP"), 2),
    (Selection(category=VictimCategory.CIVILIANS), 6),  # killed (#2 #4 #8 #9) or injured (#1 #10)
    (Selection(min_killed=5), 2),
    (Selection(text="lahore"), 1),
    (Selection(text="100%_"), 0),  # LIKE wildcards are taken literally
])
def test_apply_adds_each_filter(session, selection, count):
    assert ids(session, selection) == count


def test_an_unknown_province_lists_every_province_and_a_district_its_close_matches():
    with pytest.raises(SelectionError) as province:
        resolve_province("Atlantis")
    assert "Zabul" in str(province.value) and "Balochistan" in str(province.value) and "…" not in str(province.value)
    with pytest.raises(SelectionError) as district:
        resolve_district("Atlantis")
    assert "give the province to list its districts" in str(district.value)
    with pytest.raises(SelectionError) as within:
        resolve_district("Atlantis", "Balochistan")
    assert "known districts: Awaran" in str(within.value) and "Ziarat" in str(within.value)
