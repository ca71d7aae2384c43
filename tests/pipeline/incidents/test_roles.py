from datetime import date

from incidentwatch.models import EventType, ReportedAs
from incidentwatch.pipeline.incidents.resolution import IncidentDraft
from incidentwatch.pipeline.incidents.roles import is_follow_up, reported_as
from tests.factories import make_sentence

from .builders import mention, toll

PUBLISHED = date(2025, 5, 8)


def _role(text, *, event=EventType.BOMBING, when=date(2025, 5, 6), follow_up=False, vocabulary):
    draft = IncidentDraft(mentions=[mention(text, killed=toll(6))])
    return reported_as(draft, event, when, None, PUBLISHED, claim_paragraphs=set(), follow_up=follow_up, vocabulary=vocabulary)


def test_a_follow_up_headline_makes_the_attack_background(vocabulary):
    for title in ("Funeral held for victims of Quetta bombing", "Police arrest two suspects over Quetta blast",
                  "UN condemns attack on polio team", "Probe ordered into Bannu attack", "Compensation announced for blast victims"):
        assert is_follow_up(title, [], vocabulary), title


def test_an_attack_headline_is_news_even_with_a_follow_up_word_after_its_kill_word(vocabulary):
    for title in ("Six killed in Quetta blast; police arrest suspects", "Bomb kills four in Khyber, probe ordered"):
        assert not is_follow_up(title, [], vocabulary), title


def test_the_lead_sentence_decides_when_the_headline_does_not(vocabulary):
    lead = make_sentence("Hundreds of mourners attended the funeral of the six people who were killed in Tuesday's blast.")
    assert is_follow_up("Quetta mourns", [lead], vocabulary)
    assert is_follow_up(None, [lead], vocabulary)
    news = make_sentence("Six people were killed in a blast in Quetta on Tuesday, police said.")
    assert not is_follow_up(None, [news], vocabulary)


def test_in_a_follow_up_story_the_attack_is_background_but_an_operation_stays_news(vocabulary):
    assert _role("Six people were killed in the blast.", follow_up=True, vocabulary=vocabulary) is ReportedAs.BACKGROUND
    assert _role("Three terrorists were killed in a shootout.", event=EventType.SECURITY_OPERATION, follow_up=True,
                 vocabulary=vocabulary) is ReportedAs.MAIN
    assert _role("Six people were killed in the blast.", vocabulary=vocabulary) is ReportedAs.MAIN


def test_recaps_and_old_dates_are_background(vocabulary):
    assert _role("The attack followed a blast that killed six.", vocabulary=vocabulary) is ReportedAs.BACKGROUND
    assert _role("Six people were killed in the blast.", when=date(2025, 3, 1), vocabulary=vocabulary) is ReportedAs.BACKGROUND


def test_follow_up_leads_of_the_real_pages_tune_half(vocabulary):
    # FIRs, remembrance, diplomacy and government meetings, cheques, suspended services, past-tense
    # visits, the perpetrators found: the news is what came after the attack
    for text in ("The CTD on Saturday registered the FIR of the blast in Mastung which killed 40 people.",
                 "A ceremony was held at the school to honour the memory of the pupils who lost their lives in the blast.",
                 "Pakistan summoned the Afghan charge d'affaires and handed him a demarche over the attack that killed four soldiers.",
                 "The chief minister chaired a meeting to review security after the blast that killed eleven people.",
                 "The administration handed over cheques to the families of the five fishermen killed in the attack.",
                 "Pakistan Railways suspended train services from Quetta after the blast that killed 26 people.",
                 "The governor visited the homes of the nine worshippers killed in the blast.",
                 "The perpetrators of Sunday's attack that killed four policemen were Afghan nationals, the police chief said."):
        assert is_follow_up(None, [make_sentence(text)], vocabulary), text


def test_the_killed_ones_described_then_the_follow_up_verb(vocabulary):
    lead = make_sentence("The four policemen martyred in Friday's ambush in Karak were laid to rest on Saturday.")
    assert is_follow_up(None, [lead], vocabulary)
    for text in ("Four policemen were martyred in an ambush in Karak; they were laid to rest on Saturday.",
                 "Militants killed four policemen in Karak, and the attack was condemned by the governor."):
        assert not is_follow_up(None, [make_sentence(text)], vocabulary), text


def test_a_court_is_a_follow_up_only_when_it_acts(vocabulary):
    assert is_follow_up("Anti-terrorism court sentences two over Quetta bombing", [], vocabulary)
    assert is_follow_up(None, [make_sentence("The court adjourned the hearing of the case of the bombing that killed 12.")], vocabulary)
    lead = make_sentence("A suicide bomber blew himself up at the gate of the district court in Mardan, killing six people.")
    assert not is_follow_up("Suicide bomber strikes outside Mardan district court", [lead], vocabulary)


def test_a_toll_that_rose_keeps_the_attack_the_news_of_a_funeral_story(vocabulary):
    lead = make_sentence("The death toll from Tuesday's attack on a bus in Kurram rose to 31 as the victims were laid to rest.")
    assert not is_follow_up(None, [lead], vocabulary)
    assert not is_follow_up("Funerals held as Kurram toll rises to 31", [], vocabulary)
    assert is_follow_up("Funerals held for Kurram bus victims", [], vocabulary)


def test_an_earlier_attack_recalled_by_its_distance_in_time_is_background(vocabulary):
    for text in ("The attack came less than two weeks after a suicide bombing in Parachinar killed nine people.",
                 "It comes just days after gunmen killed four policemen in Tank.",
                 "Three days ago, a blast killed five people in the same bazaar."):
        assert _role(text, vocabulary=vocabulary) is ReportedAs.BACKGROUND, text
def _incident(day: str | None, admin2: str, role=ReportedAs.MAIN):
    from incidentwatch.models import DatePrecision, Incident, Location
    return Incident(date=day, date_precision=DatePrecision.DAY if day else None, location=Location(admin2=admin2, admin1="Khyber Pakhtunkhwa"),
                    event_type=EventType.SECURITY_OPERATION, reported_as=role)


def test_an_attack_of_the_day_before_the_news_told_after_it_is_a_recap():
    from incidentwatch.pipeline.incidents.roles import recaps_of_earlier_days
    incidents = [_incident("2024-10-27", "North Waziristan"), _incident("2024-10-27", "Khyber"), _incident("2024-10-26", "Bannu")]
    recaps_of_earlier_days(incidents, "Four terrorists were killed in two separate operations in Khyber Pakhtunkhwa on Sunday.")
    assert [i.reported_as for i in incidents] == [ReportedAs.MAIN, ReportedAs.MAIN, ReportedAs.BACKGROUND]


def test_a_roundup_keeps_its_earlier_days_when_the_lead_names_their_place_or_spans_days():
    from incidentwatch.pipeline.incidents.roles import recaps_of_earlier_days
    named = [_incident("2025-10-17", "Mastung"), _incident("2025-10-16", "Surab")]
    recaps_of_earlier_days(named, "The BLA claimed four attacks in Mastung, Balghatar and Surab.")
    assert [i.reported_as for i in named] == [ReportedAs.MAIN, ReportedAs.MAIN]
    spanning = [_incident("2024-05-27", "Mastung"), _incident("2024-05-26", "Kech")]
    recaps_of_earlier_days(spanning, "At least 14 people have been killed in the past 48 hours.", lead_spans_days=True)
    assert [i.reported_as for i in spanning] == [ReportedAs.MAIN, ReportedAs.MAIN]


def test_a_recap_in_the_pluperfect_or_dated_earlier_on_a_calendar_day_is_background(vocabulary):
    assert _role("A suicide attack in Bannu had claimed the lives of six soldiers.", vocabulary=vocabulary) is ReportedAs.BACKGROUND
    assert _role("Earlier on March 2, three militants were killed in Karak.", event=EventType.SECURITY_OPERATION,
                 vocabulary=vocabulary) is ReportedAs.BACKGROUND
    assert _role("Earlier in the day, four people were killed when gunmen attacked a vehicle in Bannu.",
                 vocabulary=vocabulary) is ReportedAs.MAIN


def test_inquiries_executions_and_anniversaries_of_an_old_attack_are_follow_ups(vocabulary):
    for text in ("The chief justice ordered a judicial commission to investigate the 2016 carnage at the hospital where 70 people were killed.",
                 "Two years have passed since the suicide attack on the Parachinar market that killed 25 shoppers.",
                 "Pakistan hanged three militants convicted of the attack on the college that killed 21 students.",
                 "The families of the martyrs remembered the victims on the third anniversary of the bombing that killed 14."):
        assert is_follow_up(None, [make_sentence(text)], vocabulary), text
    for text in ("Five people were killed in a blast in Quetta on Monday; police are investigating.",
                 "Police are investigating the killing of two brothers in Peshawar on Monday."):  # the killing is the news
        assert not is_follow_up(None, [make_sentence(text)], vocabulary), text


def _told(text: str, incidents):
    from incidentwatch.models import Span
    incidents[-1].evidence = [Span(start=0, end=len(text), text=text)]
    return incidents


def test_with_no_publication_date_a_statement_of_another_weekday_after_the_news_is_a_recap():
    from incidentwatch.pipeline.incidents.roles import recaps_of_earlier_days
    lead = "On Sunday, security forces killed seven terrorists in two operations in the Khyber district."
    incidents = [_incident(None, "Khyber"), _incident(None, "Khyber"), _incident(None, "Tank")]
    _told("On Thursday, the military said four terrorists were killed in an operation in Tank.", incidents)
    recaps_of_earlier_days(incidents, lead)
    assert [i.reported_as for i in incidents] == [ReportedAs.MAIN, ReportedAs.MAIN, ReportedAs.BACKGROUND]
    # the same weekday, a place the lead names, or a lead naming no weekday decide nothing
    for lead_text, told in ((lead, "On Sunday, four terrorists were killed in an operation in Tank."),
                            (lead, "On Thursday, a roadside bomb killed four soldiers in Tank."),  # an event, not a statement
                            ("Security forces killed seven terrorists in Khyber and Tank.", "On Thursday, four were killed in Tank."),
                            ("Security forces killed seven terrorists in two operations.", "On Thursday, four were killed in Tank.")):
        kept = _told(told, [_incident(None, "Khyber"), _incident(None, "Tank")])
        recaps_of_earlier_days(kept, lead_text)
        assert [i.reported_as for i in kept] == [ReportedAs.MAIN, ReportedAs.MAIN], (lead_text, told)
    # with a publication date the weekdays resolve to days, and the dated rule decides
    dated = _told("On Thursday, four were killed in Tank.", [_incident(None, "Khyber"), _incident(None, "Tank")])
    recaps_of_earlier_days(dated, lead, published=date(2025, 5, 8))
    assert [i.reported_as for i in dated] == [ReportedAs.MAIN, ReportedAs.MAIN]


def test_an_incident_long_before_a_day_the_undated_article_tells_is_background():
    from incidentwatch.models import DatePrecision
    from incidentwatch.models.mentions import TemporalMention
    from incidentwatch.pipeline.incidents.roles import latest_told_day, written_long_after
    past = make_sentence("On March 3, 2017, the court sentenced four men over the attack.", start=0)
    to_come = make_sentence("The trial will resume on June 30, 2019.", start=past.end + 1, index=1)

    def point(sentence, day):
        return TemporalMention(start=sentence.start, end=sentence.start + 5, text="x", range_start=day, range_end=day,
                               precision=DatePrecision.DAY)
    dates = [point(past, date(2017, 3, 3)), point(to_come, date(2019, 6, 30))]
    assert latest_told_day(dates, [past, to_come]) == date(2017, 3, 3)  # a day still to come is no sign of when it was written
    incidents = [_incident("2016-08-08", "Quetta"), _incident("2017-02-20", "Quetta")]
    written_long_after(incidents, date(2017, 3, 3))
    assert [i.reported_as for i in incidents] == [ReportedAs.BACKGROUND, ReportedAs.MAIN]
    kept = [_incident("2016-08-08", "Quetta")]
    written_long_after(kept, None)
    assert kept[0].reported_as is ReportedAs.MAIN


def test_policy_money_strikes_homage_and_the_network_found_are_follow_ups(vocabulary):
    for text in ("Pakistan urged the Afghan authorities to take action against the militants behind the attack that killed nine soldiers.",
                 "The Foreign Office told the weekly briefing that the attack which killed nine soldiers was planned across the border.",
                 "The chief minister announced Rs2 million for each family of the seven miners killed in the attack.",
                 "Markets remained closed as traders observed a strike against the killing of two shopkeepers.",
                 "The assembly passed a resolution paying homage to the six soldiers martyred in the ambush.",
                 "Police said they had traced the network behind the bombing that killed 60 people.",
                 "The bodies of the nine passengers killed when gunmen fired on a bus were handed over to their families."):
        assert is_follow_up(None, [make_sentence(text)], vocabulary), text
    for text in ("A drone strike killed four militants in North Waziristan on Monday.",
                 "Gunmen killed two traders and took Rs2 million from their shop in Quetta."):
        assert not is_follow_up(None, [make_sentence(text)], vocabulary), text


def test_an_aside_that_may_begin_another_event_and_names_no_place_is_background(vocabulary):
    aside = IncidentDraft(mentions=[mention("In the meantime, a roadside bomb injured two Levies men.", injured=toll(2), may_start_new=True)])
    placed = IncidentDraft(mentions=[mention("Meanwhile, a roadside bomb injured two Levies men in Kalat.", injured=toll(2), may_start_new=True,
                                             places=("Kalat",))])
    roles = [reported_as(d, EventType.BOMBING, None, None, PUBLISHED, claim_paragraphs=set(), follow_up=False, vocabulary=vocabulary)
             for d in (aside, placed)]
    assert roles == [ReportedAs.BACKGROUND, ReportedAs.MAIN]
