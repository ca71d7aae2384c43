"""Where a tally is counted: the rollups answer what they hold, the incidents the rest, and
whatever the selection, grouping and backend, both give the same table."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentwatch.analytics.dimensions import Dimension
from incidentwatch.analytics.periods import Granularity
from incidentwatch.analytics.rollup_tally import Months
from incidentwatch.analytics.selection import Selection
from incidentwatch.analytics.stats import stats
from incidentwatch.analytics.tallies import choose_rollup, split_months
from incidentwatch.models import EventType, VictimCategory
from tests.analytics.builders import add_incident, opened

FIRST, LAST = date(2023, 11, 1), date(2024, 8, 31)
PLACES = [("Bannu", "Khyber Pakhtunkhwa", "PK"), ("Peshawar", "Khyber Pakhtunkhwa", "PK"), (None, "Khyber Pakhtunkhwa", "PK"),
          ("Quetta", "Balochistan", "PK"), ("Kech", "Balochistan", "PK"), ("Lahore", "Punjab", "PK"),
          ("Kunar", "Kunar", "AF"), (None, None, "PK"), (None, None, None)]
GROUPS = ["TTP", "BLA", "HGB", "ISKP"]
TYPES = ["bombing", "armed_assault", "targeted_killing", "suicide_bombing"]


def test_the_first_rollup_holding_every_dimension_and_filter_answers():
    assert choose_rollup(Selection(), Granularity.QUARTER, [Dimension.PROVINCE]) == "rollup_place"
    assert choose_rollup(Selection(event_type=EventType.BOMBING), None, [Dimension.COUNTRY]) == "rollup_place"
    assert choose_rollup(Selection(province="Balochistan"), Granularity.MONTH, [Dimension.DISTRICT]) == "rollup_district"
    assert choose_rollup(Selection(), None, [Dimension.GROUP, Dimension.PROVINCE]) == "rollup_group"
    assert choose_rollup(Selection(group="TTP"), Granularity.YEAR, []) == "rollup_group"
    assert choose_rollup(Selection(), None, [Dimension.DISTRICT, Dimension.GROUP]) == "rollup_district_group"
    assert choose_rollup(Selection(district="Bannu", group="TTP"), Granularity.MONTH, []) == "rollup_district_group"
    civilians = Selection(category=VictimCategory.CIVILIANS)
    assert choose_rollup(civilians, Granularity.QUARTER, [Dimension.GROUP]) == "rollup_category_group"
    assert choose_rollup(replace(civilians, group="TTP", province="Balochistan"), None, []) == "rollup_category_group"
    # several places or types: their rollup rows summed (an incident has one of each)
    several = Selection(province=("Balochistan", "Punjab"), event_type=(EventType.BOMBING, EventType.ARMED_ASSAULT))
    assert choose_rollup(several, Granularity.MONTH, [Dimension.COUNTRY]) == "rollup_place"
    assert choose_rollup(Selection(district=("Bannu", "Kech")), None, [Dimension.PROVINCE]) == "rollup_district"
    assert choose_rollup(Selection(country=("PK", "AF"), group="TTP"), None, []) == "rollup_group"


@pytest.mark.parametrize(("selection", "time", "keys"), [
    (Selection(), Granularity.WEEK, []),  # weeks cut months
    (Selection(min_killed=5), None, []),
    (Selection(text="bannu"), None, []),
    (Selection(category=VictimCategory.CIVILIANS), None, []),  # only the group rollup has categories
    (Selection(category=VictimCategory.CIVILIANS), None, [Dimension.DISTRICT, Dimension.GROUP]),
    (Selection(), None, [Dimension.GROUP, Dimension.EVENT_TYPE]),  # no rollup holds both
    (Selection(event_type=EventType.BOMBING), None, [Dimension.GROUP]),
    (Selection(district="Bannu"), None, [Dimension.EVENT_TYPE]),
    (Selection(group="TTP"), None, [Dimension.GROUP]),  # its incidents' other groups get rows too
    # a rollup holds an incident once per group or category: one of two groups would count twice
    (Selection(group=("TTP", "BLA")), None, []),
    (Selection(group=("TTP", "BLA")), Granularity.MONTH, [Dimension.PROVINCE]),
    (Selection(category=(VictimCategory.CIVILIANS, VictimCategory.SECURITY)), None, [Dimension.GROUP]),
])
def test_what_no_rollup_holds_is_counted_from_the_incidents(selection, time, keys):
    assert choose_rollup(selection, time, keys) is None


def test_a_range_is_whole_months_from_a_rollup_and_the_days_at_its_ends_from_the_incidents():
    months, edges = split_months(Selection(date_from=date(2024, 3, 15), date_to=date(2024, 6, 10)), None)
    assert months == Months(first=202404, last=202405, dated=True)
    assert [(e.date_from, e.date_to) for e in edges] == [(date(2024, 3, 15), date(2024, 3, 31)),
                                                         (date(2024, 6, 1), date(2024, 6, 10))]
    months, edges = split_months(Selection(date_from=date(2024, 4, 1), date_to=date(2024, 6, 30)), None)
    assert (months, edges) == (Months(first=202404, last=202406, dated=True), [])
    months, edges = split_months(Selection(date_from=date(2024, 2, 1), date_to=date(2024, 2, 29)), None)  # leap year
    assert (months, edges) == (Months(first=202402, last=202402, dated=True), [])
    months, edges = split_months(Selection(date_from=date(2024, 4, 2), date_to=date(2024, 5, 30)), None)
    assert months is None and len(edges) == 1  # no whole month inside: the days alone
    months, edges = split_months(Selection(date_to=date(2024, 12, 30)), None)
    assert months == Months(first=None, last=202411, dated=True)
    assert [(e.date_from, e.date_to) for e in edges] == [(date(2024, 12, 1), date(2024, 12, 30))]
    assert split_months(Selection(), None) == (Months(), [])  # undated incidents too
    assert split_months(Selection(), Granularity.MONTH) == (Months(dated=True), [])


@pytest.fixture()
def spread(db_url):
    """Four hundred seeded incidents over ten months, many on a month's first or last day."""
    rng = random.Random(7)
    with opened(db_url) as session:
        for _ in range(400):
            roll = rng.random()
            if roll < 0.05:
                day = None
            elif roll < 0.35:  # a month's first or last day
                month = FIRST + timedelta(days=rng.randrange((LAST - FIRST).days))
                first = month.replace(day=1)
                day = first if rng.random() < 0.5 else (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
            else:
                day = FIRST + timedelta(days=rng.randrange((LAST - FIRST).days + 1))
            district, province, country = rng.choice(PLACES)
            killed = rng.choice([None, 0, 1, 2, 5, 13])
            split = [rng.choice([None, 0, 1, 2]) for _ in range(4)] if killed else [None] * 4
            if killed is not None and sum(n or 0 for n in split) > killed:
                split = [None] * 4
            add_incident(session, day, province=province, district=district, country=country,
                         event_type=rng.choice(TYPES), killed=killed, civilians=split[0], security=split[1],
                         militants=split[2], foreigners=split[3], injured=rng.choice([None, 0, 3]),
                         injured_civilians=rng.choice([None, 1]),
                         groups=tuple(rng.sample(GROUPS, rng.choice([0, 0, 1, 1, 2]))),
                         review_state="rejected" if rng.random() < 0.05 else "unreviewed")
        session.commit()
        yield session


days = st.dates(min_value=FIRST - timedelta(days=40), max_value=LAST + timedelta(days=40))
ends = st.one_of(st.none(), days, days.map(lambda d: d.replace(day=1)),
                 days.map(lambda d: (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)))
others = [Dimension.COUNTRY, Dimension.PROVINCE, Dimension.DISTRICT, Dimension.EVENT_TYPE, Dimension.GROUP,
          Dimension.CATEGORY]
times = [None, Dimension.YEAR, Dimension.QUARTER, Dimension.MONTH]


def several(values: list) -> st.SearchStrategy:
    """Two or three of ``values`` (a filter with several values)."""
    return st.lists(st.sampled_from(values), min_size=2, max_size=3, unique=True).map(tuple)


@st.composite
def tallies(draw):
    start, end = draw(ends), draw(ends)
    if start and end and end < start:
        start, end = end, start
    place = draw(st.sampled_from(PLACES))
    other = draw(st.sampled_from(PLACES))
    selection = Selection(
        date_from=start, date_to=end,
        country=draw(st.sampled_from([None, None, "PK", "AF", ("PK", "AF")])),
        province=draw(st.sampled_from([None, None, None, place[1], (place[1], other[1])])),
        district=draw(st.sampled_from([None, None, None, None, place[0], (place[0], other[0])])),
        event_type=draw(st.sampled_from([None, None, None, *map(EventType, TYPES)]) | several(list(map(EventType, TYPES)))),
        group=draw(st.sampled_from([None, None, None, *GROUPS]) | several(GROUPS)),
        category=draw(st.sampled_from([None, None, None, *VictimCategory]) | several(list(VictimCategory))),
        include_rejected=draw(st.booleans()),
    )
    time = draw(st.sampled_from(times))
    rest = draw(st.lists(st.sampled_from(others), max_size=2, unique=True))
    return selection, ([time] if time else []) + rest


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=tallies())
def test_rollups_and_incidents_give_the_same_table(spread, case):
    selection, by = case
    fast = stats(spread, selection, by).as_dict()
    assert fast == stats(spread, selection, by, use_rollups=False).as_dict()


@pytest.mark.parametrize(("selection", "by"), [
    (Selection(province=("Balochistan", "Khyber Pakhtunkhwa")), ["quarter", "district"]),
    (Selection(date_from=date(2023, 12, 10), date_to=date(2024, 5, 20), event_type=("bombing", "suicide_bombing"),
               country=("PK", "AF")), ["month", "province"]),
    (Selection(district=("Bannu", "Kech", "Kunar")), ["event_type"]),
    (Selection(group=("TTP", "BLA")), ["quarter", "province"]),  # from the incidents: the rollup would count #3 twice
    (Selection(group=("TTP", "HGB"), province=("Khyber Pakhtunkhwa", "Punjab")), ["group"]),
    (Selection(category=("civilians", "security"), date_from=date(2024, 1, 5)), ["province"]),
])
def test_several_values_give_the_same_table_from_the_rollups_and_from_the_incidents(spread, selection, by):
    fast = stats(spread, selection, by)
    assert fast.as_dict() == stats(spread, selection, by, use_rollups=False).as_dict()
    # and the several values add up to what each gives alone where an incident has one value of them
    if not selection.group and not selection.category:
        name = next(n for n in ("province", "district", "event_type") if getattr(selection, n))
        alone = [stats(spread, replace(selection, **{name: (v,)}), by).total for v in getattr(selection, name)]
        assert fast.total.incidents == sum(t.incidents for t in alone) > 0
        assert fast.total.killed == sum(t.killed for t in alone)
