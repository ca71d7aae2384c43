"""stats() on SQLite and PostgreSQL against figures added up by hand from ``add_known_incidents``
(the numbers in the comments there)."""

from __future__ import annotations

from datetime import date

import pytest

from incidentwatch.analytics.periods import parse_period
from incidentwatch.analytics.selection import Selection
from incidentwatch.analytics.stats import (
    Change,
    DimensionError,
    Figures,
    parse_dimension,
    parse_dimensions,
    stats,
)
from incidentwatch.models import Toll, VictimCategory
from incidentwatch.store import Store
from tests.analytics.builders import add_incident, add_known_incidents, opened
from tests.factories import make_extracted, make_incident

Q1 = parse_period("2024Q1")
Q2 = parse_period("2024Q2")
YEAR = parse_period("2024")


def within(period, **filters) -> Selection:
    return Selection(date_from=period.start, date_to=period.last, **filters)


def killed(table) -> list[tuple]:
    return [(*r.keys, r.figures.incidents, r.figures.killed) for r in table.rows]


@pytest.fixture()
def known(db_url):
    with opened(db_url) as session:
        add_known_incidents(session)
        yield session


def test_a_quarter_totals_its_incidents_and_compares_with_the_quarter_before(known):
    table = stats(known, within(Q2))
    assert table.total == Figures(incidents=5, killed=6, killed_civilians=4, killed_security=2, injured=5, injured_civilians=2)
    assert (table.total.killed_unspecified, table.total.injured_unspecified) == (0, 3)
    assert table.period.label == "2024Q2" and table.previous_period.label == "2024Q1"
    assert table.previous_total == Figures(incidents=2, killed=14, killed_civilians=7, killed_security=5, killed_militants=1,
                                           injured=26, injured_civilians=6)
    assert table.previous_total.killed_unspecified == 1
    change = table.total_change("killed")
    assert (change.previous, change.delta) == (14, -8)
    assert change.percent == pytest.approx(-57.142857)
    assert [r.keys for r in table.rows] == [()]  # no dimension: one row, the total


def test_the_last_day_of_a_quarter_is_in_it_and_the_next_day_is_not(known):
    table = stats(known, within(YEAR), ["quarter"])
    assert killed(table) == [("2024Q1", 2, 14), ("2024Q2", 5, 6), ("2024Q3", 1, 5), ("2024Q4", 0, 0)]
    q1, q2, q3, q4 = table.rows
    assert q1.previous == Figures()  # 2023Q4 holds nothing
    assert q1.change("killed") == Change(previous=0, delta=14, percent=None)
    assert q2.change("killed") == Change(previous=14, delta=-8, percent=pytest.approx(-57.142857))
    assert q3.change("killed") == Change(previous=6, delta=-1, percent=pytest.approx(-16.666667))
    assert q4.change("killed") == Change(previous=5, delta=-5, percent=-100.0)  # an empty quarter is a row of zeros
    assert table.total == Figures(incidents=8, killed=25, killed_civilians=11, killed_security=7, killed_militants=1,
                                  killed_foreigners=5, injured=31, injured_civilians=8)
    assert [r.share["killed"] for r in table.rows] == [56.0, 24.0, 20.0, 0.0]
    assert [r.share["incidents"] for r in table.rows] == [25.0, 62.5, 12.5, 0.0]
    assert q1.period == Q1 and not any(r.partial for r in table.rows)
    assert table.previous_period.label == "2023" and table.previous_total == Figures()


def test_months_compare_the_first_with_the_month_before_the_selection(known):
    table = stats(known, within(Q2), ["month"])
    assert killed(table) == [("2024-04", 1, 2), ("2024-05", 2, 3), ("2024-06", 2, 1)]
    assert [r.previous.killed for r in table.rows] == [10, 2, 3]  # March holds the Quetta bombing
    assert [r.figures.injured for r in table.rows] == [0, 3, 2]


def test_iso_weeks_split_sunday_from_monday(known):
    table = stats(known, Selection(date_from=date(2024, 6, 24), date_to=date(2024, 7, 7)), ["week"])
    assert killed(table) == [("2024-W26", 1, 1), ("2024-W27", 1, 5)]
    assert table.rows[0].previous == Figures()
    assert table.period.label == "2024-06-24..2024-07-07" and table.previous_period.label == "2024-06-10..2024-06-23"
    assert table.previous_total.incidents == 1  # 15 June


def test_time_rows_without_dates_cover_the_data_and_the_first_has_no_previous(known):
    table = stats(known, Selection(), ["quarter"])
    assert killed(table) == [("2024Q1", 2, 14), ("2024Q2", 5, 6), ("2024Q3", 1, 5)]
    assert table.rows[0].previous is None and table.rows[1].previous.killed == 14
    assert table.total.incidents == 8  # the undated incident is in no quarter, so not in the total
    assert table.period is None and table.previous_total is None


def test_a_start_without_an_end_still_compares_the_first_period_with_the_one_before(known):
    table = stats(known, Selection(date_from=date(2024, 4, 1)), ["quarter"])
    assert killed(table) == [("2024Q2", 5, 6), ("2024Q3", 1, 5)]
    assert table.rows[0].previous.killed == 14


def test_a_period_the_selection_covers_in_part_is_marked_partial(known):
    table = stats(known, Selection(date_from=date(2024, 5, 15)), ["quarter"])
    assert killed(table) == [("2024Q2", 2, 1), ("2024Q3", 1, 5)]
    assert [r.partial for r in table.rows] == [True, False]
    assert table.rows[0].period == Q2


def test_provinces_rank_by_deaths_with_shares_and_the_same_province_a_quarter_earlier(known):
    table = stats(known, within(Q2), ["province"])
    assert killed(table) == [("Kabul", 1, 3), ("Khyber Pakhtunkhwa", 2, 2), ("Balochistan", 1, 1), ("Punjab", 1, 0)]
    assert [r.previous.killed for r in table.rows] == [0, 4, 10, 0]
    assert [round(r.share["killed"], 2) for r in table.rows] == [50.0, 33.33, 16.67, 0.0]
    assert [r.share["incidents"] for r in table.rows] == [20.0, 40.0, 20.0, 20.0]
    assert [r.share["injured"] for r in table.rows] == [0.0, 40.0, 0.0, 60.0]
    assert table.row("Balochistan").change("killed") == Change(previous=10, delta=-9, percent=-90.0)


def test_without_dates_every_incident_counts_the_undated_one_too(known):
    table = stats(known, Selection(), ["province"])
    assert killed(table) == [("Khyber Pakhtunkhwa", 5, 14), ("Balochistan", 2, 11), ("Kabul", 1, 3), ("Punjab", 1, 0)]
    assert table.total.incidents == 9 and table.total.killed == 28
    assert all(r.previous is None for r in table.rows) and table.previous_total is None


def test_countries_tied_on_deaths_rank_by_incidents(known):
    assert killed(stats(known, within(Q2), ["country"])) == [("PK", 4, 3), ("AF", 1, 3)]


def test_districts_carry_their_province_and_the_unknown_one_comes_last(known):
    table = stats(known, within(Q2), ["district"])
    assert killed(table) == [
        ("Kabul (Kabul)", 1, 3), ("Bannu (Khyber Pakhtunkhwa)", 1, 2), ("Kech (Balochistan)", 1, 1),
        ("Lahore (Punjab)", 1, 0), ("Quetta (Balochistan)", 0, 0), ("unknown (Khyber Pakhtunkhwa)", 1, 0),
    ]
    assert table.row("Quetta (Balochistan)").previous.killed == 10  # active last quarter, quiet now


def test_an_incident_claimed_by_two_groups_counts_in_both_and_once_in_the_total(known):
    table = stats(known, within(Q2), ["group"])
    assert killed(table) == [("ISKP", 1, 3), ("HGB", 1, 2), ("TTP", 1, 2), ("BLA", 0, 0), ("unattributed", 3, 1)]
    assert table.total.incidents == 5 and table.total.killed == 6
    assert sum(r.share["killed"] for r in table.rows) == pytest.approx(100 * 8 / 6)  # 3 + 2 + 2 + 0 + 1 of 6
    assert table.row("TTP").previous.killed == 4 and table.row("BLA").previous.killed == 10


def test_victim_categories_count_the_incidents_each_was_hit_in_and_split_the_toll(known):
    table = stats(known, within(Q2), ["category"])
    rows = {r.keys[0]: r for r in table.rows}
    assert list(rows) == ["civilians", "security", "militants", "foreigners", "unspecified"]
    assert [(r.figures.incidents, r.figures.killed, r.figures.injured) for r in rows.values()] == [
        (3, 4, 2), (1, 2, 0), (0, 0, 0), (0, 0, 0), (1, 0, 3)]
    assert [(r.previous.incidents, r.previous.killed, r.previous.injured) for r in rows.values()] == [
        (2, 7, 6), (2, 5, 0), (1, 1, 0), (0, 0, 0), (2, 1, 20)]
    assert sum(r.figures.killed for r in rows.values()) == table.total.killed
    assert sum(r.figures.injured for r in rows.values()) == table.total.injured
    assert rows["civilians"].figures.killed_civilians == 4 and rows["civilians"].figures.killed_security == 0
    assert round(rows["civilians"].share["killed"], 2) == 66.67


def test_a_category_filter_keeps_to_its_incidents_when_split_by_category(known):
    table = stats(known, within(Q2, category=VictimCategory.CIVILIANS), ["category"])
    assert [(r.keys[0], r.figures.incidents, r.figures.killed) for r in table.rows] == [
        ("civilians", 3, 4), ("security", 0, 0), ("militants", 0, 0), ("foreigners", 0, 0), ("unspecified", 0, 0)]


def test_quarter_and_province_fill_every_province_in_every_quarter_with_shares_of_the_quarter(known):
    half = Selection(date_from=date(2024, 1, 1), date_to=date(2024, 6, 30))
    table = stats(known, half, ["quarter", "province"])
    assert killed(table) == [
        ("2024Q1", "Balochistan", 1, 10), ("2024Q1", "Khyber Pakhtunkhwa", 1, 4), ("2024Q1", "Kabul", 0, 0),
        ("2024Q1", "Punjab", 0, 0), ("2024Q2", "Balochistan", 1, 1), ("2024Q2", "Khyber Pakhtunkhwa", 2, 2),
        ("2024Q2", "Kabul", 1, 3), ("2024Q2", "Punjab", 1, 0),
    ]
    assert table.row("2024Q2", "Khyber Pakhtunkhwa").previous.killed == 4
    assert round(table.row("2024Q2", "Khyber Pakhtunkhwa").share["killed"], 2) == 33.33
    assert round(table.row("2024Q1", "Balochistan").share["killed"], 2) == 71.43
    assert table.previous_period.label == "2023-07-01..2023-12-31"
    flipped = stats(known, half, ["province", "quarter"])
    assert [r.keys for r in flipped.rows][:3] == [("Balochistan", "2024Q1"), ("Balochistan", "2024Q2"),
                                                  ("Khyber Pakhtunkhwa", "2024Q1")]


def test_quarter_and_group_shares_use_the_quarter_total_not_the_sum_of_groups(known):
    table = stats(known, within(Q2), ["quarter", "group"])
    assert round(table.row("2024Q2", "TTP").share["killed"], 2) == 33.33
    assert table.row("2024Q2", "BLA").previous.killed == 10


def test_rejected_incidents_count_only_when_asked_for(known):
    assert stats(known, within(Q2)).total.incidents == 5
    assert stats(known, within(Q2, include_rejected=True)).total.killed == 12


def test_filters_narrow_the_tally(known):
    assert stats(known, within(Q2, province="Khyber Pakhtunkhwa")).total.incidents == 2
    assert stats(known, within(Q2, group="TTP")).total.killed == 2
    assert stats(known, within(Q2, district="Kech")).total.killed == 1
    assert stats(known, within(Q2, country="AF")).total.killed == 3


def test_an_empty_selection_gives_zero_rows_for_its_periods_and_no_rows_for_places(known):
    before = within(parse_period("2023Q1"))
    by_quarter = stats(known, before, ["quarter"])
    assert by_quarter.is_empty and killed(by_quarter) == [("2023Q1", 0, 0)]
    assert by_quarter.rows[0].previous == Figures() and by_quarter.rows[0].share["killed"] is None
    by_province = stats(known, before, ["province"])
    assert by_province.is_empty and by_province.rows == []


def test_a_toll_revised_upward_by_a_later_report_counts_at_its_latest(db_url):
    store = Store.open(db_url)
    try:
        writer = store.writer()
        writer.write(make_extracted("Four killed in Bannu blast.", published=date(2024, 5, 13),
                                    incidents=[make_incident(killed=Toll(total=4, security=4))]))
        writer.write(make_extracted("Toll in Bannu blast rises to seven.", published=date(2024, 5, 14),
                                    incidents=[make_incident(killed=Toll(total=7, security=5))]))
        with store.sessions() as session:
            table = stats(session, within(Q2), ["district"])
            assert killed(table) == [("Bannu (Khyber Pakhtunkhwa)", 1, 7)]
            assert (table.total.killed_security, table.total.killed_unspecified) == (5, 2)
    finally:
        store.close()


def test_incidents_with_no_split_at_all_are_wholly_unspecified(tmp_path):
    with opened(str(tmp_path / "t.db")) as session:
        add_incident(session, date(2024, 5, 1), killed=9, injured=4)
        add_incident(session, date(2024, 5, 2), killed=None, injured=None)  # a toll no report gave
        session.commit()
        table = stats(session, within(Q2), ["category"])
        assert [(r.keys[0], r.figures.incidents, r.figures.killed, r.figures.injured) for r in table.rows] == [
            ("civilians", 0, 0, 0), ("security", 0, 0, 0), ("militants", 0, 0, 0), ("foreigners", 0, 0, 0),
            ("unspecified", 1, 9, 4)]
        assert table.total.incidents == 2


@pytest.mark.parametrize(("text", "expected"), [
    ("quarter", "quarter"), ("Province", "province"), ("type", "event_type"), ("event type", "event_type"),
    ("event-type", "event_type"), ("victim category", "category"), ("victims", "category"), ("group", "group"),
])
def test_dimensions_read_what_an_analyst_types(text, expected):
    assert parse_dimension(text) == expected


@pytest.mark.parametrize(("values", "message"), [
    (["weather"], "dimension 'weather': unknown"),
    (["quarter", "month"], "at most one time dimension"),
    (["province", "province"], "dimension 'province': given twice"),
])
def test_bad_dimensions_are_refused_with_a_clear_message(values, message):
    with pytest.raises(DimensionError, match=message):
        parse_dimensions(values)


def test_the_estimate_adds_up_each_incidents_low_best_or_high_toll(db_url):
    """Bannu: victims 9 (05-13), 18 (05-14, the ISPR, 16 militants), 21 (05-15, residents);
    Quetta: 5 then 4 with a reason. Low 9 + 16 + 4, best 18 + 16 + 4, high 21 + 16 + 5."""
    from incidentwatch.models import Span

    store = Store.open(db_url)
    writer = store.writer()
    quetta = make_incident().location.model_copy(update={"place": "Quetta", "admin2": "Quetta", "admin1": "Balochistan",
                                                         "iso3166_2": "PK-BA", "lat": 30.2, "lon": 67.0})
    for i, (day, victims, militants, text, location) in enumerate([
        (13, 9, None, "Nine killed in Bannu, officials said.", None),
        (14, 18, 16, "Eighteen killed and 16 attackers killed in Bannu, the ISPR said.", None),
        (15, 21, None, "Twenty-one killed in Bannu, residents said.", None),
        (13, 5, None, "Five killed in Quetta, police said.", quetta),
        (14, 4, None, "The toll was revised to four after duplicate names were removed, police said.", quetta),
    ]):
        incident = make_incident(killed=Toll(total=victims + (militants or 0), militants=militants),
                                 evidence=[Span(start=0, end=len(text), text=text)],
                                 **({"location": location} if location else {}))
        writer.write(make_extracted(text, incidents=[incident], source_id=f"e{i}", url=f"https://e{i}.example/",
                                    published=date(2024, 5, day)))
    with store.sessions() as session:
        totals = {e: stats(session, within(Q2), estimate=e).total for e in ("low", "best", "high")}
        assert {e: (t.incidents, t.killed, t.killed_militants) for e, t in totals.items()} == {
            "low": (2, 29, 16), "best": (2, 38, 16), "high": (2, 42, 16)}
        assert stats(session, within(Q2), ["province"], estimate="best").as_dict() == \
            stats(session, within(Q2), ["province"], estimate="best", use_rollups=False).as_dict()
        with pytest.raises(ValueError, match="estimate"):
            stats(session, within(Q2), estimate="median")
    store.close()
