from datetime import date

from incidentwatch.pipeline.incidents.follow_up_lead import follow_up_lead, without_days
from incidentwatch.pipeline.incidents.resolution import IncidentDraft
from tests.factories import make_sentence

from .builders import day, mention, place

FIR = "The CTD on Thursday registered the FIR of the bombing in Bannu which killed seven people on Wednesday."
CONDOLENCE = "A condolence reference was held at a school in Quetta for the martyrs of the attack in Bannu."


def test_the_days_before_the_cue_are_the_follow_ups_own(vocabulary):
    thursday, wednesday = day(date(2025, 8, 14), FIR.index("Thursday")), day(date(2025, 8, 13), FIR.index("Wednesday"))
    lead = follow_up_lead([make_sentence(FIR)], [thursday, wednesday], [], vocabulary)
    assert lead.days == {(thursday.start, thursday.end)}
    told = mention(FIR)
    told.dates = [thursday, wednesday]
    assert [t.range_start for t in without_days(IncidentDraft(mentions=[told]), lead.days).mentions[0].dates] == [date(2025, 8, 13)]
    assert told.dates == [thursday, wednesday]  # the draft itself is left as it was


def test_the_last_place_after_the_cue_is_the_attacks(vocabulary):
    places = [place("Quetta", CONDOLENCE.index("Quetta")), place("Bannu", CONDOLENCE.index("Bannu"))]
    lead = follow_up_lead([make_sentence(CONDOLENCE)], [], places, vocabulary)
    assert [p.text for p in lead.attack_places] == ["Bannu", "Quetta"]


def test_a_lead_that_tells_the_attack_gives_nothing(vocabulary):
    news = "Seven people were killed in a bombing in Bannu on Wednesday, police said."
    lead = follow_up_lead([make_sentence(news)], [day(date(2025, 8, 13), news.index("Wednesday"))],
                          [place("Bannu", news.index("Bannu"))], vocabulary)
    assert not lead.days and not lead.attack_places


def test_a_day_between_two_cues_is_the_follow_ups(vocabulary):
    strike = "Shops remained closed on Saturday as traders observed a strike against the killing of two men in Bannu on Thursday."
    saturday, thursday = day(date(2025, 6, 14), strike.index("Saturday")), day(date(2025, 6, 12), strike.index("Thursday"))
    lead = follow_up_lead([make_sentence(strike)], [saturday, thursday], [place("Bannu", strike.index("Bannu"))], vocabulary)
    assert lead.days == {(saturday.start, saturday.end)} and [p.text for p in lead.attack_places] == ["Bannu"]
