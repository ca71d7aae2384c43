from incidentwatch.models import EventType, Qualifier, Sentence, VictimCategory
from incidentwatch.models.mentions import QuantityMention
from incidentwatch.pipeline.incidents.tolls import (
    consistent,
    incident_tolls,
    mention_tolls,
    sum_mention,
    unstated_victims,
)
from incidentwatch.pipeline.tolls import TollItem

from .builders import toll


def _quantities(text: str, numbers: list[tuple[str, int, str]]) -> list[QuantityMention]:
    out = []
    for word, value, noun in numbers:
        start = text.index(word)
        noun_end = text.lower().index(noun, start) + len(noun) if noun else start + len(word)
        out.append(QuantityMention(start=start, end=start + len(word), text=word, low=value, high=value,
                                   qualifier=Qualifier.EXACT, noun=noun, noun_end=noun_end))
    return out


def _read(text, numbers, resources):
    return mention_tolls(Sentence(start=0, end=len(text), text=text, paragraph=0, index=0), _quantities(text, numbers),
                         resources.taxonomy.victims)


def test_killed_and_another_six_injured_stay_apart(resources):
    text = "Three policemen were martyred and another six sustained injuries when militants attacked."
    killed, injured = _read(text, [("Three", 3, "policemen"), ("six", 6, "")], resources)
    assert (killed.total, killed.security, injured.total) == (3, 3, 6)


def test_a_part_without_its_whole_counts_on_its_own():
    # "... killing at least five people, including" cut short: a part whose whole is elsewhere
    whole, part = _quantities("five people, including three Chinese nationals", [("five", 5, "people"), ("three", 3, "chinese nationals")])
    killed = sum_mention([TollItem(quantity=part, role="killed", category=VictimCategory.FOREIGNERS, part_of=whole)])
    assert (killed.total, killed.foreigners) == (3, 3)
    assert sum_mention([]).total is None


def test_rose_to_replaces_the_earlier_toll():
    killed, injured = incident_tolls([toll(4), toll(6, updated=True)], [toll(7)])
    assert (killed.total, injured.total) == (6, 7)


def test_a_restated_toll_never_adds():
    killed, _ = incident_tolls([toll(5), toll(5)], [])
    assert killed.total == 5


def test_a_category_the_lead_does_not_split_is_taken_from_a_later_mention():
    # "four civilians were killed ... two Chinese engineers were also killed": the total covers both
    killed, _ = incident_tolls([toll(4, civilians=4), toll(2, foreigners=2)], [])
    assert (killed.total, killed.civilians, killed.foreigners) == (6, 4, 2)


def test_consistent_tolls():
    assert consistent(toll(6), toll(2))  # "the dead included two women"
    assert consistent(toll(6), toll(9, updated=True))
    assert consistent(toll(), toll(3))
    assert not consistent(toll(6), toll(24))


def test_another_sources_higher_count_never_adds_to_the_lead():
    # police: 14 killed; a party spokesman: "15 of its workers lost their lives"
    killed, _ = incident_tolls([toll(14), toll(15, civilians=15)], [])
    assert (killed.total, killed.civilians) == (14, None)


def test_militants_killed_beside_the_victims_are_kept():
    killed, _ = incident_tolls([toll(5, security=5), toll(6, militants=6)], [])
    assert (killed.total, killed.security, killed.militants) == (11, 5, 6)


def test_a_later_count_of_other_people_adds_to_the_lead():
    minister = toll(1)
    others = toll(6)
    others.besides = True  # "... killing six other people"
    killed, _ = incident_tolls([minister, others], [])
    assert killed.total == 7


def test_a_count_of_other_people_that_revises_the_toll_replaces_it():
    others = toll(9, updated=True)
    others.besides = True
    killed, _ = incident_tolls([toll(1), others], [])
    assert killed.total == 9


def test_the_bomber_counted_among_the_dead_is_a_militant():
    text = "Six people, including the suicide bomber, were killed in the blast."
    killed, _ = mention_tolls(Sentence(start=0, end=len(text), text=text, paragraph=0, index=0),
                              _quantities(text, [("Six", 6, "people")]), {})
    assert (killed.total, killed.militants) == (6, 1)


def test_a_later_counted_toll_beats_a_lead_counted_from_named_victims():
    named = toll(1)
    named.inferred = True  # "DSP Ali was martyred ..."
    killed, _ = incident_tolls([named, toll(5)], [])  # "... in all, five policemen were killed"
    assert killed.total == 5
    kept, _ = incident_tolls([toll(1), toll(5)], [])  # a counted lead keeps its own figure
    assert kept.total == 1


def test_the_bomber_who_set_off_his_charge_beside_the_other_attackers_shot_dead_is_one_more_militant(resources):
    text = "Three guards were killed when one bomber detonated his explosives, while the other two attackers were shot dead."
    killed, _ = _read(text, [("Three", 3, "guards"), ("two", 2, "attackers")], resources)
    assert (killed.total, killed.militants) == (6, 3)
    # no "other": the attackers shot dead are all the militants the sentence tells
    text = "Three guards were killed when a bomber detonated his explosives, and two attackers were shot dead."
    killed, _ = _read(text, [("Three", 3, "guards"), ("two", 2, "attackers")], resources)
    assert (killed.total, killed.militants) == (5, 2)


def test_an_attack_that_counts_only_its_attackers_killed_no_known_victim_unless_the_forces_tell_it():
    attackers = toll(2, militants=2)
    assert unstated_victims(attackers, EventType.ARMED_ASSAULT).total is None
    assert unstated_victims(attackers, EventType.ARMED_ASSAULT, forces_killed=True).total == 2  # 2 - 2 militants: no victim
    assert unstated_victims(attackers, EventType.SECURITY_OPERATION).total == 2
    assert unstated_victims(toll(5, militants=2), EventType.ARMED_ASSAULT).total == 5
