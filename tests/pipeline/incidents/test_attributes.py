from incidentwatch.models import EventType
from incidentwatch.pipeline.incidents.attributes import PlaceContext, SceneBefore, event_type, location
from incidentwatch.pipeline.incidents.resolution import IncidentDraft

from .builders import mention, place, toll


def test_a_village_known_only_abroad_yields_to_the_district_the_sentence_names():
    m = mention("Two soldiers were martyred in the Jani Khel area of Bannu district.", killed=toll(2), places=("Jani Khel", "Bannu"))
    loc = location(IncidentDraft(mentions=[m]), PlaceContext("PK", [place("Bannu")]))
    assert (loc.country, loc.admin1, loc.admin2, loc.place) == ("PK", "Khyber Pakhtunkhwa", "Bannu", "Jani Khel")


def test_a_place_abroad_stays_abroad_when_the_sentence_names_nothing_at_home():
    m = mention("Airstrikes hit Jani Khel in Khost province.", killed=toll(9), places=("Jani Khel", "Khost"))
    loc = location(IncidentDraft(mentions=[m]), PlaceContext("AF"))
    assert loc.country == "AF"


def test_the_district_comes_from_the_first_mention_that_names_one():
    lead = mention("A suicide attack struck a seminary in Khost during Friday prayers.", killed=toll(5), places=("Khost",))
    later = mention("The blast in Bannu killed five people.", index=1, killed=toll(5), places=("Bannu",))
    loc = location(IncidentDraft(mentions=[lead, later]), PlaceContext("PK"))
    assert (loc.admin1, loc.admin2) == ("Khyber Pakhtunkhwa", "Bannu")


def _attack(trigger: EventType) -> IncidentDraft:
    lead = mention("A deadly attack on a convoy in Bannu left 12 people dead.", killed=toll(12), places=("Bannu",))
    lead.triggers = [(lead.start + 9, trigger)]
    return IncidentDraft(mentions=[lead])


def test_a_type_stated_only_in_later_sentences_types_an_attack(vocabulary):
    around = [(5000, EventType.ARMED_ASSAULT)]  # "... the firing went on for an hour"
    assert event_type(_attack(EventType.OTHER), vocabulary, toll(12), around=around) is EventType.ARMED_ASSAULT


def test_later_sentences_only_make_a_typed_attack_a_suicide_bombing(vocabulary):
    bombing = _attack(EventType.BOMBING)
    assert event_type(bombing, vocabulary, toll(12), around=[(5000, EventType.ARMED_ASSAULT)]) is EventType.BOMBING
    assert event_type(bombing, vocabulary, toll(12), around=[(5000, EventType.SUICIDE_BOMBING)]) is EventType.SUICIDE_BOMBING


def _clash(text: str) -> IncidentDraft:
    lead = mention(text, killed=toll(9), places=("Bannu",))
    lead.triggers = [(lead.start + text.index("exchange"), EventType.CLASH)]
    return IncidentDraft(mentions=[lead])


def test_an_exchange_of_fire_begun_by_an_attack_on_a_post_is_an_armed_assault(vocabulary):
    attack = _clash("Nine guards died when raiders struck at a checkpoint in Bannu, and in the exchange of fire that followed two of them fell.")
    assert event_type(attack, vocabulary, toll(9)) is EventType.CLASH  # "struck at" tells no post attacked
    attack = _clash("Nine guards died in an attack on a Levies checkpoint in Bannu, and in the exchange of fire that followed two raiders fell.")
    assert event_type(attack, vocabulary, toll(9)) is EventType.ARMED_ASSAULT
    attack = _clash("Militants stormed a bazaar in Bannu and an exchange of fire with the guards left nine dead.")
    assert event_type(attack, vocabulary, toll(9)) is EventType.ARMED_ASSAULT


def test_an_exchange_of_fire_whose_initiator_is_not_told_stays_a_clash(vocabulary):
    assert event_type(_clash("Nine men died in an exchange of fire between two armed groups in Bannu."), vocabulary, toll(9)) is EventType.CLASH


def _one_officer(text: str, *types: EventType) -> IncidentDraft:
    lead = mention(text, killed=toll(1), places=("Bannu",))
    lead.triggers = [(lead.start + 10 * i, t) for i, t in enumerate(types)]
    return IncidentDraft(mentions=[lead])


def test_an_officer_who_fell_in_a_gun_battle_was_not_a_chosen_target(vocabulary):
    shot = _one_officer("Gunmen shot dead a police inspector near his home in Bannu.", EventType.ARMED_ASSAULT)
    assert event_type(shot, vocabulary, toll(1)) is EventType.TARGETED_KILLING
    battle = _one_officer("A police inspector was martyred in a gun battle with raiders who attacked in Bannu.",
                          EventType.CLASH, EventType.ARMED_ASSAULT)
    assert event_type(battle, vocabulary, toll(1)) is EventType.ARMED_ASSAULT


def test_an_encounter_with_attackers_who_tried_to_attack_a_post_is_an_armed_assault(vocabulary):
    def lead(text: str) -> IncidentDraft:
        m = mention(text, killed=toll(3, militants=3), places=("Bannu",))
        m.triggers = [(m.start + text.index("encounter"), EventType.SECURITY_OPERATION)]
        if "attack" in text:
            m.triggers.append((m.start + text.index("attack"), EventType.OTHER))
        return IncidentDraft(mentions=[m])
    tried = lead("Troops killed three raiders in an encounter after they tried to attack a Frontier Corps post in Bannu.")
    assert event_type(tried, vocabulary, toll(3, militants=3)) is EventType.ARMED_ASSAULT
    hideout = lead("Troops killed three militants in an encounter at their hideout in Bannu after an attack on a school.")
    assert event_type(hideout, vocabulary, toll(3, militants=3)) is EventType.SECURITY_OPERATION


def test_the_forces_killing_the_attackers_is_read_apart_from_the_attackers_dying(vocabulary):
    assert vocabulary.forces_killed_attackers.search("Security forces killed two armed assailants in an encounter")
    assert vocabulary.forces_killed_attackers.search("Police shot dead the attackers near the gate")
    assert not vocabulary.forces_killed_attackers.search("Three terrorists were neutralised while entering the base")


def test_would_be_suicide_bombers_told_storming_near_the_incident_make_an_armed_assault(vocabulary):
    lead = mention("Early on Monday an attack took place at the cantonment in Bannu.", places=("Bannu",))
    lead.triggers = [(lead.start + 18, EventType.OTHER)]
    attack = IncidentDraft(mentions=[lead])
    around = [(5000, EventType.SUICIDE_BOMBING)]
    stormed = "Heavily armed militants, among them would-be suicide bombers, stormed the perimeter."
    assert event_type(attack, vocabulary, toll(), around=around, around_text=stormed) is EventType.ARMED_ASSAULT
    blew_up = "A suicide bomber blew himself up at the gate, and armed militants stormed the perimeter."
    assert event_type(attack, vocabulary, toll(), around=around, around_text=blew_up) is EventType.SUICIDE_BOMBING
    assert event_type(attack, vocabulary, toll(), around=around) is EventType.SUICIDE_BOMBING


def test_a_town_known_only_in_another_province_yields_to_the_district_the_sentence_names():
    m = mention("Eight militants were killed in the Kot Sultan area of Kulachi tehsil in Dera Ismail Khan district.",
                killed=toll(8, militants=8), places=("Kot Sultan", "Dera Ismail Khan"))
    loc = location(IncidentDraft(mentions=[m]), PlaceContext("PK"))
    assert (loc.admin1, loc.admin2) == ("Khyber Pakhtunkhwa", "Dera Ismail Khan")


def test_the_dateline_beats_a_place_that_names_only_the_country():
    m = mention("QUETTA, Pakistan - The death toll in a blast in southwest Pakistan increases to 14.", killed=toll(14), places=("Pakistan",))
    loc = location(IncidentDraft(mentions=[m]), PlaceContext("PK", [place("Quetta")]))
    assert (loc.admin1, loc.admin2) == ("Balochistan", "Quetta")


def test_the_headline_locates_an_incident_whose_text_names_no_place():
    m = mention("Officials said 19 bodies had been received at two hospitals after the blast.", killed=toll(19))
    draft = IncidentDraft(mentions=[m])
    assert location(draft, PlaceContext("PK")).admin2 is None
    loc = location(draft, PlaceContext("PK", title=[place("Peshawar", 22)]))
    assert (loc.admin1, loc.admin2) == ("Khyber Pakhtunkhwa", "Peshawar")


def test_an_attack_told_after_a_summary_takes_the_summarys_place_and_then_the_sentence_before_it():
    m = mention("In another attack the same night, a constable was shot dead near his house.", killed=toll(1))
    m.context_places = [place("Bannu")]
    assert location(IncidentDraft(mentions=[m]), PlaceContext("PK", [place("Peshawar")])).admin2 == "Bannu"
    bare = mention("On 28 August, ten militants were killed.", killed=toll(10, militants=10))
    assert location(IncidentDraft(mentions=[bare]), PlaceContext("PK", [place("Peshawar")], scene=lambda: SceneBefore(adjacent=[place("Bannu")]))).admin2 == "Bannu"


def test_a_town_joined_to_another_district_of_the_same_province_yields_to_it():
    m = mention("A bomb killed five people in Swat's Bara Bandai area on Tuesday.", killed=toll(5), places=("Swat", "Bara"))
    loc = location(IncidentDraft(mentions=[m]), PlaceContext("PK"))
    assert (loc.admin2, loc.place) == ("Swat", "Bara")


def test_two_districts_told_side_by_side_are_no_namesakes():
    m = mention("Four policemen were martyred in Lakki Marwat and two soldiers in Khyber's Bara tehsil.", killed=toll(6),
                places=("Lakki Marwat", "Khyber", "Bara"))
    assert location(IncidentDraft(mentions=[m]), PlaceContext("PK")).admin2 == "Lakki Marwat"


def test_the_scene_before_an_incident_skips_other_incidents_and_keeps_the_quiet_sentence_before_it():
    from incidentwatch.models import Sentence
    from incidentwatch.pipeline.incidents.attributes import scene_before

    texts = ["Operations went on in Bannu.", "Gunmen killed two in Peshawar.", "Since August, troops searched Wana.", "Ten militants were killed."]
    sentences = [Sentence(start=1000 * i, end=1000 * i + len(t), text=t, paragraph=0, index=i) for i, t in enumerate(texts)]
    other = IncidentDraft(mentions=[mention(texts[1], index=1, paragraph=0, killed=toll(2), places=("Peshawar",))])
    draft = IncidentDraft(mentions=[mention(texts[3], index=3, paragraph=0, killed=toll(10, militants=10))])
    named = {0: [place("Bannu")], 1: [place("Peshawar", 1000)], 2: [place("Wana", 2000)]}
    scene = scene_before(draft, [other], sentences, lambda s: named.get(s.index, []), lambda s: s.index != 1)
    assert [p.text for p in scene.places] == ["Wana", "Bannu"]
    assert [p.text for p in scene.adjacent] == ["Wana"]
    quiet_none = scene_before(draft, [other], sentences, lambda s: named.get(s.index, []), lambda s: False)
    assert quiet_none.adjacent == []


def test_the_khawarij_are_the_ttp_in_pakistan_and_islamic_state_khorasan_in_afghanistan(vocabulary):
    from incidentwatch.models.mentions import ActorMention
    from incidentwatch.pipeline.incidents.attributes import perpetrators

    m = mention("A blast killed four worshippers; officials blamed the attack on the Khawarij.", killed=toll(4))
    at = m.sentence.text.index("Khawarij")
    actor = ActorMention(start=at, end=at + 8, text="Khawarij", name="TTP", kind="group")
    draft = IncidentDraft(mentions=[m])
    names = {c: [p.name for p in perpetrators(draft, EventType.BOMBING, [m.sentence], [actor], vocabulary, country=c)] for c in ("PK", "AF")}
    assert names == {"PK": ["TTP"], "AF": ["IS-K"]}
