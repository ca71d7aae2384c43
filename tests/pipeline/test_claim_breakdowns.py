"""A toll broken down by victim category (pipeline/claim_breakdowns.py), through the whole pipeline."""

from datetime import date

import pytest

from incidentwatch.extraction import to_result
from incidentwatch.models import Metric
from tests.factories import make_article

LEAD = "The Pakistan Institute for Conflict and Security Studies (PICSS) said in its monthly report that {}"


@pytest.fixture(scope="module")
def claims_of(pipeline):
    def _claims(text, published=date(2025, 9, 1)):
        return {(c.metric, c.value) for c in to_result(pipeline(make_article(text, published=published))).claims}

    return _claims


def test_total_deaths_included_gives_each_category(claims_of):
    got = claims_of(LEAD.format("186 people were killed in August. Total deaths included 98 militants, "
                                "50 security personnel and 38 civilians."))
    assert {(Metric.KILLED_MILITANTS, 98), (Metric.KILLED_SECURITY, 50), (Metric.KILLED_CIVILIANS, 38)} <= got


def test_the_security_forces_parts_are_summed_and_injured_read_from_the_cue(claims_of):
    got = claims_of(LEAD.format("124 attacks took place in August.\n\nAmong those killed in the attacks in the month were "
                                "91 civilians, 54 policemen, two FC troops, eight army soldiers and 15 militants. Those "
                                "injured included 231 civilians, 72 policemen, one Levies person and two FC troops."))
    assert {(Metric.KILLED_CIVILIANS, 91), (Metric.KILLED_SECURITY, 64), (Metric.KILLED_MILITANTS, 15),
            (Metric.INJURED_CIVILIANS, 231), (Metric.INJURED_SECURITY, 75)} <= got
    assert (Metric.KILLED_SECURITY, 54) not in got and (Metric.INJURED_SECURITY, 2) not in got


def test_a_tolls_parts_after_including_and_a_list_with_an_unnumbered_person(claims_of):
    got = claims_of(LEAD.format("militants carried out 84 attacks in August, killing at least 97 people — including 49 "
                                "security personnel and 36 civilians. The violence claimed the lives of 55 security "
                                "personnel, 29 civilians, a peace committee member, and 24 militants."))
    assert {(Metric.KILLED, 97), (Metric.KILLED_SECURITY, 49), (Metric.KILLED_CIVILIANS, 36), (Metric.KILLED_SECURITY, 55),
            (Metric.KILLED_CIVILIANS, 29), (Metric.KILLED_MILITANTS, 24)} <= got


def test_a_list_whose_verb_follows_an_aside_keeps_the_countrys_region(pipeline):
    text = LEAD.format("141 militants were killed in August, while 51 security personnel and 37 civilians, including "
                       "a tribal elder in Bajaur, lost their lives.")
    claims = to_result(pipeline(make_article(text, published=date(2025, 9, 1)))).claims
    got = {(c.metric, c.value): c.region.name for c in claims}
    assert got[(Metric.KILLED_SECURITY, 51)] == got[(Metric.KILLED_CIVILIANS, 37)] == "Pakistan"  # not Bajaur


def test_injured_militants_lumped_casualties_and_parts_of_no_category_are_no_claim(claims_of):
    got = claims_of(LEAD.format("88 security personnel, 52 civilians and 19 militants sustained injuries in August. "
                                "It noted a 6 per cent decline in overall casualties. Among the fatalities of militant "
                                "attacks were 12 militants and two peace committee members."))
    values = {v for _, v in got}
    assert {88, 52, 12} <= values and not {19, 6, 2} & values


def test_out_of_the_dead_each_part_with_its_own_were(claims_of):
    got = claims_of(LEAD.format("Balochistan saw 9 armed attacks in May 2018 resulting in the loss of 17 lives. Out of "
                                "the 17 individuals who lost their lives in the attacks, 10 were members of the security "
                                "forces, and 7 were civilians. Another 23 people sustained injuries, comprising of 21 "
                                "civilians and 2 security personnel."), published=date(2018, 6, 8))
    assert {(Metric.KILLED_SECURITY, 10), (Metric.KILLED_CIVILIANS, 7), (Metric.INJURED_CIVILIANS, 21),
            (Metric.INJURED_SECURITY, 2)} <= got


def test_a_quoted_category_before_its_verb_and_more_verbs_of_death(claims_of):
    got = claims_of('The ISPR said security forces conducted 59,775 operations this year during which "925 terrorists" '
                    "were killed.", published=date(2024, 12, 30))
    assert (Metric.KILLED_MILITANTS, 925) in got


def test_categories_before_a_verb_of_death_the_noun_was_read_into(claims_of):
    got = claims_of("The CRSS annual report said 444 attacks took place in 2024.\n\nIn all, 685 security personnel and "
                    "120 civilians laid down their lives during the year, while 934 outlaws were eliminated.",
                    published=date(2025, 1, 1))
    assert {(Metric.KILLED_SECURITY, 685), (Metric.KILLED_CIVILIANS, 120), (Metric.KILLED_MILITANTS, 934)} <= got


def test_a_total_before_its_parts_takes_the_verbs_toll(claims_of):
    got = claims_of("QUETTA: This year, 145 people including 75 security personnel embraced martyrdom in 190 attacks in "
                    "the province, according to figures released by the home department.", published=date(2019, 12, 24))
    assert {(Metric.KILLED, 145), (Metric.KILLED_SECURITY, 75), (Metric.ATTACKS, 190)} <= got


def test_a_figure_of_the_dead_names_its_people_after_were(claims_of):
    got = claims_of(LEAD.format("130 people were killed in August. 9 of the dead were policemen and 21 of the injured "
                                "were soldiers. 5 of the injured were in a critical condition."))
    assert {(Metric.KILLED, 130), (Metric.KILLED_SECURITY, 9), (Metric.INJURED_SECURITY, 21)} <= got
    assert (Metric.KILLED, 9) not in got and (Metric.INJURED, 5) not in got


def test_people_among_the_dead_are_a_part_of_the_toll(claims_of):
    got = claims_of(LEAD.format("130 people were killed in August. 44 policemen were among the dead, and 12 children "
                                "were among the injured."))
    assert {(Metric.KILLED_SECURITY, 44), (Metric.INJURED_CIVILIANS, 12)} <= got
