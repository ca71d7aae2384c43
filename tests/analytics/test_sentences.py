"""Summary sentences written from the tallies: the seed's three sentences reproduced from a
database that holds matching incidents, and the wording of rises, falls, zeros and gaps."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from incidentwatch.analytics.periods import parse_period
from incidentwatch.analytics.selection import Selection
from incidentwatch.analytics.sentences import (
    change_sentence,
    percent_words,
    place_words,
    share_sentence,
    summary_sentences,
    toll_sentence,
)
from incidentwatch.analytics.stats import stats
from incidentwatch.store.tables import Incident
from tests.analytics.builders import STAMP, add_incident, opened

Q1 = parse_period("2024Q1")
Q2 = parse_period("2024Q2")


def q2(**filters) -> Selection:
    return Selection(date_from=Q2.start, date_to=Q2.last, **filters)


def spread(session, period, province: str, *, incidents: int, killed: int, injured: int, **extra) -> None:
    """``incidents`` incidents over the days of ``period`` whose tolls add up to ``killed`` and ``injured``."""
    for i in range(incidents):
        session.add(Incident(
            date=period.start + timedelta(days=i % period.days), admin1=province, country="PK", event_type="bombing",
            killed_total=killed // incidents + (i < killed % incidents),
            injured_total=injured // incidents + (i < injured % incidents),
            created_at=STAMP, updated_at=STAMP, **extra,
        ))


@pytest.fixture()
def crss_like(db_url):
    """A second quarter of 2024 as the seed's report tells it: 380 killed and 220 injured in 240
    incidents, 350 of the deaths and 209 of the incidents in KP and Balochistan; 432 killed in Q1."""
    with opened(db_url) as session:
        spread(session, Q2, "Khyber Pakhtunkhwa", incidents=150, killed=250, injured=140)
        spread(session, Q2, "Balochistan", incidents=59, killed=100, injured=50)
        spread(session, Q2, "Punjab", incidents=20, killed=20, injured=20)
        spread(session, Q2, "Sindh", incidents=11, killed=10, injured=10)
        spread(session, Q1, "Khyber Pakhtunkhwa", incidents=150, killed=300, injured=100)
        spread(session, Q1, "Balochistan", incidents=80, killed=132, injured=50)
        # neither counts in Q2: the day after it ends, and an incident an editor rejected
        add_incident(session, date(2024, 7, 1), killed=50)
        add_incident(session, date(2024, 6, 30), killed=40, review_state="rejected")
        session.commit()
        yield session


def test_the_seeds_three_sentences_come_back_from_matching_incidents(crss_like):
    assert summary_sentences(crss_like, Selection(), Q2) == [
        "380 people were killed and 220 injured in 240 incidents in 2024Q2.",
        "Khyber Pakhtunkhwa and Balochistan accounted for 92 percent of deaths and 87 percent of incidents.",
        "Deaths fell by 12 percent compared with 2024Q1.",
    ]


def test_each_sentence_can_be_written_from_its_own_table(crss_like):
    total = stats(crss_like, q2())
    assert (total.total.killed, total.previous_total.killed) == (380, 432)
    assert toll_sentence(total) == "380 people were killed and 220 injured in 240 incidents in 2024Q2."
    assert change_sentence(total, "incidents") == "Incidents rose by 4 percent compared with 2024Q1."  # 230 -> 240
    by_province = stats(crss_like, q2(), ["province"])
    assert share_sentence(by_province, names=["Khyber Pakhtunkhwa", "Balochistan"], metrics=("killed",)) == (
        "Khyber Pakhtunkhwa and Balochistan accounted for 92 percent of deaths.")
    assert share_sentence(by_province, top=3, metrics=("injured",)) == (
        "Khyber Pakhtunkhwa, Balochistan and Punjab accounted for 95 percent of injuries.")  # 210 of 220


@pytest.fixture()
def session(tmp_path):
    with opened(str(tmp_path / "t.db")) as session:
        yield session


def test_one_death_and_no_injuries_read_in_the_singular(session):
    add_incident(session, date(2024, 5, 1), killed=1, injured=0)
    assert toll_sentence(stats(session, q2())) == "1 person was killed and none injured in 1 incident in 2024Q2."


def test_no_one_killed(session):
    add_incident(session, date(2024, 5, 1), killed=0, injured=3)
    assert toll_sentence(stats(session, q2())) == "No one was killed and 3 injured in 1 incident in 2024Q2."


def test_an_empty_selection_says_no_incidents_with_the_place_and_period(session):
    assert toll_sentence(stats(session, q2(province="Balochistan"))) == "No incidents were recorded in Balochistan in 2024Q2."
    assert summary_sentences(session, Selection(), Q2) == [
        "No incidents were recorded in 2024Q2.", "No incidents are recorded in 2024Q1 to compare with."]


def test_places_and_ranges_in_the_toll_sentence(session):
    add_incident(session, date(2024, 2, 1), country="AF", province="Kabul", district="Kabul", killed=2, injured=1)
    selection = Selection(date_from=date(2024, 1, 10), date_to=date(2024, 2, 20), country="AF")
    assert toll_sentence(stats(session, selection)) == (
        "2 people were killed and 1 injured in 1 incident in Afghanistan from 2024-01-10 to 2024-02-20.")
    assert toll_sentence(stats(session, Selection(date_from=date(2024, 1, 1)))).endswith("in 1 incident since 2024-01-01.")
    assert toll_sentence(stats(session, Selection())) == "2 people were killed and 1 injured in 1 incident."


@pytest.mark.parametrize(("before", "now", "sentence"), [
    (4, 5, "Deaths rose by 25 percent compared with 2024Q1."),
    (4, 4, "Deaths were unchanged from 2024Q1 (4)."),
    (0, 3, "Deaths rose from none in 2024Q1 to 3."),
    (4, 0, "Deaths fell from 4 in 2024Q1 to none."),
    (1000, 1003, "Deaths rose by less than 1 percent compared with 2024Q1."),
    (8, 7, "Deaths fell by 13 percent compared with 2024Q1."),  # 12.5 rounds half up
])
def test_change_wording(session, before, now, sentence):
    add_incident(session, date(2024, 3, 31), killed=before)
    add_incident(session, date(2024, 4, 1), killed=now)
    assert change_sentence(stats(session, q2())) == sentence


def test_no_change_sentence_without_a_previous_period(session):
    add_incident(session, date(2024, 4, 1), killed=3)
    assert change_sentence(stats(session, Selection(date_from=Q2.start))) is None
    assert summary_sentences(session, Selection(date_from=Q2.start)) == [
        "3 people were killed and none injured in 1 incident since 2024-04-01.",
        "Khyber Pakhtunkhwa accounted for all deaths and all incidents.",
    ]


def test_within_a_province_the_districts_are_named_without_it(session):
    add_incident(session, date(2024, 4, 2), district="Bannu", killed=6)
    add_incident(session, date(2024, 4, 3), district="Lakki Marwat", killed=3)
    add_incident(session, date(2024, 4, 4), district="Peshawar", killed=1)
    add_incident(session, date(2024, 4, 5), district=None, killed=10)  # unknown district: never named
    sentences = summary_sentences(session, Selection(province="Khyber Pakhtunkhwa"), Q2)
    assert sentences[1] == "Bannu and Lakki Marwat accounted for 45 percent of deaths and 50 percent of incidents."


def test_no_share_sentence_when_no_one_was_killed(session):
    add_incident(session, date(2024, 4, 2), killed=0, injured=2)
    assert share_sentence(stats(session, q2(), ["province"])) is None


def test_share_sentences_need_a_table_by_one_place_type_or_group(session):
    with pytest.raises(ValueError, match="one place, type or group"):
        share_sentence(stats(session, q2(), ["quarter"]))
    add_incident(session, date(2024, 4, 2), killed=1)
    with pytest.raises(ValueError, match="'Sindh' is not a row"):
        share_sentence(stats(session, q2(), ["province"]), names=["Sindh"])


@pytest.mark.parametrize(("value", "words"), [
    (92.1, "92 percent"), (87.08, "87 percent"), (12.5, "13 percent"), (-12.04, "12 percent"),
    (0.0, "0 percent"), (0.4, "less than 1 percent"), (99.6, "over 99 percent"), (100.0, "100 percent"),
])
def test_percent_words(value, words):
    assert percent_words(value) == words


def test_several_places_are_named_together():
    assert place_words(Selection(province="Balochistan")) == "in Balochistan"
    assert place_words(Selection(province=("Balochistan", "Sindh", "Punjab"))) == "in Balochistan, Sindh and Punjab"
    assert place_words(Selection(country=("PK", "AF"))) == "in Pakistan and Afghanistan"
