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
    assert {k: getattr(selection, k) for k in expected} == {k: getattr(Selection(**expected), k) for k in expected}
    assert {k: v for k, v in selection.as_dict().items() if k in expected} == {  # one value: as it always was
        k: str(v) for k, v in expected.items()}


def test_one_value_is_a_tuple_of_one_and_filters_with_equals_as_before():
    assert Selection(province="Balochistan") == Selection(province=("Balochistan",))
    assert Selection(event_type="bombing").event_type == (EventType.BOMBING,)
    assert Selection(province=None).province == ()
    one = str(apply(select(Incident.id), Selection(province="Balochistan")))
    assert "admin1 = " in one and " IN " not in one


def test_resolve_selection_takes_several_values_of_each_filter():
    selection = resolve_selection(province=["KP", "baluchistan", "Khyber Pakhtunkhwa", " "], event_type=["bombing", "Suicide bombing"],
                                  group=("TTP", "Tehreek-e-Taliban Pakistan", "BLA"), category=["civilians", "sf"],
                                  district=["bannu", "Quetta"])
    assert selection.province == ("Khyber Pakhtunkhwa", "Balochistan")  # in order, each once, blanks left out
    assert selection.country == ("PK",)
    assert selection.event_type == (EventType.BOMBING, EventType.SUICIDE_BOMBING)
    assert selection.group == ("TTP", "BLA")
    assert selection.category == (VictimCategory.CIVILIANS, VictimCategory.SECURITY)
    assert selection.district == ("Bannu", "Quetta")
    assert resolve_selection(province=["Balochistan", "Kandahar"]).country == ("PK", "AF")
    assert resolve_selection(country=["PK", "AF"], province="Kandahar").province == ("Kandahar",)
    assert selection.describe() == ("country PK, province Khyber Pakhtunkhwa or Balochistan, district Bannu or Quetta, "
                                    "type bombing or suicide_bombing, group TTP or BLA, victims civilians or security")
    assert selection.as_dict()["province"] == ["Khyber Pakhtunkhwa", "Balochistan"]
    assert selection.as_dict()["country"] == "PK" and Selection().as_dict()["group"] is None


@pytest.mark.parametrize(("typed", "message"), [
    (dict(province=["Balochistan", "Atlantis"]), "province 'Atlantis': unknown province; known provinces: "),
    (dict(district=["Bannu", "Nowshehra"]), "district 'Nowshehra': unknown district; did you mean Nowshera?"),
    (dict(district=["Quetta"], province=["KP", "Sindh"]), "Quetta is in Balochistan, not Khyber Pakhtunkhwa or Sindh"),
    (dict(province="Punjab", country=["AF", "IR"]), "province 'Punjab': Punjab is in PK, not AF or IR"),
    (dict(group=["TTP", "The Avengers"]), "group 'The Avengers': unknown group"),
    (dict(event_type=["bombing", "ied"]), "event type 'ied': unknown type"),
])
def test_an_unknown_value_among_several_is_named_with_its_close_matches(typed, message):
    with pytest.raises(SelectionError) as error:
        resolve_selection(**typed)
    assert message in str(error.value) and "\n" not in str(error.value)


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


SEVERAL = [  # several values of a filter: any of them
    (Selection(country=("PK", "AF")), 9),
    (Selection(province=("Balochistan", "Punjab")), 3),  # #2 #4 #5
    (Selection(district=("Quetta", "Kech")), 2),
    (Selection(event_type=(EventType.ARMED_ASSAULT, EventType.SUICIDE_BOMBING)), 3),  # #2 #3 #10
    (Selection(group=("TTP", "HGB")), 2),  # #1, and #3 (claimed by both) once
    (Selection(group=("TTP", "ISKP")), 4),  # #1 #3 #6 #9
    (Selection(category=(VictimCategory.FOREIGNERS, VictimCategory.SECURITY)), 4),  # #1 #2 #3 #6
    (Selection(province=("Balochistan", "Kabul"), group=("BLA", "ISKP")), 2),  # #2 #9
    (Selection(province=("Balochistan", "Kabul"), min_killed=3), 2),  # #2 (10 killed) #9 (3), not #4 (1)
]


@pytest.fixture()
def either(db_url):
    """The known incidents on SQLite and on PostgreSQL."""
    with opened(db_url) as session:
        add_known_incidents(session)
        yield session


def test_several_values_match_any_of_them_on_both_databases(either):
    assert [ids(either, selection) for selection, _ in SEVERAL] == [count for _, count in SEVERAL]


def test_several_values_are_bound_parameters_never_spliced_into_the_sql():
    sql = str(apply(select(Incident.id), Selection(province=("Ba'l\"och", "Sindh"), group=("x'); --", "TTP"))))
    assert " IN " in sql and "Ba'l" not in sql and "x')" not in sql and "Sindh" not in sql


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
