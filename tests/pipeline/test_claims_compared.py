"""Claims of the fourth round of real statistical pages (issue 12): compared periods, months as
subjects and in lists, a paragraph's province, KP's parts, victims named with a bare toll, and
figures stated for each of several places. Texts are our own."""

from __future__ import annotations

from datetime import date

import pytest

from incidentwatch.extraction import to_result
from incidentwatch.models import Metric, Unit
from incidentwatch.pipeline.claim_periods import subject_month_periods
from incidentwatch.pipeline.sentences import split_sentences
from tests.factories import make_article, make_sentence

LEAD = "ISLAMABAD: The think tank released its review of militant violence in the country on Monday. "


def _claims(pipeline, text: str, published: date | None = None):
    return to_result(pipeline(make_article(LEAD + text, published=published))).claims


def _by_value(claims):
    return {(c.value, c.unit): c for c in claims}


def test_a_change_takes_its_own_period_not_the_one_it_is_compared_with(pipeline):
    text = ("The Centre for Research and Security Studies (CRSS) counted 540 fatalities in the second quarter of 2025, "
            "down from 740 deaths in the first quarter. Outlaws suffered 294 of the deaths. "
            "Punjab saw a sharp rise in fatalities, up 75 percent, from 12 in Q1 to 21 in Q2.")
    got = _by_value(_claims(pipeline, text, date(2025, 7, 2)))
    assert (got[740, Unit.COUNT].period.start, got[740, Unit.COUNT].period.end) == ("2025-01-01", "2025-03-31")
    # the period named in the comparison ("down from ... in the first quarter") is not carried on
    assert got[294, Unit.COUNT].period.start == "2025-04-01"
    assert got[75, Unit.PERCENT_CHANGE].period.start == "2025-04-01"
    assert got[12, Unit.COUNT].period.end == "2025-03-31" and got[21, Unit.COUNT].period.end == "2025-06-30"


def test_in_comparison_opens_a_compared_figure(pipeline):
    text = ("Between January and November 2025, the country recorded 3,187 deaths, the Centre for Research and Security "
            "Studies (CRSS) said. In comparison, 2024 saw 2,546 deaths, indicating a nearly 20 percent rise.")
    got = _by_value(_claims(pipeline, text, date(2025, 12, 5)))
    assert got[2546, Unit.COUNT].period.start == "2024-01-01"
    assert (got[20, Unit.PERCENT_CHANGE].period.start, got[20, Unit.PERCENT_CHANGE].period.end) == ("2025-01-01", "2025-11-30")


def test_a_month_that_is_a_clause_subject_is_a_period():
    sentence = make_sentence("February had witnessed 52 attacks, while August saw 24 militants killed.")
    got = subject_month_periods(sentence, [], last_period=None, published=date(2024, 4, 1))
    assert [(t.text, t.range_start, t.range_end) for t in got] == [
        ("February", date(2024, 2, 1), date(2024, 2, 29)), ("August", date(2023, 8, 1), date(2023, 8, 31))]


def test_may_the_modal_is_no_month():
    assert subject_month_periods(make_sentence("Attacks may witnessed a rise."), [], last_period=None, published=date(2024, 4, 1)) == []


def test_a_month_list_gives_each_month_its_figure(pipeline):
    text = ("The Pakistan Institute for Conflict and Security Studies (PICSS) recorded 41 militant attacks in March 2024. "
            "January witnessed 58 attacks, February 52 and March 41.")
    got = {(c.value, c.period.start) for c in _claims(pipeline, text, date(2024, 4, 1)) if c.metric is Metric.ATTACKS}
    assert got == {(41, "2024-03-01"), (58, "2024-01-01"), (52, "2024-02-01")}


def test_from_a_to_b_runs_from_the_earlier_month_to_the_later(pipeline):
    text = ("The Pakistan Institute for Conflict and Security Studies (PICSS) released its March 2024 figures. "
            "In the tribal districts, six attacks took place in March against 14 in February, while deaths declined from 19 to seven.")
    got = {c.value: c.period.start for c in _claims(pipeline, text, date(2024, 4, 1)) if c.metric is Metric.KILLED}
    assert got == {19: "2024-02-01", 7: "2024-03-01"}


def test_a_paragraph_about_one_province_keeps_it(pipeline):
    text = ("The Pakistan Institute for Conflict and Security Studies (PICSS) published its October 2024 figures.\n\n"
            "Mainland KP saw a clear rise in militant activity during the month. The militants carried out 24 attacks in "
            "the province, in which 31 people were killed.\n\n"
            "In the tribal districts of KP (formerly FATA), 11 militant attacks were reported, leading to nine deaths.")
    got = {c.value: c.region.name for c in _claims(pipeline, text, date(2024, 11, 2))}
    assert got[24] == got[31] == "Mainland KP"
    assert got[11] == got[9] != "Khyber Pakhtunkhwa"


def test_a_new_statement_of_the_report_does_not_take_the_province(pipeline):
    text = ("The Pak Institute for Peace Studies (PIPS) counted 163 attacks across the country between July and September 2025.\n\n"
            "According to the figures, Khyber Pakhtunkhwa alone saw 102 attacks. The review also noted that suicide "
            "bombers struck seven times in the quarter.")
    got = {c.value: c.region.name for c in _claims(pipeline, text, date(2025, 10, 6))}
    assert got[102] == "Khyber Pakhtunkhwa" and got[7] == "Pakistan"


@pytest.mark.parametrize("sentence, value, metric", [
    ("The think tank counted 512 fatalities in the third quarter of 2024, compared to 294 fatalities among outlaws.", 294, Metric.KILLED_MILITANTS),
    ("The report counted 512 fatalities in the third quarter of 2024, 231 of whom were militants.", 231, Metric.KILLED_MILITANTS),
    ("In the third quarter of 2024, civilians faced 96 terror attacks, resulting in 187 injuries.", 187, Metric.INJURED_CIVILIANS),
    ("In the third quarter of 2024, civilians and security personnel together suffered 246 deaths.", 246, Metric.KILLED),
])
def test_a_bare_toll_takes_the_one_group_named_with_it(pipeline, sentence, value, metric):
    text = "The Centre for Research and Security Studies (CRSS) released its quarterly report. " + sentence
    got = {c.value: c.metric for c in _claims(pipeline, text, date(2024, 10, 2)) if c.unit is Unit.COUNT}
    assert got[value] is metric


def test_injuries_of_outlaws_are_no_claim(pipeline):
    text = ("The Centre for Research and Security Studies (CRSS) released its quarterly report. "
            "In the third quarter of 2024, outlaws were targeted in 64 operations, suffering 22 injuries.")
    assert {c.value for c in _claims(pipeline, text, date(2024, 10, 2))} == {64}


def test_coordinated_drops_and_rising_shares(pipeline):
    text = ("The Centre for Research and Security Studies (CRSS) said Khyber Pakhtunkhwa and Balochistan recorded a 21% and "
            "35% drop in violence respectively in the third quarter of 2024. The proportion of fatalities among militant "
            "groups rose from 38% in the second quarter to 45% in the third quarter.")
    got = {(c.value, c.unit) for c in _claims(pipeline, text, date(2024, 10, 2))}
    assert {(-21, Unit.PERCENT_CHANGE), (-35, Unit.PERCENT_CHANGE), (38, Unit.PERCENT_OF_TOTAL), (45, Unit.PERCENT_OF_TOTAL)} <= got


def test_a_figure_stated_for_each_place_is_every_place_s(pipeline):
    text = ("The Pak Institute for Peace Studies (PIPS) counted 35 terrorist attacks in Khyber Pakhtunkhwa in October 2024, "
            "nine in Balochistan, and two each in Punjab and Sindh.")
    got = {(c.value, c.region.name) for c in _claims(pipeline, text, date(2024, 11, 9))}
    assert {(2, "Punjab"), (2, "Sindh")} <= got


def test_thwarted_plots_do_not_void_the_figures_beside_them_and_the_praised_fallen_are_soldiers(pipeline):
    text = ("The ISPR director general said security forces thwarted dozens of plots in 2023, with 611 terrorists eliminated "
            "in various operations. He said 262 brave officers and soldiers embraced martyrdom during the year.")
    got = {c.value: c.metric for c in _claims(pipeline, text, date(2023, 12, 28))}
    assert got == {611: Metric.KILLED_MILITANTS, 262: Metric.KILLED_SECURITY}


def test_a_single_attack_told_on_a_figures_page_is_no_claim(pipeline):
    text = ("The Pak Institute for Peace Studies (PIPS) counted nine attacks in Balochistan in October 2024. "
            "Most of these deaths resulted from a single attack in Duki that claimed the lives of 21 mine workers.")
    assert 21 not in {c.value for c in _claims(pipeline, text, date(2024, 11, 9))}


def test_list_items_and_stops_run_into_the_next_word_end_sentences():
    text = "Attacks rose by 40%.The report said so.\n- Civilians faced 96 attacks.\n- Security personnel faced 83."
    assert [s.text for s in split_sentences(text)] == [
        "Attacks rose by 40%.", "The report said so.", "- Civilians faced 96 attacks.", "- Security personnel faced 83."]


def test_places_of_examples_are_not_the_figures_region(pipeline):
    text = ("The Pak Institute for Peace Studies (PIPS) released its October 2024 report. The 35 recorded attacks in KPK "
            "included several major incidents in Bannu, Kurram and Orakzai, resulting in 64 deaths and 40 injuries.")
    got = {c.value: c.region.name for c in _claims(pipeline, text, date(2024, 11, 9))}
    assert got[64] == got[40] == "Khyber Pakhtunkhwa"
