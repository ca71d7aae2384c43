"""build_report() against figures worked out by hand from ``known_articles`` (see its docstring)."""

from __future__ import annotations

from datetime import date

import pytest

from incidentwatch.analytics.periods import parse_period
from incidentwatch.analytics.selection import Selection, SelectionError
from incidentwatch.analytics.stats import Figures
from incidentwatch.report.build import DEADLIEST, TABLE_ROWS, build_report, latest_quarter
from tests.analytics.builders import add_incident
from tests.report.known import build_known


@pytest.fixture()
def known(tmp_path):
    store = build_known(str(tmp_path / "known.db"))
    with store.sessions() as session:
        yield session
    store.close()


def keyed(report_table) -> dict[str, tuple[int, int, int]]:
    return {r.keys[0]: (r.figures.incidents, r.figures.killed, r.figures.injured) for r in report_table.rows}


def test_a_quarter_adds_up_to_the_hand_counted_figures_on_sqlite_and_postgresql(db_url):
    store = build_known(db_url)
    try:
        with store.sessions() as session:
            report = build_report(session, parse_period("2024Q2"))
    finally:
        store.close()
    assert report.total.total == Figures(incidents=3, killed=19, killed_civilians=9, killed_security=7, injured=22)
    assert report.total.total.killed_unspecified == 3
    assert report.total.previous_total == Figures(incidents=1, killed=2, killed_civilians=2)
    assert report.total.total_change("killed").delta == 17
    provinces = report.tables[0]
    assert keyed(provinces) == {"Balochistan": (1, 12, 15), "Khyber Pakhtunkhwa": (2, 7, 7), "Punjab": (0, 0, 0)}
    balochistan = provinces.rows[0]
    assert balochistan.share["killed"] == pytest.approx(100 * 12 / 19)
    assert provinces.rows[2].change("incidents").delta == -1  # Punjab had the Q1 incident
    assert provinces.previous_label == "2024Q1"


def test_the_last_day_of_a_quarter_is_in_it_and_the_next_day_in_the_next(known):
    q2 = build_report(known, parse_period("2024Q2"))
    assert "Peshawar (Khyber Pakhtunkhwa)" in keyed(q2.tables[1])  # 2024-06-30
    assert "Kech (Balochistan)" not in keyed(q2.tables[1])
    q3 = build_report(known, parse_period("2024Q3"))
    assert q3.total.total == Figures(incidents=1, killed=1, killed_civilians=1)  # only 2024-07-01
    assert keyed(q3.tables[1]) == {"Kech (Balochistan)": (1, 1, 0), "Quetta (Balochistan)": (0, 0, 0),
                                   "Bannu (Khyber Pakhtunkhwa)": (0, 0, 0), "Peshawar (Khyber Pakhtunkhwa)": (0, 0, 0)}
    assert q3.deadliest[0].date == date(2024, 7, 1)


def test_a_toll_revised_upward_counts_the_later_figure_and_lists_both_reports(known):
    report = build_report(known, parse_period("2024Q2"))
    quetta = report.deadliest[0]
    assert (quetta.place, quetta.killed, quetta.injured) == ("Quetta, Balochistan", 12, 15)
    assert quetta.split == (("civilians", 9), ("security forces", 3))
    assert quetta.revised
    first, second = quetta.sources
    assert (first.outlet, first.published, first.killed, first.injured) == ("Quetta Times", date(2024, 5, 3), 8, 10)
    assert (second.outlet, second.published, second.killed) == ("Kabul Ledger", date(2024, 5, 4), 12)
    assert second.url == "https://news.example.org/b2" and second.title == "Report b2"
    assert second.evidence.startswith("QUETTA: The toll of Friday's suicide blast rose to 12")
    assert quetta.estimate.startswith("best 12 (") and quetta.estimate.endswith("reports ranged 8–12")


def test_the_deadliest_come_in_order_of_deaths_with_their_sources(known):
    report = build_report(known, parse_period("2024Q2"))
    assert [(d.place, d.killed) for d in report.deadliest] == [
        ("Quetta, Balochistan", 12), ("Bannu, Khyber Pakhtunkhwa", 4), ("Peshawar, Khyber Pakhtunkhwa", 3)]
    bannu = report.deadliest[1]
    assert not bannu.revised and bannu.event_type == "armed assault"
    assert [(s.outlet, s.published, s.evidence) for s in bannu.sources] == [
        ("Test Outlet", date(2024, 4, 11), "BANNU: Four policemen were martyred and two injured in an attack on a checkpost.")]


def test_deaths_with_no_category_split_are_counted_as_not_split(known):
    report = build_report(known, parse_period("2024Q2"))
    categories = keyed(report.tables[2])
    assert categories["civilians"][1] == 9 and categories["security"][1] == 7
    assert categories["unspecified"] == (3, 3, 22)  # every incident left some injured unsplit; 3 deaths
    assert report.deadliest[2].split == (("not split", 3),)
    assert report.coverage.without_split == 3
    assert any("the other 3 were" in s for s in report.summary)


def test_the_summary_is_written_from_the_figures(known):
    summary = build_report(known, parse_period("2024Q2")).summary
    assert summary[0] == "19 people were killed and 22 injured in 3 incidents in 2024Q2."
    assert "Balochistan and Khyber Pakhtunkhwa accounted for all deaths and all incidents." in summary
    assert "Deaths rose by 850 percent compared with 2024Q1." in summary
    assert ("Of those killed, 9 were civilians and 7 members of the security forces; the reports did not say who "
            "the other 3 were.") in summary
    assert ("The deadliest incident was a suicide bombing in Quetta, Balochistan on 2024-05-03, in which 12 people "
            "were killed.") in summary


def test_the_month_chart_has_one_column_per_month_of_the_period(known):
    report = build_report(known, parse_period("2024Q2"))
    month_chart = report.charts[0]
    assert month_chart.title == "Deaths by month, by victim category"
    for column in ("2024-04: 4", "2024-05: 12", "2024-06: 3"):
        assert column in month_chart.svg
    year = build_report(known, parse_period("2024"))
    assert year.charts[0].svg.count("2024-") >= 12 and "2024-02: 0" in year.charts[0].svg
    one_month = build_report(known, parse_period("2024-05"))
    assert one_month.charts[0].title == "Deaths by week, by victim category"


def test_an_empty_month_gives_a_report_that_says_there_is_no_data(known):
    report = build_report(known, parse_period("2024-02"))
    assert report.is_empty
    assert report.summary == ("There is no data for 2024-02: no incident matches 2024-02.",)
    assert report.charts == () and report.map is None and report.deadliest == ()
    assert report.coverage.articles_in_period == 0 and report.coverage.articles_total == 6
    assert report.coverage.months_without_articles == ("2024-02",)
    assert report.ledger.is_empty


def test_a_range_is_compared_with_the_same_length_before_it(known):
    report = build_report(known, parse_period("2024-04..2024-05"))
    assert report.total.total.incidents == 2 and report.total.total.killed == 16
    assert report.total.previous_period.start == date(2024, 2, 1)
    assert report.total.previous_total.incidents == 0


def test_coverage_counts_articles_outlets_versions_and_what_incidents_lack(known):
    coverage = build_report(known, parse_period("2024Q2")).coverage
    assert (coverage.articles_in_period, coverage.articles_total, coverage.reports_in_period) == (4, 6, 4)
    assert [(o.label, o.count) for o in coverage.outlets] == [("Test Outlet", 2), ("Kabul Ledger", 1),
                                                              ("Quetta Times", 1)]
    assert [(v.label, v.count) for v in coverage.extractor_versions] == [("test-1", 4)]
    assert [(s.label, s.count) for s in coverage.review_states] == [("unreviewed", 3)]
    assert (coverage.without_coordinates, coverage.without_district, coverage.undated_incidents) == (1, 0, 0)
    assert (coverage.first_published, coverage.last_published) == (date(2024, 1, 21), date(2024, 7, 2))
    assert not coverage.beyond_coverage
    assert build_report(known, parse_period("2024")).coverage.beyond_coverage  # articles end on 2 July


def test_the_ledger_compares_the_published_figure_with_our_count(known):
    report = build_report(known, parse_period("2024Q2"))
    (group,) = report.ledger.groups
    (entry,) = group.entries
    assert (group.region, entry.source, entry.value, entry.qualifier, group.own.value) == ("Pakistan", "CRSS", 20,
                                                                                          "at_least", 19)
    assert entry.evidence.startswith("TURBAT: A teacher was shot dead")
    assert report.ledger_note == ""


def test_filters_narrow_every_part_and_the_ledger_keeps_only_place_filters(known):
    from incidentwatch.models import EventType

    report = build_report(known, parse_period("2024Q2"), Selection(province="Balochistan"))
    assert report.total.total.incidents == 1 and report.total.total.killed == 12
    assert [d.place for d in report.deadliest] == ["Quetta, Balochistan"]
    assert report.ledger.is_empty  # CRSS counted Pakistan, not Balochistan
    typed = build_report(known, parse_period("2024Q2"), Selection(event_type=EventType.BOMBING))
    assert typed.total.total.killed == 3
    assert "type" in typed.ledger_note and not typed.ledger.is_empty


def test_a_selection_whose_dates_miss_the_period_is_refused(known):
    with pytest.raises(SelectionError, match="does not overlap"):
        build_report(known, parse_period("2024Q2"), Selection(date_from=date(2024, 8, 1)))


def test_the_latest_quarter_is_that_of_the_latest_incident(known):
    assert latest_quarter(known).label == "2024Q3"


def test_long_lists_are_cut_and_summed_into_one_row(tmp_path):
    store = build_known(str(tmp_path / "many.db"), articles=[])
    with store.sessions() as session:
        for i in range(TABLE_ROWS + 5):
            add_incident(session, date(2024, 5, 1), district=f"District {i:02d}", killed=i + 1)
        add_incident(session, date(2024, 5, 2), district="District 99", killed=50, review_state="rejected")
        session.commit()
        report = build_report(session, parse_period("2024Q2"))
        districts = report.tables[1]
        assert len(districts.rows) == TABLE_ROWS and districts.hidden == 5
        assert districts.other == sum((r.figures for r in districts.table.rows[TABLE_ROWS:]), Figures())
        assert districts.other.killed == 1 + 2 + 3 + 4 + 5
        assert len(report.deadliest) == DEADLIEST and report.deadliest[0].killed == TABLE_ROWS + 5
        assert report.coverage.rejected == 1 and report.total.total.incidents == TABLE_ROWS + 5
        assert report.deadliest[0].sources == ()  # inserted without articles
    store.close()
