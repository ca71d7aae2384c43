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



def test_a_toll_over_these_measures_is_the_campaigns_claim(claims_of):
    # a year-end press conference: "these ... measures" sums the year named before, not one operation
    claims = claims_of("The ISPR director general said over 48,000 operations were conducted in 2025.\n\n"
                       "He said KP bore the brunt of most terror attacks last year. 1410 hardened militants were gunned down "
                       "during these counter terrorism measures.", published=date(2026, 1, 6))
    (militants,) = [c for c in claims if c.metric is Metric.KILLED_MILITANTS]
    assert (militants.value, militants.source) == (1410, "ISPR")
    assert (militants.period.start, militants.period.end) == ("2025-01-01", "2025-12-31")

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
    # "this year" in July is the year so far: it ends on the publication day
    assert [(c.value, c.period.start, c.period.end) for c in claims] == [(45, "2024-01-01", "2024-07-20")]


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


# --- issue 12, second round: failure classes of the tune statistical pages (devset dev-175..dev-189) ---


def _got(claims):
    return {(c.metric, c.unit, c.value, c.period.start, c.period.end) for c in claims}


def test_parts_of_a_year_take_the_year_the_sentence_opens_with_or_the_figures_before(full_claims_of):
    claims = full_claims_of(
        "Militant violence in the third quarter of 2024 claimed 640 lives, according to a report released by the Centre "
        "for Research and Security Studies (CRSS).\n\nThe toll rose to 1,402 in the first three quarters, compared to "
        "1,390 in the whole of 2023.\n\nIn 2023, the think tank added, the first six months of the year saw 512 fatalities.",
        published=date(2024, 10, 2))
    assert {(c.value, c.period.start, c.period.end) for c in claims} == {
        (640, "2024-07-01", "2024-09-30"), (1402, "2024-01-01", "2024-09-30"), (1390, "2023-01-01", "2023-12-31"),
        (512, "2023-01-01", "2023-06-30")}


def test_a_period_that_cannot_be_fixed_stays_unknown_and_is_not_replaced_by_an_older_one(full_claims_of):
    claims = full_claims_of(
        "The Pakistan Institute for Conflict and Security Studies (PICSS) says militants carried out 95 attacks in the "
        "second quarter of 2024.\n\nFor 2024 so far, the institute's data shows 1,980 fatalities. In the past six months, "
        "Balochistan saw 140 attacks, the report said.", published=None)
    by_value = _by_value(claims)
    assert (by_value[95].period.start, by_value[95].period.end) == ("2024-04-01", "2024-06-30")
    for value in (1980, 140):
        assert (by_value[value].period.start, by_value[value].period.end) == (None, None)
        assert by_value[value].period.label  # the label is kept: the ledger shows it as "period unknown"


def test_so_far_in_a_year_ends_on_the_publication_day(full_claims_of):
    claims = full_claims_of(
        "Security forces carried out 30,150 intelligence-based operations so far in 2024, the Inter-Services Public "
        "Relations (ISPR) director general told a press conference on Thursday.", published=date(2024, 9, 6))
    assert _got(claims) == {(Metric.OPERATIONS, Unit.COUNT, 30150, "2024-01-01", "2024-09-06")}


def test_a_record_since_a_year_is_no_period_and_pc_is_a_percent(full_claims_of):
    claims = full_claims_of(
        "  • 650 security personnel martyred in 2025, highest annual toll since 2011\n"
        "  • Militant attacks up 34pc; deaths rose 48pc\n"
        "  • Violence concentrated in Khyber Pakhtunkhwa and Balochistan\n\n"
        "The Pakistan Institute for Conflict and Security Studies (PICSS) said in its annual report that 1,020 militant "
        "attacks were recorded in 2025.", published=date(2025, 12, 30))
    year = ("2025-01-01", "2025-12-31")
    assert _got(claims) == {(Metric.KILLED_SECURITY, Unit.COUNT, 650, *year), (Metric.ATTACKS, Unit.PERCENT_CHANGE, 34, *year),
                            (Metric.KILLED, Unit.PERCENT_CHANGE, 48, *year), (Metric.ATTACKS, Unit.COUNT, 1020, *year)}
    assert {c.region.name for c in claims} == {"Pakistan"}  # the provinces' bullet names no figure
    assert {c.source for c in claims} == {"PICSS"}


def test_the_number_of_injured_with_its_breakdown_and_the_injured_of_a_category(full_claims_of):
    claims = full_claims_of(
        "The Pakistan Institute for Conflict and Security Studies (PICSS) recorded 78 militant attacks in May 2025.\n\n"
        "The number of injured rose to 164, with 101 civilians, 52 security personnel and three militants among the "
        "wounded. There was a 91 per cent surge in civilian injuries, from 53 in April to 101 in May.",
        published=date(2025, 6, 2))
    counts = {(c.metric, c.value) for c in claims if c.unit is Unit.COUNT}
    assert counts == {(Metric.ATTACKS, 78), (Metric.INJURED, 164), (Metric.INJURED_CIVILIANS, 101),
                      (Metric.INJURED_SECURITY, 52), (Metric.INJURED_CIVILIANS, 53)}
    un = full_claims_of(
        "In the first half of the year, 1,366 civilians were killed and 2,446 injured, with deaths in Kabul province "
        "accounting for nearly 15 percent of the toll, the United Nations Assistance Mission in Afghanistan (UNAMA) said.\n\n"
        "In the first three months of the year, 320 members of the Afghan security forces were killed with 710 injured, "
        "the report said.", published=date(2019, 7, 30))
    by_value = _by_value(un)
    assert by_value[2446].metric is Metric.INJURED_CIVILIANS and by_value[2446].region.name == "Afghanistan"
    assert by_value[1366].region.name == "Afghanistan" and by_value[15].region.name == "Kabul"
    assert (by_value[320].metric, by_value[710].metric) == (Metric.KILLED_SECURITY, Metric.INJURED_SECURITY)
    assert (by_value[320].period.start, by_value[320].period.end) == ("2019-01-01", "2019-03-31")


def test_attacks_claiming_fatalities_and_kps_settled_and_tribal_districts(full_claims_of):
    claims = full_claims_of(
        "According to PICSS, Khyber Pakhtunkhwa bore the brunt, with 160 reported militant attacks claiming 240 "
        "fatalities in the first half of 2023. Of these, 95 took place in the settled districts while 65 were recorded "
        "in the erstwhile tribal districts.", published=date(2023, 7, 5))
    got = {(c.metric, c.value, c.region.name) for c in claims}
    assert got == {(Metric.ATTACKS, 160, "Khyber Pakhtunkhwa"), (Metric.KILLED, 240, "Khyber Pakhtunkhwa"),
                   (Metric.ATTACKS, 95, "settled districts"), (Metric.ATTACKS, 65, "erstwhile tribal districts")}


def test_kidnappings_shares_of_casualties_and_daily_rates_are_no_claims(full_claims_of):
    claims = full_claims_of(
        "The Pakistan Institute for Conflict and Security Studies (PICSS) recorded 93 militant attacks in January 2024, "
        "a 20 percent rise over December.\n\nKidnappings jumped 150pc during the month, the report said. Civilians made "
        "up 62 percent of all casualties, with 30 percent attributed to the TTP. Security forces carried out more than "
        "100 operations on a daily basis, officials said.", published=date(2024, 2, 1))
    assert {(c.metric, c.unit, c.value) for c in claims} == {(Metric.ATTACKS, Unit.COUNT, 93), (Metric.ATTACKS, Unit.PERCENT_CHANGE, 20)}


def test_punjab_ctd_figures_after_a_period_named_with_a_figure_of_nothing_we_count(full_claims_of):
    claims = full_claims_of(
        "The Punjab Counter Terrorism Department (CTD) placed 90 suspicious persons on the Fourth Schedule during the "
        "year 2023.\n\nAccording to the department, it carried out 1,100 intelligence-based operations across Punjab, in "
        "which 230 suspects were arrested.\n\nIts investigation wing registered 190 cases, arrested 215 of them and "
        "submitted charge sheets against 170, a spokesman said.", published=None)
    assert {(c.metric, c.value) for c in claims} == {(Metric.OPERATIONS, 1100), (Metric.ARRESTED, 230), (Metric.ARRESTED, 215)}
    assert {(c.source, c.region.name, c.period.start, c.period.end) for c in claims} == {("CTD Punjab", "Punjab", "2023-01-01", "2023-12-31")}


def test_a_rounded_restatement_of_an_exact_figure_is_one_claim(full_claims_of):
    claims = full_claims_of(
        "More than 1,500 people lost their lives and over 1,400 were injured in violence in 2023, according to the annual "
        "report of the Centre for Research and Security Studies (CRSS).\n\nThe report put the year's toll at 1,530 deaths "
        "and 1,462 injuries from 790 attacks and operations.", published=date(2023, 12, 31))
    assert {(c.metric, c.value, c.qualifier) for c in claims} == {
        (Metric.KILLED, 1530, Qualifier.EXACT), (Metric.INJURED, 1462, Qualifier.EXACT), (Metric.INCIDENTS, 790, Qualifier.EXACT)}
    different = full_claims_of(
        "More than 1,500 people lost their lives in 2023, the Centre for Research and Security Studies (CRSS) said.\n\n"
        "In 2022, 1,530 people were killed, CRSS said.", published=date(2023, 12, 31))
    assert {c.value for c in different} == {1500, 1530}  # another year's figure is no restatement


def test_tolls_around_a_dash_aside_and_a_series_of_attacks_summed(full_claims_of):
    claims = full_claims_of(
        "The Centre for Research and Security Studies (CRSS) launched its quarterly security report on Wednesday.\n\n"
        "It shows that in the third quarter of 2015, 1,150 people – civilians and security personnel alike – died in "
        "violence, bringing the total number of fatalities in the first nine months to 3,700.", published=date(2015, 10, 1))
    assert {(c.metric, c.value, c.period.start, c.period.end) for c in claims} == {
        (Metric.KILLED, 1150, "2015-07-01", "2015-09-30"), (Metric.KILLED, 3700, "2015-01-01", "2015-09-30")}
    series = full_claims_of(
        "A series of militant attacks across Balochistan on August 26 claimed the lives of 48 people, including 15 "
        "security personnel, officials said on Tuesday.", published=date(2024, 8, 28))
    assert {(c.metric, c.value, c.source, c.region.name, c.period.start) for c in series} == {
        (Metric.KILLED, 48, None, "Balochistan", "2024-08-26"), (Metric.KILLED_SECURITY, 15, None, "Balochistan", "2024-08-26")}


def test_victims_named_by_other_verbs_and_one_category_written_in_two_words(full_claims_of):
    claims = full_claims_of(
        "In the second quarter of 2018, 58 security and government personnel were also killed, the Centre for Research "
        "and Security Studies (CRSS) said in its quarterly report.\n\nDuring the quarter, terrorist attacks killed 140 "
        "civilians and 61 law and security forces officials, the report said. In the same quarter, 37 people died in "
        "landmine blasts and 21 others were assassinated, it said.", published=date(2018, 7, 5))
    assert {(c.metric, c.value) for c in claims} == {
        (Metric.KILLED_SECURITY, 58), (Metric.KILLED_CIVILIANS, 140), (Metric.KILLED_SECURITY, 61), (Metric.KILLED, 37),
        (Metric.KILLED, 21)}
    mixed = full_claims_of(
        "The Centre for Research and Security Studies (CRSS) recorded 760 fatalities in the third quarter of 2024.\n\n"
        "Among the dead were 410 criminals. The other 350 fatalities included civilians and security personnel.")
    assert {(c.metric, c.value) for c in mixed} == {(Metric.KILLED, 760), (Metric.KILLED_MILITANTS, 410), (Metric.KILLED, 350)}


def test_a_change_that_its_own_counts_contradict_keeps_all_three_flagged(full_claims_of):
    claims = full_claims_of(
        "Attacks in Balochistan rose by 12 percent, from 60 in May to 50 in June 2024, the Center for Research and "
        "Security Studies (CRSS) said.", published=date(2024, 7, 20))
    assert sorted(c.value for c in claims) == [12, 50, 60]
    assert all(any("opposite directions" in f for f in c.flags) for c in claims)
    agreeing = full_claims_of(
        "Attacks in Balochistan rose from 17 in July to 28 in August 2024, a 65 percent rise, the Center for Research and "
        "Security Studies (CRSS) said.", published=date(2024, 9, 2))
    assert all(c.flags == [] for c in agreeing)


def test_a_sentence_going_on_with_the_figures_keeps_their_province_and_a_groups_toll_reached(full_claims_of):
    claims = full_claims_of(
        "According to a report compiled by the Pakistan Institute for Conflict and Security Studies (PICSS), Balochistan "
        "saw 15 armed attacks in April 2024, which left 25 people dead. Additionally, the report states that 31 people "
        "were injured in these attacks.\n\nAcross the country, fatalities among security forces reached 120 during the "
        "month, the report said.", published=date(2024, 5, 2))
    assert {(c.metric, c.value, c.region.name) for c in claims} == {
        (Metric.ATTACKS, 15, "Balochistan"), (Metric.KILLED, 25, "Balochistan"), (Metric.INJURED, 31, "Balochistan"),
        (Metric.KILLED_SECURITY, 120, "Pakistan")}
    fresh = full_claims_of(
        "The Pakistan Institute for Conflict and Security Studies (PICSS) said Balochistan saw 15 attacks in April 2024. "
        "Overall, 80 attacks were recorded across Pakistan in the month.", published=date(2024, 5, 2))
    assert _by_value(fresh)[80].region.name == "Pakistan"  # no continuation: the province does not carry


def test_every_victim_list_of_a_sentence_is_read_and_brackets_open_one(full_claims_of):
    claims = full_claims_of(
        "Monthly report\n\nAccording to PICSS, militants carried out 31 attacks in March 2025, in which 48 people were killed, "
        "including 27 security forces personnel and 21 civilians, while 66 people were injured, of which 40 were civilians "
        "and 26 were security forces personnel. PICSS recorded 14 attacks in Khyber Pakhtunkhwa in which 19 people were "
        "killed (11 security forces; 8 civilians).", published=date(2025, 4, 2))
    got = {(c.metric, c.value, c.region.name) for c in claims}
    assert {(Metric.INJURED_CIVILIANS, 40, "Pakistan"), (Metric.INJURED_SECURITY, 26, "Pakistan"),
            (Metric.KILLED_SECURITY, 11, "Khyber Pakhtunkhwa"), (Metric.KILLED_CIVILIANS, 8, "Khyber Pakhtunkhwa")} <= got


def test_lumped_casualties_and_their_change_are_no_claim_and_no_incident(pipeline):
    result = to_result(pipeline(make_article(
        "UN report\n\nUNAMA said 1,240 civilians were killed in the first half of this year. The killed and wounded add up "
        "to 3,550 civilian casualties, a 9 percent decrease from the first six months of last year, the mission said.",
        published=date(2024, 7, 14))))
    assert [(c.metric, c.value) for c in result.claims] == [(Metric.KILLED_CIVILIANS, 1240)]
    assert result.incidents == []


def test_from_a_to_b_gives_both_figures_their_periods_and_carries_the_later_one(full_claims_of):
    claims = _by_value(full_claims_of(
        "Annual report\n\nAccording to the CRSS report, the toll rose from 710 fatalities in 2023 to 845 in 2024. "
        "Fatalities in Khyber Pakhtunkhwa went up from 301 in 2023 to 470 "
        "this year. Sindh recorded a drop of 14 percent in violence. In Balochistan, attacks rose from 22 in October to 31 in "
        "November, while in Punjab they rose from four to seven.", published=None))
    assert (claims[301].period.start, claims[470].period.start, claims[-14].period.start) == ("2023-01-01", "2024-01-01", "2024-01-01")
    assert (claims[4].period.start, claims[7].period.start) == ("2024-10-01", "2024-11-01")
    assert claims[7].metric is Metric.ATTACKS


def test_a_second_story_under_its_own_heading_keeps_its_own_source(full_claims_of):
    claims = _by_value(full_claims_of(
        "Balochistan saw 11 attacks\n\nAccording to a report compiled by PICSS, Balochistan experienced 11 militant attacks in "
        "May 2024 that took 19 lives.\n\nQuarterly review shows fewer deaths\n\nA separate study by the Center for Research "
        "and Security Studies covering January to March 2024 found that violence eased. Of the people hurt or killed in that "
        "period, 290 people lost their lives, while 341 sustained injuries.", published=date(2024, 6, 3)))
    assert (claims[19].source, claims[290].source, claims[341].source) == ("PICSS", "CRSS", "CRSS")
    assert claims[290].period.start == "2024-01-01"


def test_this_year_before_december_ends_on_the_publication_day_and_sindhs_ctd_publishes(full_claims_of):
    claims = full_claims_of(
        "CTD report\n\nKARACHI: Sindh's Counter Terrorism Department (CTD) issued its report on Saturday. Officials said that this "
        "year, 23 incidents related to terrorism were reported in the province.", published=date(2024, 9, 14))
    assert [(c.source, c.period.start, c.period.end) for c in claims] == [("CTD Sindh", "2024-01-01", "2024-09-14")]


def test_a_bracket_glossing_a_place_and_one_figure_in_two_provinces(full_claims_of):
    claims = full_claims_of(
        "Monthly report\n\nPICSS recorded 14 attacks in Khyber Pakhtunkhwa in February 2025 in which six people were injured, "
        "including five security forces personnel. In erstwhile FATA (tribal districts of KP) seven militant attacks killed "
        "nine security forces personnel, while five security forces personnel were injured.", published=date(2025, 3, 3))
    got = {(c.metric, c.value, c.region.name) for c in claims}
    assert {(Metric.INJURED_SECURITY, 5, "Khyber Pakhtunkhwa"), (Metric.INJURED_SECURITY, 5, "FATA"),
            (Metric.KILLED_SECURITY, 9, "FATA")} <= got


def test_a_bracketed_aside_counts_the_people_of_the_figure_before_it(full_claims_of):
    claims = _by_value(full_claims_of(
        "Annual report\n\nAccording to the CRSS report, security forces lost at least 301 personnel during 2023 (with 52 "
        "fatalities only in December). Total fatalities from violence were as many as 1,090, the report said.",
        published=date(2024, 1, 2)))
    assert (claims[52].metric, claims[52].period.start) == (Metric.KILLED_SECURITY, "2023-12-01")
    assert claims[1090].metric is Metric.KILLED


def test_a_year_naming_an_event_is_no_period_of_figures(full_claims_of):
    claims = full_claims_of(
        "Police attacked\n\nAs the nation prepares to hold polls for the general elections of 2024, at least four policemen "
        "were killed when militants attacked a checkpost in Tank district on Sunday, police said.", published=None)
    assert claims == []


def test_a_percentage_read_twice_keeps_the_reading_with_its_subject(full_claims_of):
    claims = full_claims_of(
        "Annual figures\n\nPakistan Witnesses 40% Surge in Militant Attacks in 2024\nIn 2024, Pakistan witnessed a 40% surge "
        "in militant attacks, with 905 incidents causing 1,177 deaths.", published=date(2025, 1, 2))
    changes = [c for c in claims if c.unit is Unit.PERCENT_CHANGE]
    assert [c.value for c in changes] == [40]


def test_a_toll_list_after_claimed_lives_of_keeps_every_item(claims_of):
    # "claimed lives of" without "the": the second item was lost
    claims = claims_of("Militant violence in the province claimed lives of 402 security personnel and 178 civilians "
                       "during 2023, according to the annual report of the think tank.", published=date(2024, 1, 5))
    got = {(c.metric, c.value) for c in claims}
    assert {(Metric.KILLED_SECURITY, 402), (Metric.KILLED_CIVILIANS, 178)} <= got


def test_deaths_from_terrorism_keep_the_year_written_after_them(claims_of):
    # "from terrorism" starts no comparison: the figure's own "in 2023" is its period, not the
    # index edition's year written before it
    claims = claims_of("The Harbour Violence Index 2024 said in its report that the country recorded 812 deaths "
                       "from terrorism in 2023.", published=date(2024, 3, 5))
    (deaths,) = [c for c in claims if c.value == 812]
    assert (deaths.period.start, deaths.period.end) == ("2023-01-01", "2023-12-31")


def test_a_provinces_sub_heading_gives_its_region_to_the_figures_under_it(claims_of):
    claims = claims_of("The Centre for Research and Security Studies (CRSS) recorded 300 deaths across the country in the "
                       "third quarter of 2024, its report said.\n\nBalochistan: the deadliest region\n\n"
                       "The report counted 120 fatalities and 45 attacks during the quarter.\n\nRest of the country\n\n"
                       "The report counted 40 fatalities elsewhere.", published=date(2024, 10, 2))
    regions = {c.value: c.region.name for c in claims}
    assert (regions[300], regions[120], regions[45], regions[40]) == ("Pakistan", "Balochistan", "Balochistan", "Pakistan")


def test_a_count_of_events_naming_one_of_them_sets_the_paragraphs_province(claims_of):
    claims = claims_of(
        "The Pak Institute for Peace Studies (PIPS) recorded 52 attacks in June 2024 that killed 90 people.\n\n"
        "Three attacks took place in Sindh including a major attack in Karachi on a bus. These attacks killed "
        "seven people and injured 19 others."
    )
    got = {(c.metric, c.value): c.region.name for c in claims}
    assert got[(Metric.KILLED, 90)] == "Pakistan"
    assert got[(Metric.KILLED, 7)] == "Sindh" and got[(Metric.INJURED, 19)] == "Sindh"


def test_an_indexs_edition_year_is_not_the_period_of_its_figures(claims_of):
    claims = claims_of("Pakistan in the terrorism rankings\n\nThe Global Terrorism Index 2024 counted 789 deaths from terrorism in Pakistan.\n\n"
                       "The Global Terrorism Index 2024 counted 650 deaths from terrorism in Pakistan in 2023.")
    got = {c.value: (c.period.start, c.period.end) for c in claims if c.metric is Metric.KILLED}
    assert got == {789: (None, None), 650: ("2023-01-01", "2023-12-31")}
