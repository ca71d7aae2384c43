from datetime import date

from incidentwatch.models import DatePrecision, EventType
from incidentwatch.models.mentions import TemporalMention
from incidentwatch.pipeline.incidents.resolution import (
    IncidentDraft,
    drop_stray_headlines,
    fits,
    group_in_order,
    join_fitting,
)

from .builders import mention, toll

MONDAY, SUNDAY = date(2025, 2, 17), date(2025, 2, 16)


def test_a_later_sentence_about_the_same_attack_joins_it(vocabulary):
    lead = mention("Five people were killed in a blast in Bannu on Monday.", index=0, killed=toll(5), places=("Bannu",), days=(MONDAY,))
    officer = mention("Meanwhile, the emergency officer said 12 people were injured in the blast.", index=1,
                      injured=toll(12), may_start_new=True)
    drafts = join_fitting(group_in_order([lead, officer], vocabulary), vocabulary)
    assert [len(d.mentions) for d in drafts] == [2]


def test_another_incident_stays_apart_even_without_a_place(vocabulary):
    lead = mention("Two soldiers were martyred in Bannu on Monday.", index=0, killed=toll(2), places=("Bannu",))
    other = mention("In another incident, a policeman was shot dead.", index=1, killed=toll(1), starts_new=True)
    assert len(join_fitting(group_in_order([lead, other], vocabulary), vocabulary)) == 2


def test_another_place_or_another_day_is_a_second_event(vocabulary):
    first = IncidentDraft(mentions=[mention("Two soldiers were martyred in Bannu.", killed=toll(2), places=("Bannu",), days=(MONDAY,))])
    elsewhere = IncidentDraft(mentions=[mention("Meanwhile, a policeman was killed in Wana.", index=1, killed=toll(1), places=("Wana",))])
    other_day = IncidentDraft(mentions=[mention("Meanwhile, a policeman was killed.", index=1, killed=toll(1), days=(SUNDAY,))])
    assert not fits(first, elsewhere, vocabulary)
    assert not fits(first, other_day, vocabulary)


def test_a_larger_toll_that_is_no_revision_is_another_event(vocabulary):
    first = IncidentDraft(mentions=[mention("Six people were killed in Bannu.", killed=toll(6), places=("Bannu",))])
    larger = IncidentDraft(mentions=[mention("Meanwhile, dozens have been killed.", index=1, killed=toll(24))])
    revised = IncidentDraft(mentions=[mention("The toll rose to nine.", index=1, killed=toll(9, updated=True))])
    assert not fits(first, larger, vocabulary)
    assert fits(first, revised, vocabulary)


def test_a_mention_fitting_two_earlier_events_joins_neither(vocabulary):
    a = mention("Two soldiers were martyred in Bannu.", index=0, killed=toll(2), places=("Bannu",))
    b = mention("In another attack, a policeman was killed in Wana.", index=1, killed=toll(1), places=("Wana",), starts_new=True)
    c = mention("Meanwhile, one person was injured.", index=2, injured=toll(1), may_start_new=True)
    assert [len(d.mentions) for d in join_fitting(group_in_order([a, b, c], vocabulary), vocabulary)] == [1, 1, 1]


def test_a_new_place_without_toll_starts_an_event_only_after_in_at_near(vocabulary):
    lead = mention("Two labourers were shot dead in Bannu on Monday.", index=0, killed=toll(2), places=("Bannu",))
    lead.triggers = []
    pipeline = mention("Unidentified men blew up a pipeline near Quetta.", index=1, places=("Quetta",))
    pipeline.triggers = [(1000, "bombing")]
    travel = mention("The convoy was travelling to Quetta when it was ambushed.", index=1, places=("Quetta",))
    travel.triggers = [(1000, "armed_assault")]
    assert len(group_in_order([lead, pipeline], vocabulary)) == 2
    assert len(group_in_order([lead, travel], vocabulary)) == 1


def test_another_source_counting_the_same_explosion_is_the_same_event(vocabulary):
    first = IncidentDraft(mentions=[mention("Fourteen people were killed in a suicide bombing in Quetta.", killed=toll(14), places=("Quetta",))])
    source = IncidentDraft(mentions=[mention("He claimed 15 workers lost their lives in the explosion.", index=4, killed=toll(15))])
    assert fits(first, source, vocabulary)


def test_another_month_is_another_event(vocabulary):
    lead = mention("Thirteen soldiers were killed in a suicide bombing in Bannu on Monday.", killed=toll(13), places=("Bannu",), days=(MONDAY,))
    recap = mention("In early March, 10 militants were shot dead in Bannu.", index=1, killed=toll(10), places=("Bannu",))
    recap.dates = [TemporalMention(start=1000, end=1014, text="In early March", range_start=date(2025, 3, 1),
                                   range_end=date(2025, 3, 31), precision=DatePrecision.MONTH)]
    assert len(group_in_order([lead, recap], vocabulary)) == 2


def test_a_second_toll_in_another_town_is_another_event(vocabulary):
    lead = mention("Six terrorists were killed in an operation in Wana.", killed=toll(6, militants=6), places=("Wana",))
    other = mention("Another terrorist was killed in an operation in Quetta.", index=1, killed=toll(1, militants=1), places=("Quetta",))
    assert len(group_in_order([lead, other], vocabulary)) == 2


def test_an_incident_told_only_by_a_stray_headline_is_dropped(vocabulary):
    lead = mention("Two policemen were martyred in Bannu on Monday.", index=1, killed=toll(2), places=("Bannu",), days=(MONDAY,))
    other_story = mention("Six Soldiers Martyred In Wana Ambush", index=2, killed=toll(6), places=("Wana",), stray_headline=True)
    drafts = drop_stray_headlines(join_fitting(group_in_order([lead, other_story], vocabulary), vocabulary))
    assert [d.mentions for d in drafts] == [[lead]]


def test_stray_headlines_are_kept_when_no_prose_tells_an_incident(vocabulary):
    only = mention("Six Soldiers Martyred In Wana Ambush", index=2, killed=toll(6), places=("Wana",), stray_headline=True)
    assert len(drop_stray_headlines(group_in_order([only], vocabulary))) == 1


def test_a_sentence_opening_on_a_month_starts_another_event(vocabulary):
    for text in ("In December, IS claimed a suicide bombing in Kabul that killed a minister.",
                 "In June 2024, a bomber struck a police station in Tank."):
        assert vocabulary.new_event.match(text), text
    assert not vocabulary.new_event.match("In Kabul, a bomber struck the ministry on Tuesday.")
def test_a_mention_at_an_earlier_events_place_with_another_day_or_an_impossible_toll_does_not_go_back(vocabulary):
    from incidentwatch.pipeline.incidents.resolution import group_in_order
    operation = mention("The first operation took place in Bannu, where two terrorists were killed.", index=1,
                        killed=toll(2, militants=2), places=("Bannu",), days=(date(2024, 10, 27),))
    second = mention("In a second operation in Wana, two more terrorists were killed.", index=2, killed=toll(2, militants=2), places=("Wana",))
    bombing = mention("On Saturday, a suicide bombing in Bannu killed at least eight people.", index=3, killed=toll(8),
                      places=("Bannu",), days=(date(2024, 10, 26),))
    drafts = group_in_order([operation, second, bombing], vocabulary)
    assert [[m.sentence.index for m in d.mentions] for d in drafts] == [[1], [2], [3]]
    more = mention("In Bannu, police said the militants had hideouts in the hills.", index=3, places=("Bannu",))
    drafts = group_in_order([operation, second, more], vocabulary)
    assert [[m.sentence.index for m in d.mentions] for d in drafts] == [[1, 3], [2]]


def test_more_victims_in_another_town_of_the_district_are_the_same_events(vocabulary):
    lead = mention("Three policemen were martyred in an attack in Lakki Marwat.", killed=toll(3), places=("Lakki Marwat",))
    more = mention("Two more police officers were injured when militants fired on the vehicle near Sarai Naurang.", index=1,
                   injured=toll(2), places=("Sarai Naurang",))
    assert len(join_fitting(group_in_order([lead, more], vocabulary), vocabulary)) == 1
    own = mention("Two police officers were injured when militants fired on a vehicle near Sarai Naurang.", index=1,
                  injured=toll(2), places=("Sarai Naurang",))
    assert len(join_fitting(group_in_order([lead, own], vocabulary), vocabulary)) == 2


def test_the_event_recalled_as_what_came_before_it_elsewhere_is_another_event(vocabulary):
    lead = mention("Four people were killed in a blast on Sariab Road on Monday.", killed=toll(4))
    recap = mention("The blast comes a day after gunmen killed two Levies personnel in Kalat.", index=1, killed=toll(2), places=("Kalat",))
    assert len(join_fitting(group_in_order([lead, recap], vocabulary), vocabulary)) == 2
    more = mention("The blast at the market in Kalat killed four people, police said.", index=1, killed=toll(4), places=("Kalat",))
    assert len(join_fitting(group_in_order([lead, more], vocabulary), vocabulary)) == 1  # no recap: more about the blast


def test_an_aside_with_its_own_toll_by_another_means_of_attack_is_another_event(vocabulary):
    lead = mention("Four policemen were martyred when militants attacked their car with a grenade in Dera Ismail Khan.", index=0,
                   killed=toll(4), places=("Dera Ismail Khan",), triggers=(EventType.ARMED_ASSAULT,))
    aside = mention("In the meantime, a roadside bomb injured two Levies men.", index=1, injured=toll(2), may_start_new=True,
                    triggers=(EventType.BOMBING,))
    assert len(join_fitting(group_in_order([lead, aside], vocabulary), vocabulary)) == 2
    # the same means (a suicide attack's blast), or an aside without a toll, stays the same event
    bombing = mention("A suicide bomber killed four people in Dera Ismail Khan.", index=0, killed=toll(4), places=("Dera Ismail Khan",),
                      triggers=(EventType.SUICIDE_BOMBING,))
    blast = mention("Meanwhile, the blast injured 12 people.", index=1, injured=toll(12), may_start_new=True, triggers=(EventType.BOMBING,))
    assert len(join_fitting(group_in_order([bombing, blast], vocabulary), vocabulary)) == 1
    no_toll = mention("In the meantime, a bomb disposal squad reached the spot.", index=1, may_start_new=True, triggers=(EventType.BOMBING,))
    assert len(join_fitting(group_in_order([lead, no_toll], vocabulary), vocabulary)) == 1
