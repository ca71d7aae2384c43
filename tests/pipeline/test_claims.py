from datetime import date

import pytest

from incidentwatch.extraction import to_result
from incidentwatch.models import Metric, Qualifier, Unit
from incidentwatch.pipeline import Pipeline, default_stages
from tests.factories import make_article


@pytest.fixture(scope="module")
def claims_of(small_resources):
    pipe = Pipeline(default_stages(small_resources))

    def _claims(text, published=date(2024, 7, 20)):
        return to_result(pipe(make_article(text, published=published))).claims

    return _claims


def test_claims_read_a_monitors_quarterly_figures(claims_of):
    claims = claims_of(
        "According to a report released by the Center for Research and Security Studies (CRSS), at least 380 people "
        "were killed and 220 injured in 240 incidents in the second quarter of 2024."
    )
    got = {(c.metric, c.unit, c.value, c.qualifier) for c in claims}
    assert got == {
        (Metric.KILLED, Unit.COUNT, 380, Qualifier.AT_LEAST),
        (Metric.INJURED, Unit.COUNT, 220, Qualifier.EXACT),
        (Metric.INCIDENTS, Unit.COUNT, 240, Qualifier.EXACT),
    }
    assert {c.source for c in claims} == {"CRSS"}
    assert {(c.period.start, c.period.end) for c in claims} == {("2024-04-01", "2024-06-30")}


def test_claims_sign_a_percent_change(claims_of):
    claims = claims_of("The CRSS report said overall violence dropped by 12 percent in the second quarter of 2024.")
    assert [(c.unit, c.value) for c in claims] == [(Unit.PERCENT_CHANGE, -12)]


def test_claims_carry_the_source_and_period_within_a_paragraph(claims_of):
    claims = claims_of(
        "The CRSS recorded 432 deaths in the first quarter of 2024. Among them, 75 were soldiers and 40 were policemen.\n\n"
        "Separately, 12 people were reported dead."
    )
    first = claims[0]
    assert (first.source, first.value, first.period.start) == ("CRSS", 432, "2024-01-01")


def test_an_attack_with_a_toll_is_no_claim(claims_of):
    assert claims_of("Four policemen were martyred when militants attacked a checkpost in Bannu on Monday.") == []


@pytest.mark.parametrize("sentence", [
    "Last week, three police officers were killed when militants attacked a checkpost in Bannu.",
    "Last month, two soldiers were martyred after a roadside bomb went off near their vehicle in Bannu.",
])
def test_an_attack_recalled_over_a_period_word_is_no_claim(claims_of, sentence):
    assert claims_of(sentence + " Police have since set up new pickets on the main roads.") == []


def test_claims_take_the_region_a_share_is_of(claims_of):
    claims = claims_of("Khyber Pakhtunkhwa and Balochistan accounted for 92 percent of deaths in 2023, the CRSS said.")
    assert claims[0].region.name == "Khyber Pakhtunkhwa and Balochistan"
    assert (claims[0].unit, claims[0].metric) == (Unit.PERCENT_OF_TOTAL, Metric.KILLED)


# --- document-level attribution (issue 12) ----------------------------------------------------
# with the package's own resources (every monitor, every province)

@pytest.fixture(scope="module")
def full_claims_of(pipeline):
    def _claims(text, published=date(2024, 7, 20)):
        return to_result(pipeline(make_article(text, published=published))).claims

    return _claims


def _by_value(claims):
    return {c.value: c for c in claims}


def test_a_source_named_in_the_lead_carries_to_the_later_figures(full_claims_of):
    claims = _by_value(full_claims_of(
        "The quarterly review released by the Pak Institute for Peace Studies (PIPS) says violence claimed 214 lives "
        "between July and September 2024.\n\n"
        "The think tank recorded 163 terrorist attacks during the quarter.\n\n"
        "According to the figures, Balochistan saw 41 attacks.",
        published=date(2024, 10, 7)))
    assert {v: (c.source, c.period.start, c.period.end) for v, c in claims.items()} == {
        214: ("PIPS", "2024-07-01", "2024-09-30"), 163: ("PIPS", "2024-07-01", "2024-09-30"),
        41: ("PIPS", "2024-07-01", "2024-09-30")}
    assert claims[41].region.name == "Balochistan"


def test_a_source_named_after_the_figures_goes_back_to_them(full_claims_of):
    claims = full_claims_of(
        "Pakistan lost 312 lives to militant attacks and security operations in the second quarter of 2024, while 245 "
        "people were injured.\n\n"
        "These were the key findings of the quarterly security report issued by the Center for Research and Security "
        "Studies (CRSS).")
    assert {(c.value, c.source) for c in claims} == {(312, "CRSS"), (245, "CRSS")}


def test_a_newspaper_credited_with_the_story_is_not_the_source(full_claims_of):
    claims = full_claims_of(
        "Security forces suffered 386 deaths in the first nine months of 2024, Dawn reported, citing a study by the "
        "South Asia Terrorism Portal (SATP).", published=date(2024, 10, 5))
    assert [(c.metric, c.value, c.source) for c in claims] == [(Metric.KILLED_SECURITY, 386, "SATP")]


def test_figures_in_a_bracketed_list_are_claims_with_their_region(full_claims_of):
    claims = full_claims_of(
        "Militants carried out 129 attacks in July 2024, the Pakistan Institute for Conflict and Security Studies "
        "(PICSS) said in its monthly report.\n\n"
        "By province: Balochistan (48), Khyber Pakhtunkhwa (35), Sindh (26) and Punjab (18).",
        published=date(2024, 8, 4))
    listed = {(c.region.name, c.value) for c in claims if c.value != 129}
    assert listed == {("Balochistan", 48), ("Khyber Pakhtunkhwa", 35), ("Sindh", 26), ("Punjab", 18)}
    assert {c.metric for c in claims} == {Metric.ATTACKS} and {c.source for c in claims} == {"PICSS"}


def test_from_one_count_to_another_gives_both_with_their_periods_and_the_change(full_claims_of):
    claims = full_claims_of(
        "Attacks in Balochistan rose from 17 in July to 28 in August 2024, a 65 percent rise, the Center for Research "
        "and Security Studies (CRSS) said.", published=date(2024, 9, 2))
    got = {(c.metric, c.unit, c.value, c.period.start) for c in claims}
    assert got == {(Metric.ATTACKS, Unit.COUNT, 17, "2024-07-01"), (Metric.ATTACKS, Unit.COUNT, 28, "2024-08-01"),
                   (Metric.ATTACKS, Unit.PERCENT_CHANGE, 65, "2024-08-01")}


def test_people_trained_money_and_equipment_are_no_claim(full_claims_of):
    claims = full_claims_of(
        "A policeman was martyred when militants attacked a checkpost in Bannu on Monday, police said.\n\n"
        "The interior minister said the government had trained 4,000 CTD officials in the past two years and "
        "allocated Rs5 billion for 300 armoured vehicles.")
    assert claims == []


def test_this_year_in_a_report_of_the_first_days_of_january_is_the_year_just_ended(full_claims_of):
    claims = full_claims_of(
        "The Center for Research and Security Studies (CRSS) said in its annual security report that 2,546 people "
        "were killed this year.", published=date(2025, 1, 1))
    assert [(c.value, c.period.start, c.period.end) for c in claims] == [(2546, "2024-01-01", "2024-12-31")]


def test_a_change_stated_both_ways_keeps_both_readings_flagged(full_claims_of):
    claims = full_claims_of(
        "The Center for Research and Security Studies (CRSS) said violence was up 12 percent in the second quarter of "
        "2024.\n\nLater in the same report, CRSS said violence fell 12 percent in the second quarter of 2024.")
    changes = [c for c in claims if c.unit is Unit.PERCENT_CHANGE]
    assert sorted(c.value for c in changes) == [-12, 12]
    assert all(any("contradicts itself" in f for f in c.flags) for c in changes)
    plain = full_claims_of("The Center for Research and Security Studies (CRSS) said violence was up 12 percent in the "
                           "second quarter of 2024, mostly in Khyber Pakhtunkhwa and Balochistan.")
    assert [c.flags for c in plain] == [[]]


def test_a_provincial_report_gives_its_province_to_figures_without_a_place(full_claims_of):
    claims = full_claims_of(
        "PESHAWAR: Terrorist incidents dropped in Khyber Pakhtunkhwa in the first five months of 2018, according to "
        "statistics issued by KP police.\n\n"
        "Only 21 terrorist incidents took place in the first five months of 2018, compared with 53 in 2017.",
        published=date(2018, 6, 7))
    assert {(c.value, c.region.name, c.source) for c in claims} == {
        (21, "Khyber Pakhtunkhwa", "Khyber Pakhtunkhwa Police"), (53, "Khyber Pakhtunkhwa", "Khyber Pakhtunkhwa Police")}


def test_the_initial_quarter_instances_and_fatalities_involving_two_categories(full_claims_of):
    claims = full_claims_of(
        "During the initial quarter of 2025, the country recorded 512 fatalities in 268 instances of terrorism, according "
        "to a report issued by the Center for Research and Security Studies (CRSS). The toll included 297 fatalities "
        "involving civilians and security personnel.", published=date(2025, 4, 2))
    got = {(c.metric, c.value, c.period.start, c.period.end) for c in claims}
    assert got == {(Metric.KILLED, 512, "2025-01-01", "2025-03-31"), (Metric.INCIDENTS, 268, "2025-01-01", "2025-03-31"),
                   (Metric.KILLED, 297, "2025-01-01", "2025-03-31")}


def test_a_bracketed_alias_does_not_split_a_joint_region(full_claims_of):
    claims = full_claims_of(
        "The CRSS report said 512 people were killed in the first quarter of 2025. Khyber Pakhtunkhwa (KP) and "
        "Balochistan provinces, bordering Afghanistan, accounted for over 90% of fatalities during this period.")
    assert _by_value(claims)[90].region.name == "Khyber Pakhtunkhwa and Balochistan"


def test_a_source_named_after_all_the_figures_is_theirs_and_carries_on(full_claims_of):
    claims = full_claims_of(
        "Pakistan suffered at least 1,210 violence-related fatalities and 980 injuries from 640 terror attacks and "
        "counter-terror operations in 2024, media reports said.\n\n"
        "Khyber Pakhtunkhwa and Balochistan accounted for 88 per cent of all fatalities, The News reported.\n\n"
        "These were the main findings of the annual security report released by the Center for Research and Security "
        "Studies (CRSS).\n\n"
        "It said violence rose by about 31 per cent -- the sharpest rise in five years. This includes a 44 per cent "
        "uptick recorded in Balochistan.", published=date(2025, 1, 2))
    assert {c.value: c.source for c in claims} == {1210: "CRSS", 980: "CRSS", 640: "CRSS", 88: "CRSS", 31: "CRSS", 44: "CRSS"}
    assert {(c.period.start, c.period.end) for c in claims} == {("2024-01-01", "2024-12-31")}  # 'from 640 attacks' compares nothing
    assert _by_value(claims)[44].unit is Unit.PERCENT_CHANGE


def test_a_lower_case_home_department_on_a_balochistan_page_is_the_publisher(full_claims_of):
    claims = full_claims_of(
        "Terrorist attacks in Balochistan fell by 21% this year compared with 2024, according to figures released by "
        "the home department. This year, 206 attacks were recorded in the province.", published=date(2025, 12, 20))
    assert {(c.value, c.source) for c in claims} == {(-21, "Balochistan Home Department"), (206, "Balochistan Home Department")}


def test_figures_in_brackets_after_a_noun_or_a_group_and_militants_suffering_fatalities(full_claims_of):
    claims = full_claims_of(
        "The CRSS report said 210 attacks took place in Balochistan in 2025. The BLA was blamed for the largest number "
        "of attacks (97), followed by the BLF (41) and TTP-JA (12). Militants and their facilitators suffered 130 "
        "fatalities in security operations.")
    got = {(c.metric, c.value) for c in claims}
    assert {(Metric.ATTACKS, 97), (Metric.ATTACKS, 41), (Metric.ATTACKS, 12), (Metric.KILLED_MILITANTS, 130)} <= got


def test_arrests_after_a_toll_are_arrests(full_claims_of):
    claims = full_claims_of(
        "The Counter Terrorism Department said 497 incidents took place in Khyber Pakhtunkhwa in 2024. Khyber: 55 "
        "incidents led to the deaths of 22 terrorists and the arrest of 25 others. Bannu: 40 incidents led to 15 "
        "fatalities and 21 arrests.")
    got = {(c.metric, c.value) for c in claims}
    assert {(Metric.ARRESTED, 25), (Metric.ARRESTED, 21), (Metric.KILLED, 15)} <= got and (Metric.KILLED, 21) not in got


def test_a_press_releases_few_operations_and_recalled_attacks_are_no_claims(full_claims_of):
    claims = full_claims_of(
        "Security forces killed seven terrorists during two operations in North Waziristan district, the Inter-Services "
        "Public Relations (ISPR) said on Tuesday.\n\n"
        "Earlier in March, two policemen were martyred in a gun attack in Karak district.\n\n"
        "Officials said only three people had been killed in last year’s incident at the same post.", published=date(2025, 3, 19))
    assert claims == []


def test_earlier_this_year_opens_a_periods_figure_not_a_recalled_attack(full_claims_of):
    claims = full_claims_of(
        "Two policemen were shot dead in Bannu on Monday, police said.\n\n"
        "Earlier this year, 45 policemen were killed in attacks across the province.", published=date(2024, 7, 20))
    assert [(c.value, c.period.start, c.period.end) for c in claims] == [(45, "2024-01-01", "2024-12-31")]


def test_a_foreign_country_is_no_region_and_from_counts_its_own_subject(full_claims_of):
    claims = full_claims_of(
        "The CRSS report said the fatalities from US drone strikes fell to 3 in May 2018, with the number of deaths "
        "from such strikes falling from 8 in April.", published=date(2018, 6, 8))
    got = {c.value: (c.metric, c.region.name, c.period.start) for c in claims}
    assert got == {3: (Metric.KILLED, "Pakistan", "2018-05-01"), 8: (Metric.KILLED, "Pakistan", "2018-04-01")}


def test_a_bracket_closes_the_clause_of_its_region(full_claims_of):
    claims = full_claims_of(
        "The CRSS report for the second quarter of 2024 said 40 casualties were reported in Sindh (31 dead and 9 "
        "injured) and one death each in Islamabad and Gilgit-Baltistan.")
    assert {c.value: c.region.name for c in claims} == {31: "Sindh", 9: "Sindh"}


def test_inflicting_injuries_on_others_counts_the_injured(full_claims_of):
    claims = full_claims_of("The PICSS report said 124 attacks in August 2024 claimed 171 lives, besides inflicting "
                            "injuries on 325 others.")
    assert {(c.metric, c.value) for c in claims} == {(Metric.ATTACKS, 124), (Metric.KILLED, 171), (Metric.INJURED, 325)}


def test_a_list_of_bare_figures_each_in_its_place(full_claims_of):
    claims = full_claims_of(
        "NACTA said 1,808 terrorists had been killed since 2015. About 951 of the terrorists were killed in Fata, 455 in "
        "Sindh, 197 in Khyber Pakhtunkhwa and 135 in Punjab, he added.", published=date(2016, 7, 25))
    got = {c.value: (c.metric, c.region.name) for c in claims if c.value != 1808}
    assert got == {951: (Metric.KILLED_MILITANTS, "Fata"), 455: (Metric.KILLED_MILITANTS, "Sindh"),
                   197: (Metric.KILLED_MILITANTS, "Khyber Pakhtunkhwa"), 135: (Metric.KILLED_MILITANTS, "Punjab")}


def test_the_sindh_police_publish_their_annual_figures(full_claims_of):
    claims = full_claims_of(
        "KARACHI: Sindh recorded 42 incidents of terrorism in 2024, in which 31 people, including 12 policemen, lost "
        "their lives, according to the annual report of the Sindh police.", published=date(2025, 1, 4))
    assert {(c.metric, c.value, c.source) for c in claims} == {
        (Metric.INCIDENTS, 42, "Sindh Police"), (Metric.KILLED, 31, "Sindh Police"), (Metric.KILLED_SECURITY, 12, "Sindh Police")}
