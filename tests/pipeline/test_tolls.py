import pytest

from incidentwatch.models import VictimCategory
from incidentwatch.pipeline.quantities import QuantityStage, find_quantities
from incidentwatch.pipeline.tolls import categorise, combine, read_tolls, sum_items
from tests.factories import make_sentence


def _reader(res):
    stage = QuantityStage(res.numbers)

    def _read(text):
        s = make_sentence(text)
        qs = find_quantities(s, stage.lexicon, pattern=stage.pattern, exclude=[])
        return read_tolls(s, qs, res.taxonomy.victims)

    return _read


@pytest.fixture(scope="module")
def read(small_resources):
    return _reader(small_resources)


@pytest.mark.parametrize(
    ("text", "killed", "injured", "splits"),
    [
        ("Four people, including three Chinese nationals, were killed.", 4, None, {"foreigners": 3}),
        ("The blast killed four people, including three Chinese nationals.", 4, None, {"foreigners": 3}),
        ("Five soldiers were martyred while six terrorists were killed.", 11, None, {"security": 5, "militants": 6}),
        ("At least 380 people were killed and 220 injured.", 380, 220, {}),
        ("Militants killed two policemen and injured three others.", 2, 3, {"security": 2}),
        ("A policeman was shot dead.", 1, None, {"security": 1}),
        ("Two DSPs and 31 other policemen lost their lives.", 33, None, {"security": 33}),
        ("The death toll rose to 11 on Wednesday.", 11, None, {}),
        ("Three policemen were martyred and another six sustained injuries.", 3, 6, {"security": 3}),
        ("Of the 38 people injured, eight remain under treatment.", None, 38, {}),
        ("Initial reports confirmed 45 deaths, but this number has since risen to around 50.", 50, None, {}),
        ("Two more students succumbed, which increased the death toll to eight.", 8, None, {}),
        ("The attack resulted in the martyrdom of 13 soldiers.", 13, None, {"security": 13}),
        ("Eleven people, among them seven soldiers, lost their lives in the blast.", 11, None, {"security": 7}),
        ("Troops killed 13 members of Fitna al Khawarij in the raid.", 13, None, {"militants": 13}),
        ("Troops engaged the terrorists' location and five of them were killed.", 5, None, {"militants": 5}),
        ("Security forces eliminated nine terrorists in the operation.", 9, None, {"militants": 9}),
        # issue 10, real pages: a headline run into its lead states one figure twice
        ("Blast Hits Police Van, Killing Five Officers A bomb near a police van resulted in the death of at least five police officers.",
         5, None, {}),
        # ... but two groups of the same size joined by "and" are two groups
        ("Gunmen killed two policemen at a checkpoint, and bombers later killed two policemen at a police station.", 4, None, {"security": 4}),
        ("The death toll has risen to four after two more wounded police officers succumbed to their injuries.", 4, None, {}),
        ("Two policemen were martyred while as many were injured.", 2, 2, {"security": 2}),
        ("Two more people wounded in Saturday's bomb blast at a vegetable market died in hospital.", 2, None, {}),
        ("Three people were wounded while two others died later.", 2, 3, {}),
        ("At least five injured persons were in a critical condition, officials said.", None, None, {}),
        ("Ten people were injured and are in critical condition.", None, 10, {}),
        ("Six soldiers patrolling near the Afghan border were killed in North Waziristan.", 6, None, {"security": 6}),
        ("The blast damaged the wall, inflicting injuries on three innocent civilians.", None, 3, {}),
        ("A police official was killed and another injured when a bomb went off.", 1, 1, {}),
        ("Four tribal elders were assassinated on Monday.", 4, None, {}),
        ("Seven soldiers — including two officers — were martyred in the attack.", 7, None, {"security": 7}),
        ("The attack ended in the loss of five soldiers and the elimination of three attackers.", 8, None, {"security": 5, "militants": 3}),
        # "claimed lives of" without its article, both coordinated groups counted
        ("The attacks claimed lives of 40 security personnel and 17 civilians.", 57, None, {"security": 40, "civilians": 17}),
        ("The ambush claimed the life of a soldier.", 1, None, {"security": 1}),
    ],
)
def test_tolls_count_the_killed_and_injured_and_split_them(read, text, killed, injured, splits):
    _assert_tolls(read(text), killed, injured, splits)


def _assert_tolls(toll, killed, injured, splits):
    k, i = sum_items(toll.of("killed")), sum_items(toll.of("injured"))
    assert k.total == killed and i.total == injured
    for category, value in splits.items():
        assert k.split(VictimCategory(category)) == value


def test_tolls_ignore_a_bomber_who_is_not_counted(read):
    assert read("A suicide bomber targeted a convoy of engineers.").items == []


def test_combine_takes_the_latest_revised_toll(read):
    first = sum_items(read("Initially four people were killed.").of("killed"))
    later = sum_items(read("The death toll later rose to seven.").of("killed"))
    assert combine([first, later]).total == 7


def test_a_toll_above_the_plausibility_bound_is_no_toll(read):
    assert read("At least 250000 people were killed in the attack.").of("killed") == []
    assert [i.quantity.low for i in read("At least 25 people were killed in the attack.").of("killed")] == [25]


def test_a_part_of_another_role_is_no_part_and_sums_without_error(read):
    tolls = read("The bombing killed at least five people, including two injured")
    assert sum_items(tolls.of("killed")).total == 5 and sum_items(tolls.of("injured")).total == 2


def test_a_number_after_a_revised_toll_is_no_revision_itself(read):
    toll = read("The death toll rose to 11 on Wednesday evening after four critically injured passengers died.")
    assert [(i.quantity.low, i.update) for i in toll.items] == [(11, True), (4, False)]


@pytest.fixture(scope="module")
def read_full(resources):
    """The package's own lexicons: the militants' spellings of real pages are not in the small ones."""
    return _reader(resources)


@pytest.mark.parametrize(
    ("text", "killed", "injured", "splits"),
    [
        # a count of people broken down in apposition, not more victims
        ("Three people, a policeman and two polio workers, lost their lives.", 3, None, {"security": 1, "civilians": 2}),
        ("Eight members of a family, including five children, were killed.", 8, None, {}),
        # parts of a whole of their own kind are no more of that kind
        ("The blast wounded three civilians, including two children and a woman.", None, 3, {}),
        ("Security forces sent eight khwarij to hell in the raid.", 8, None, {"militants": 8}),
        ("Five people were killed and 18 others suffered injuries.", 5, 18, {}),
        ("Security forces killed five kharijites in the operation.", 5, None, {"militants": 5}),
        ("The death toll from a suicide bombing in the city early Thursday has reached at least 20 people.", 20, None, {}),
        # the ISPR's words in quotes
        ('After an exchange of fire, six terrorists were "sent to hell", while four others were injured.', 6, 4, {"militants": 6}),
        ('Security forces "mowed down" three terrorists in Tirah.', 3, None, {"militants": 3}),
    ],
)
def test_tolls_of_real_pages_phrasings(read_full, text, killed, injured, splits):
    _assert_tolls(read_full(text), killed, injured, splits)


def test_parts_of_a_whole_of_their_own_kind_fill_no_split_twice(read_full):
    toll = read_full("The blast wounded three civilians, including two children and a woman.")
    assert sum_items(toll.of("injured")).split(VictimCategory("civilians")) == 3


def test_a_toll_reached_a_clause_after_death_toll_is_a_revision(read_full):
    toll = read_full("The death toll from a suicide bombing in the city early Thursday has reached at least 20 people.")
    assert [(i.quantity.low, i.update) for i in toll.items] == [(20, True)]


def test_injured_who_died_are_dead_and_the_revision_mark_does_not_jump_a_number(read_full):
    toll = read_full("The death toll climbed to 10 on Sunday as two injured persons died in hospital.")
    assert [(i.quantity.low, i.role, i.update) for i in toll.items] == [(10, "killed", True), (2, "killed", False)]
    assert sum_items(toll.of("killed")).total == 10


def test_a_list_of_kinds_of_people_adds_up(read_full):
    # no count of people in general before them: three kinds, each more victims
    toll = read_full("Three policemen, two soldiers and a civilian were killed.")
    assert sum_items(toll.of("killed")).total == 6


def test_categorise_answers_per_lexicon_though_memoised():
    # the memo is kept per victims lexicon: the same noun under another lexicon is read afresh
    police = {"security": ("constables",), "civilians": ()}
    civil = {"security": (), "civilians": ("constables",)}
    assert categorise("two constables", police) is VictimCategory.SECURITY
    assert categorise("two constables", civil) is VictimCategory.CIVILIANS
    assert categorise("two constables", police) is VictimCategory.SECURITY
    assert categorise("two retired constables", police) is None  # "former" and "retired" name no victim category

