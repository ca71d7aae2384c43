"""The dashboard's multi-select choices: provinces under their country, the districts of the
chosen provinces, the selection's values chosen, and a chosen value the lists lack kept."""

from __future__ import annotations

from incidentwatch.analytics import Selection
from incidentwatch.web.filter_choices import filter_choices


def _chosen(choices):
    return [c.value for c in choices if c.chosen]


def test_provinces_are_listed_under_their_country_and_the_chosen_ones_marked():
    choices = filter_choices(Selection(province=("Balochistan", "Kabul")))
    labels = [g.label for g in choices.provinces]
    assert labels == ["Pakistan (PK)", "Afghanistan (AF)"]
    pakistan, afghanistan = choices.provinces
    assert "Khyber Pakhtunkhwa" in [c.value for c in pakistan.choices] and "Helmand" in [c.value for c in afghanistan.choices]
    assert _chosen(pakistan.choices) + _chosen(afghanistan.choices) == ["Balochistan", "Kabul"]


def test_districts_are_those_of_the_chosen_provinces_or_all():
    some = filter_choices(Selection(province=("Balochistan", "Punjab"), district=("Quetta",)))
    assert [g.label for g in some.districts] == ["Balochistan (PK)", "Punjab (PK)"]
    assert [c.value for g in some.districts for c in g.choices if c.chosen] == ["Quetta"]
    every = filter_choices(Selection())
    assert len({g.label for g in every.districts}) > 30 and sum(len(g.choices) for g in every.districts) > 400


def test_types_groups_and_victims_mark_the_selection():
    choices = filter_choices(Selection(event_type=("bombing", "armed_assault"), group=("TTP", "BLA"),
                                       category=("civilians",), country=("PK", "AF")))
    assert sorted(_chosen(choices.event_types)) == ["armed_assault", "bombing"]
    assert sorted(_chosen(choices.groups)) == ["BLA", "TTP"]
    assert next(c.label for c in choices.groups if c.value == "TTP") == "TTP: Tehreek-e-Taliban Pakistan"
    assert _chosen(choices.categories) == ["civilians"]
    assert _chosen(choices.countries) == ["PK", "AF"]


def test_a_chosen_value_outside_the_lists_stays_chosen():
    choices = filter_choices(Selection(country=("IR",), district=("Nowhere",)))
    assert _chosen(choices.countries) == ["IR"]
    assert choices.districts[-1].label == "other" and _chosen(choices.districts[-1].choices) == ["Nowhere"]


def test_a_country_implied_by_the_provinces_is_not_chosen_unless_given():
    implied = Selection(country=("PK",), province=("Balochistan",))  # as resolve_selection fills it in
    assert _chosen(filter_choices(implied, countries=()).countries) == []
    assert _chosen(filter_choices(implied, countries=("PK",)).countries) == ["PK"]
