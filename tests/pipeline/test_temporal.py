from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentwatch.models import DatePrecision
from incidentwatch.pipeline.temporal import TemporalContext, find_full_dates, find_temporal
from tests.factories import make_sentence

TUESDAY = date(2024, 5, 14)


@pytest.mark.parametrize(
    ("text", "published", "start", "end", "precision"),
    [
        ("Two soldiers were martyred on Monday.", TUESDAY, date(2024, 5, 13), date(2024, 5, 13), DatePrecision.DAY),
        ("The blast took place on Tuesday.", TUESDAY, TUESDAY, TUESDAY, DatePrecision.DAY),
        ("Police said on Thursday.", date(2022, 5, 6), date(2022, 5, 5), date(2022, 5, 5), DatePrecision.DAY),
        ("He was shot late Sunday night.", TUESDAY, date(2024, 5, 12), date(2024, 5, 12), DatePrecision.DAY),
        ("The attack happened yesterday.", TUESDAY, date(2024, 5, 13), date(2024, 5, 13), DatePrecision.DAY),
        ("The attack happened the day before yesterday.", TUESDAY, date(2024, 5, 12), date(2024, 5, 12), DatePrecision.DAY),
        ("The post was attacked three days ago.", TUESDAY, date(2024, 5, 11), date(2024, 5, 11), DatePrecision.DAY),
        ("On 28 & 29 August, troops engaged the khwarij.", date(2024, 8, 30), date(2024, 8, 28), date(2024, 8, 29), DatePrecision.DAY),
        ("On night 29/30 August, five were killed.", date(2024, 8, 31), date(2024, 8, 29), date(2024, 8, 30), DatePrecision.DAY),
        ("The post was attacked last Tuesday.", TUESDAY, date(2024, 5, 7), date(2024, 5, 7), DatePrecision.DAY),
        ("The post was attacked last Sunday.", TUESDAY, date(2024, 5, 12), date(2024, 5, 12), DatePrecision.DAY),
        ("It happened in March 2024.", None, date(2024, 3, 1), date(2024, 3, 31), DatePrecision.MONTH),
        ("It happened on March 3.", TUESDAY, date(2024, 3, 3), date(2024, 3, 3), DatePrecision.DAY),
        ("It happened on December 30.", date(2025, 1, 2), date(2024, 12, 30), date(2024, 12, 30), DatePrecision.DAY),
        ("Figures for the second quarter of 2024 were out.", None, date(2024, 4, 1), date(2024, 6, 30), DatePrecision.QUARTER),
        ("In Q3 2023 violence rose.", None, date(2023, 7, 1), date(2023, 9, 30), DatePrecision.QUARTER),
        ("Last year, the toll rose.", TUESDAY, date(2023, 1, 1), date(2023, 12, 31), DatePrecision.YEAR),
        ("This year the toll rose.", TUESDAY, date(2024, 1, 1), date(2024, 12, 31), DatePrecision.YEAR),
        ("Last month was the deadliest.", date(2025, 3, 6), date(2025, 2, 1), date(2025, 2, 28), DatePrecision.MONTH),
        ("Attacks in the first half of 2024 rose.", None, date(2024, 1, 1), date(2024, 6, 30), None),
        ("During the initial quarter of 2024, violence rose.", None, date(2024, 1, 1), date(2024, 3, 31), DatePrecision.QUARTER),
        ("From December 2014 till date, 1086 were killed.", date(2017, 8, 19), date(2014, 12, 1), date(2017, 8, 19), None),
        ("Since March 2023, 40 attacks took place.", date(2024, 5, 14), date(2023, 3, 1), date(2024, 5, 14), None),
    ],
)
def test_temporal_resolves_against_the_publication_date(text, published, start, end, precision):
    found = find_temporal(make_sentence(text), TemporalContext(published=published, anchor=None))
    resolved = [t for t in found if t.range_start is not None]
    assert resolved, f"nothing resolved in {text!r}"
    assert (resolved[0].range_start, resolved[0].range_end, resolved[0].precision) == (start, end, precision)


def test_temporal_leaves_relative_days_unresolved_without_a_publication_date():
    found = find_temporal(make_sentence("Price said on Thursday."), TemporalContext(published=None, anchor=date(2022, 5, 5)))
    assert [t.range_start for t in found] == [None]


def test_temporal_reads_this_year_in_just_four_months_as_january_to_april():
    sentence = make_sentence("This year, over 132 security personnel have been in just four months in 112 incidents.")
    found = find_temporal(sentence, TemporalContext(published=None, anchor=date(2022, 5, 5)))
    periods = [t for t in found if t.kind == "period"]
    assert (periods[0].range_start, periods[0].range_end) == (date(2022, 1, 1), date(2022, 4, 30))
    assert sentence.text[periods[0].start:periods[0].end] == periods[0].text


def test_temporal_since_2015_is_an_open_period_to_the_reference_date():
    found = find_temporal(make_sentence("For the first time since 2015, the group is back."), TemporalContext(published=TUESDAY, anchor=None))
    assert (found[0].kind, found[0].range_start, found[0].range_end) == ("since", date(2015, 1, 1), TUESDAY)


def test_temporal_resolves_this_year_without_a_date_from_the_last_year_named():
    ctx = TemporalContext(published=None, anchor=None)
    find_temporal(make_sentence("During the second quarter of 2024, 380 died."), ctx)
    found = find_temporal(make_sentence("During the second quarter of this year, 65 soldiers died."), ctx)
    assert (found[0].range_start, found[0].range_end) == (date(2024, 4, 1), date(2024, 6, 30))


def test_find_full_dates_reads_a_caption_date():
    assert find_full_dates("Ned Price at May 5, 2022 press briefing.") == [date(2022, 5, 5)]


WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@given(published=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)), weekday=st.sampled_from(WEEKDAYS))
def test_a_past_weekday_never_resolves_after_the_publication_date(published, weekday):
    found = find_temporal(make_sentence(f"Gunmen attacked a post on {weekday}."), TemporalContext(published=published, anchor=None))
    assert found[0].range_start is not None
    assert published - found[0].range_start < __import__("datetime").timedelta(days=7)
    assert found[0].range_start <= published


@pytest.mark.parametrize("published", [date(1, 1, 1), date(9999, 12, 31), date(1900, 1, 1), date(2100, 12, 31)])
@pytest.mark.parametrize("text", ["It happened yesterday, on Monday, last month, over the past 999 years, this year.",
                                  "In the last quarter of last year and since 2015, in December."])
def test_dates_at_the_edges_stay_in_the_window_and_never_raise(published, text):
    for mention in find_temporal(make_sentence(text), TemporalContext(published=published, anchor=None)):
        for day in (mention.range_start, mention.range_end):
            assert day is None or date(1900, 1, 1) <= day <= date(2100, 12, 31)


def test_a_month_named_after_from_without_till_date_stays_a_month():
    found = find_temporal(make_sentence("Attacks rose from March 2023 to the end of the year."), TemporalContext(published=TUESDAY, anchor=None))
    assert [(t.kind, t.range_start, t.range_end) for t in found][0] == ("point", date(2023, 3, 1), date(2023, 3, 31))


def test_the_past_month_is_the_calendar_month_before_the_publications():
    ctx = TemporalContext(published=date(2024, 6, 6), anchor=None)
    found = find_temporal(make_sentence("Forces carried out 3,870 operations in the past month."), ctx)
    assert [(t.range_start, t.range_end) for t in found] == [(date(2024, 5, 1), date(2024, 5, 31))]


def test_the_january_june_period_is_the_first_half():
    ctx = TemporalContext(published=date(2024, 7, 14), anchor=None)
    found = find_temporal(make_sentence("2,310 civilians were wounded in the January-June period."), ctx)
    assert [(t.range_start, t.range_end) for t in found] == [(date(2024, 1, 1), date(2024, 6, 30))]


def test_the_previous_year_does_not_move_the_year_a_later_last_year_counts_from():
    ctx = TemporalContext(published=None, anchor=None)
    find_temporal(make_sentence("Terrorist attacks fell sharply in 2019."), ctx)
    previous = find_temporal(make_sentence("They were down by 13 percent compared to the previous year."), ctx)
    later = find_temporal(make_sentence("Kidnappings dropped as compared to last year."), ctx)
    assert [t.range_start.year for t in previous + later] == [2018, 2018]


def test_a_day_without_a_year_takes_the_year_written_before_it_when_there_is_no_publication_date():
    from incidentwatch.models import Sentence
    from incidentwatch.pipeline.temporal import dated_years

    text = "Operations have gone on since 20 August 2024. On August 28, twelve militants were killed."
    ctx = TemporalContext(published=None, anchor=None, dated_years=dated_years(text))
    second = text.index("On August")
    found = find_temporal(Sentence(start=second, end=len(text), text=text[second:], paragraph=0, index=1), ctx)
    assert [t.range_start for t in found] == [date(2024, 8, 28)]


def test_a_year_written_only_after_the_day_does_not_date_it():
    from incidentwatch.models import Sentence
    from incidentwatch.pipeline.temporal import dated_years

    text = "The bank was bombed on Feb 11. Last year in March 2024, a similar attack struck Kandahar."
    ctx = TemporalContext(published=None, anchor=None, dated_years=dated_years(text))
    first = text.index(".") + 1
    found = find_temporal(Sentence(start=0, end=first, text=text[:first], paragraph=0, index=0), ctx)
    assert [t.range_start for t in found if t.precision is DatePrecision.DAY] == [None]
