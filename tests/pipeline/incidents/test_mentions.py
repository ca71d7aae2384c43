from datetime import date

import pytest

from incidentwatch.models import EventType, Place, Qualifier, Sentence
from incidentwatch.models.mentions import PlaceMention, TemporalMention
from incidentwatch.pipeline import Pipeline, default_stages
from incidentwatch.pipeline.incidents.mentions import (
    MentionReader,
    locative,
    named_not_place,
    reporting_date,
    stray_headline,
)
from tests.factories import make_article


@pytest.fixture(scope="module")
def mentions_of(resources, vocabulary):
    pipe = Pipeline(default_stages(resources))

    def _read(text):
        doc = pipe(make_article(text, published=date(2025, 2, 10)))
        return [m.text for m in MentionReader(doc, vocabulary).read()]

    return _read


@pytest.mark.parametrize("sentence", [
    "At least 130 people have lost their lives in clashes and attacks on convoys in Kurram district since last July.",
    "Militants killed 40 people in 12 attacks in Bannu over the past six months.",
    "So far this year, 23 policemen have been martyred in Lakki Marwat district.",
    "Among those killed in terrorist attacks across Pakistan in the month were 91 civilians and 54 policemen.",
    "Those injured in these attacks included 231 civilians, 72 policemen and 19 soldiers.",
    "Security forces launched six small-scale operational attacks against militants, five in Balochistan.",
    # the aggregate classes of the real statistical pages (tune half)
    "He said KP bore the brunt of most terror attacks last year. 1410 hardened militants were gunned down during these counter terrorism measures.",
    "A slight decrease was observed in June 2023 in terms of militant attacks across the Pakistan.",
    "The CTD issued its report of 2024 on Friday in which it claimed solving 22 terrorism cases, including the Mianwali air base attack case.",
    "The majority of attacks last month took place in Khyber Pakhtunkhwa (KP), followed by Balochistan and the tribal districts.",
])
def test_a_figure_over_a_period_or_many_events_is_no_mention(mentions_of, sentence):
    assert mentions_of(sentence + " Police gave the figures at a news conference in Peshawar.") == []


def test_the_single_attack_a_statistical_page_tells_is_still_a_mention(mentions_of):
    # "the deadliest attack of the month" names one attack, its place and day: an incident
    found = mentions_of("The majority of attacks last month took place in Khyber Pakhtunkhwa, followed by Balochistan. "
                        "The deadliest attack of the month was the suicide bombing of a police station in Bannu on January 12, "
                        "which killed 14 policemen.")
    assert len(found) == 1 and "Bannu" in found[0]


def test_a_single_attack_is_a_mention(mentions_of):
    found = mentions_of("Two soldiers were martyred when militants attacked a checkpost in Bannu on Sunday.")
    assert len(found) == 1


def test_two_events_in_one_sentence_are_two_mentions(mentions_of):
    found = mentions_of("Two soldiers were martyred in Mir Ali on Monday while a policeman was shot dead in Karachi.")
    assert len(found) == 2


def test_a_named_constable_shot_dead_counts_one_killed(resources, vocabulary):
    pipe = Pipeline(default_stages(resources))
    doc = pipe(make_article("In a separate incident, Constable Muhammad Akram was shot and killed in Bannu on Monday, police said.",
                            published=date(2025, 2, 11)))
    [found] = MentionReader(doc, vocabulary).read()
    assert (found.toll.total, found.toll.security, found.starts_new) == (1, 1, True)


def test_a_count_that_states_no_number_is_no_toll(mentions_of, resources, vocabulary):
    assert mentions_of("Several other individuals were reportedly injured, and the police cordoned off the whole area.") == []
    pipe = Pipeline(default_stages(resources))
    doc = pipe(make_article("At least 20 people were killed and dozens wounded in a blast in Mastung on Friday.", published=date(2025, 10, 18)))
    [found] = MentionReader(doc, vocabulary).read()
    assert (found.toll.total, found.injured.total) == (20, None)


def test_a_headline_line_after_the_first_paragraph_is_a_stray_headline():
    text = "Lead of the story.\n\nNine Militants Killed In Bajaur Operation\n\nMore prose follows here."
    start, end = text.index("Nine"), text.index("\n\nMore")
    line = Sentence(start=start, end=end, text=text[start:end], paragraph=1, index=1)
    prose = Sentence(start=0, end=18, text=text[:18], paragraph=0, index=0)
    assert stray_headline(line, text)
    assert not stray_headline(prose, text)
    first_line = Sentence(start=start, end=end, text=text[start:end], paragraph=0, index=0)
    assert not stray_headline(first_line, text)  # the first paragraph is the headline of the article
    assert stray_headline(first_line, text, titled=True)  # unless the title was found apart from the text


@pytest.mark.parametrize("sentence", [
    "In Bannu, militants fired a rocket at a police post on Sunday, but the attack was foiled without injury.",
    "Police in Shangla repelled a militant assault on a police checkpoint late on Sunday night.",
    "In Lakki Marwat, a checkpoint came under fire on Sunday but was defended successfully.",
])
def test_an_attack_beaten_back_is_a_mention(mentions_of, sentence):
    assert len(mentions_of(sentence)) == 1


@pytest.mark.parametrize("sentence", [
    "Police foiled a terror plot in Bannu on Sunday and arrested two suspects with explosives.",
    "A bomb disposal squad defused a powerful bomb planted near a girls school in Bannu on Sunday.",
])
def test_an_attack_stopped_before_it_was_made_is_no_mention(mentions_of, sentence):
    assert mentions_of(sentence) == []


def test_a_toll_across_several_districts_is_no_mention(mentions_of):
    assert mentions_of("Six policemen were martyred as militants attacked checkposts across seven districts of the province.") == []


@pytest.mark.parametrize(("sentence", "killed", "qualifier"), [
    ("A blast in Kabul on Monday killed the refugee minister, Khalil Haqqani, and at least four associates.", 5, Qualifier.AT_LEAST),
    ("Gunmen in Bannu on Monday shot dead a tribal elder and two of his guards outside his home.", 3, Qualifier.EXACT),
    ("A roadside bomb in Bannu on Monday killed a former lawmaker as he left a wedding.", 1, Qualifier.EXACT),
    ("Levies official Naseer Ahmed was shot dead by gunmen in Quetta on Monday evening.", 1, Qualifier.EXACT),
    ("A bomb in Kabul on Monday killed a senior health official and his driver as they left work.", 2, Qualifier.EXACT),
])
def test_a_titled_victim_counts_with_the_people_killed_beside_him(resources, vocabulary, sentence, killed, qualifier):
    doc = Pipeline(default_stages(resources))(make_article(sentence, published=date(2025, 2, 10)))
    [found] = MentionReader(doc, vocabulary).read()
    assert (found.toll.total, found.toll.qualifier) == (killed, qualifier)


def _place_at(text: str, name: str) -> PlaceMention:
    start = text.index(name)
    return PlaceMention(start=start, end=start + len(name), text=name, place=Place(
        id=name, name=name, kind="admin2", admin2=name, admin1="Zabul", country="AF", iso3166_2=None, lat=None, lon=None))


@pytest.mark.parametrize(("text", "name", "expected"), [
    ("Senator Anwaar-ul-Haq Kakar condemned the attack.", "Kakar", True),
    ("The bomber struck outside a Kabul Bank branch in Kunduz.", "Kabul", True),
    ("Gunmen attacked a post in Balochistan’s Kakar area.", "Kakar", False),
    ("Gunmen attacked a post in Upper Kakar on Monday.", "Kakar", False),
    ("Kakar is a district of Zabul.", "Kakar", False),
])
def test_a_place_name_that_is_a_surname_or_a_bank_is_no_scene(text, name, expected):
    assert named_not_place(_place_at(text, name), text, {"Balochistan’s", "Balochistan"}) is expected


def test_a_named_victim_killed_along_with_some_others_is_no_count(resources, vocabulary):
    text = "The minister Khalil Haqqani was killed along with some of his colleagues in a blast in Kabul on Monday."
    doc = Pipeline(default_stages(resources))(make_article(text, published=date(2025, 2, 10)))
    [found] = MentionReader(doc, vocabulary).read()
    assert found.toll.total is None


def test_killing_other_people_marks_the_toll_as_counted_besides(resources, vocabulary):
    text = "A bomber struck the ministry in Kabul on Monday as the minister signed papers, killing six other people."
    doc = Pipeline(default_stages(resources))(make_article(text, published=date(2025, 2, 10)))
    [found] = MentionReader(doc, vocabulary).read()
    assert (found.toll.total, found.toll.besides) == (6, True)


@pytest.mark.parametrize(("text", "day", "expected"), [
    ("The Islamic State group claimed Wednesday a bombing that killed five people.", "Wednesday", True),
    ("The TTP claimed responsibility on Wednesday for the attack.", "Wednesday", True),
    ("The blast claimed the lives of five people on Wednesday.", "Wednesday", False),
])
def test_the_day_of_a_claim_of_responsibility_dates_no_attack(vocabulary, text, day, expected):
    start = text.index(day)
    told = TemporalMention(start=start, end=start + len(day), text=day, range_start=None, range_end=None, precision=None)
    assert reporting_date(told, text, vocabulary) is expected


def test_a_sentence_telling_where_the_attack_happened_is_a_mention(mentions_of):
    found = mentions_of("A bomber struck a bank in northern Afghanistan, killing four people. "
                        "The attack occurred on Sunday in the city of Kunduz, police said.")
    assert len(found) == 2


def test_a_previous_attack_with_its_own_date_starts_another_event(resources, vocabulary):
    text = ("A bomber struck a bank in Kunduz on Sunday, killing four people. "
            "The bombing recalls a previous suicide attack in March 2024 in Kandahar, which killed three people.")
    doc = Pipeline(default_stages(resources))(make_article(text, published=date(2025, 2, 10)))
    found = MentionReader(doc, vocabulary).read()
    assert [m.starts_new for m in found] == [False, True]


def test_a_place_after_words_an_editor_put_in_brackets_is_where_it_happened():
    from .builders import mention as built

    found = built("An IBO was conducted by the security forces in [the] general area [of] Wana.", places=("Wana",))
    assert locative(found.places[0], found)


def test_an_attack_named_to_say_who_someone_is_gives_the_sentence_no_event_words(resources, vocabulary):
    text = ("Security forces on Tuesday killed the mastermind of last week's suicide attack on a Bannu police station "
            "in an intelligence-based operation in Lakki Marwat, the ISPR said.")
    doc = Pipeline(default_stages(resources))(make_article(text, published=date(2025, 3, 12)))
    [found] = MentionReader(doc, vocabulary).read()
    assert {t for _, t in found.triggers} == {EventType.SECURITY_OPERATION}
    assert [p.text for p in found.places] == ["Lakki Marwat"]


def test_event_words_apart_by_quote_marks_are_one_trigger(vocabulary):
    from incidentwatch.pipeline.incidents.mentions import find_triggers

    found = find_triggers('Sources said the afternoon “suicide" bombing occurred inside the ministry.', vocabulary)
    assert EventType.SUICIDE_BOMBING in {t for _, t in found}


def test_a_count_of_times_is_no_mention(mentions_of):
    assert mentions_of("The report further revealed that 86 times terrorists attacked North Waziristan and 50 times South Waziristan.") == []


def test_a_sum_over_two_provinces_is_no_mention(mentions_of):
    text = ("Security forces have killed 17 terrorists in Khyber Pakhtunkhwa and Balochistan.\n\n"
            "On Monday, troops killed 12 terrorists in an operation in the Tirah Valley of Khyber district.")
    assert mentions_of(text) == ["On Monday, troops killed 12 terrorists in an operation in the Tirah Valley of Khyber district."]


def test_a_summary_told_one_by_one_after_it_gives_its_place_to_the_attack_without_one(resources, vocabulary):
    pipe = Pipeline(default_stages(resources))
    doc = pipe(make_article("Gunmen shot dead a shopkeeper in Lakki Marwat on Thursday, police said.\n\n"
                            "In Bannu, three policemen were killed by armed men in two separate attacks on Friday night, police said.\n\n"
                            "Two constables were killed when gunmen opened fire on their van near the bazaar in Bannu.\n\n"
                            "In another attack the same night, a constable was shot dead near his house.", published=date(2025, 2, 10)))
    mentions = MentionReader(doc, vocabulary).read()
    assert [m.sentence.index for m in mentions] == [0, 2, 3]
    assert [p.text for p in mentions[2].context_places] == ["Bannu"]


def test_a_hospital_named_after_a_place_is_no_place(resources):
    text = "The bodies were taken to Charsadda Hospital."
    p = PlaceMention(start=text.index("Charsadda"), end=text.index("Charsadda") + 9, text="Charsadda", place=Place(
        id="x", name="Charsadda", kind="admin2", admin2="Charsadda", admin1="Khyber Pakhtunkhwa", country="PK",
        iso3166_2=None, lat=None, lon=None))
    assert named_not_place(p, text, set())


@pytest.mark.parametrize(("text", "date_text"), [
    ("Peshawar, Apr 25 (PTI) Security forces killed nine terrorists.", "Apr 25"),
    ("Khyber Pakhtunkhwa [Pakistan], October 28 : Four terrorists were killed.", "October 28"),
    ("“Since 20 August 2024, security forces are conducting operations in Tirah.", "20 August 2024"),
])
def test_a_wire_dateline_or_a_campaigns_start_dates_no_event(resources, vocabulary, text, date_text):
    start = text.index(date_text)
    t = TemporalMention(start=start, end=start + len(date_text), text=date_text, range_start=date(2024, 8, 20),
                        range_end=date(2024, 8, 20), precision=None)
    assert reporting_date(t, text, vocabulary)


def test_a_sum_over_as_many_named_places_as_it_counts_gives_one_untolled_mention_per_place(mentions_of, resources, vocabulary):
    pipe = Pipeline(default_stages(resources))
    doc = pipe(make_article("On Friday night, in three separate IBOs in Kech, Panjgur and Zhob, five terrorists were killed.",
                            published=date(2025, 2, 10)))
    mentions = MentionReader(doc, vocabulary).read()
    assert [sorted(p.text for p in m.places) for m in mentions] == [["Kech"], ["Panjgur"], ["Zhob"]]
    assert all(m.toll.total is None for m in mentions)


def test_a_campaigns_running_total_is_no_operations_toll(vocabulary):
    assert vocabulary.running_total.search("So far, 37 terrorists have been sent to hell, while 14 others were injured")
    assert vocabulary.running_total.search("so far, thirty seven khwarij have been killed")
    assert not vocabulary.running_total.search("So far, 12 bodies have been recovered from the rubble")


def test_an_opening_on_how_long_ago_or_on_the_second_blast_starts_another_event(vocabulary):
    for text in ("Nearly six months ago, the mosque came under attack", "About eight months ago, a bomb exploded",
                 "the second blast left a shopkeeper dead", "In another recent incident, a contractor was killed"):
        assert vocabulary.new_event.match(text), text
    assert not vocabulary.new_event.match("The blast went off two hours after the convoy passed")


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        # a reporting verb with its named subject before the day
        ("Four soldiers were martyred in a blast in Mir Ali, said the Inter-Services Public Relations (ISPR) on Tuesday.",
         "on Tuesday", True),
        ("Three policemen were killed, said the Khyber Pakhtunkhwa Police on Monday.", "on Monday", True),
        # the words between the verb and the day are the event's, not a named subject
        ("Officials said a suicide bomber attacked a convoy on Tuesday.", "on Tuesday", False),
        ("Police said militants attacked the checkpost on Friday night.", "on Friday night", False),
        # a bare ISO day is a page's stamp
        ("Blast kills two in Khar. Traders protest. 2025-07-09 Blast kills two in Khar", "2025-07-09", True),
        ("Two killed in Khar blast\n2025-07-09\nKHAR: Two people were killed on Monday.", "2025-07-09", True),
        ("The attack took place on 2025-07-07, police said.", "2025-07-07", False),
        # a reporting verb after the day, a dateline after or closing it
        ("The home secretary, on Wednesday confirmed that 15 people were killed in Tuesday's attack.", "on Wednesday", True),
        ("The group claimed the bombing, saying on Wednesday it targeted employees.", "on Wednesday", True),
        ("Blast in Kabul December 12, 2024 KABUL/ISLAMABAD - The minister was killed on Wednesday.", "December 12, 2024", True),
        ("RAWALPINDI, August 30 (SABAH): Security forces killed 17 terrorists.", "August 30", True),
        ("KABUL, Feb 13, 2025 (BSS/AFP) - A bank was bombed on Tuesday.", "Feb 13, 2025", True),
        ("Quetta (Balochistan), October 20 (Udaipur Kiran): The BLA claimed four attacks.", "October 20", True),
        ("Gunmen attacked the post on Wednesday night, police said.", "on Wednesday night", False),
    ],
)
def test_days_that_date_the_report_or_the_page_not_the_attack(vocabulary, text, day, expected):
    start = text.index(day)
    told = TemporalMention(start=start, end=start + len(day), text=day, range_start=None, range_end=None, precision=None)
    assert reporting_date(told, text, vocabulary) is expected


def test_separately_revising_the_told_events_toll_may_begin_another_event_but_is_no_evidence_of_one(resources, vocabulary):
    pipe = Pipeline(default_stages(resources))
    lead = "At least five people were killed and 20 injured in a blast in a market in Quetta on Monday, officials said. "
    revision = ("Separately, the hospital's medical superintendent, who had earlier said that four bodies and 18 injured "
                "had been brought in, said the death toll from the blast had risen to five.")
    other = "Separately, two policemen were shot dead in Turbat on Monday."
    for text, starts_new in ((revision, False), (other, True)):
        doc = pipe(make_article(lead + text, published=date(2025, 2, 10)))
        found = MentionReader(doc, vocabulary).read()
        assert found[-1].text.startswith("Separately") and found[-1].starts_new is starts_new, text
        assert found[-1].may_start_new or starts_new


def test_a_toll_given_as_a_range_is_no_toll(resources, vocabulary):
    pipe = Pipeline(default_stages(resources))
    doc = pipe(make_article("Four people died and 10 to 12 others were injured in a blast in Quetta on Monday, police said.",
                            published=date(2025, 2, 10)))
    found = MentionReader(doc, vocabulary).read()
    assert [(m.toll.total, m.injured.total) for m in found] == [(4, None)]
