import pytest
from hypothesis import given
from hypothesis import strategies as st

from incidentwatch.models import Qualifier
from incidentwatch.pipeline.quantities import QuantityStage, find_quantities
from tests.factories import make_sentence


@pytest.fixture(scope="module")
def stage(resources):
    return QuantityStage(resources.numbers)


def quantities(stage, text):
    return find_quantities(make_sentence(text), stage.lexicon, pattern=stage.pattern, exclude=[])


@pytest.mark.parametrize(
    ("text", "low", "high", "qualifier", "noun"),
    [
        ("at least 380 people were killed", 380, 380, Qualifier.AT_LEAST, "people"),
        ("four people died", 4, 4, Qualifier.EXACT, "people"),
        ("a dozen soldiers were martyred", 12, 12, Qualifier.EXACT, "soldiers"),
        ("dozens of civilians were hurt", 24, 24, Qualifier.APPROX, "civilians"),
        ("scores of people were injured", 40, 40, Qualifier.APPROX, "people"),
        ("over 132 security personnel", 132, 132, Qualifier.OVER, "security personnel"),
        ("more than 20 militants", 20, 20, Qualifier.OVER, "militants"),
        ("nearly 200 deaths", 200, 200, Qualifier.APPROX, "deaths"),
        ("some 30 terrorists", 30, 30, Qualifier.APPROX, "terrorists"),
        ("10 to 12 passengers", 10, 12, Qualifier.EXACT, "passengers"),
        ("a policeman was shot dead", 1, 1, Qualifier.EXACT, "policeman"),
        ("twenty-three people", 23, 23, Qualifier.EXACT, "people"),
        ("2,500 individuals", 2500, 2500, Qualifier.EXACT, "individuals"),
        ("half a dozen militants", 6, 6, Qualifier.EXACT, "militants"),
        ("at least three individuals perished in the attack", 3, 3, Qualifier.AT_LEAST, "individuals"),
    ],
)
def test_quantities_read_numbers_qualifiers_and_nouns(stage, text, low, high, qualifier, noun):
    found = quantities(stage, text)
    assert found, text
    q = found[0]
    assert (q.low, q.high, q.qualifier, q.noun) == (low, high, qualifier, noun)


def test_quantities_read_percent_of_with_its_noun(stage):
    q = quantities(stage, "accounting for about 92 percent of deaths")[0]
    assert (q.low, q.percent, q.qualifier, q.noun) == (92, True, Qualifier.APPROX, "deaths")


@pytest.mark.parametrize("text", ["an attack on a convoy", "one of the attackers fled", "at 10pm on the road", "Rs 500 million was allocated"])
def test_quantities_ignore_what_counts_no_people(stage, text):
    assert [q for q in quantities(stage, text) if not q.percent] == []


UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def words(n: int) -> str:
    if n < 10:
        return UNITS[n - 1]
    tens, unit = divmod(n, 10)
    return TENS[tens - 2] + (f"-{UNITS[unit - 1]}" if unit else "")


@given(st.integers(min_value=2, max_value=99).filter(lambda n: n < 10 or n >= 20))
def test_numbers_in_words_and_digits_parse_to_the_same_value(stage, n):
    stage_ = stage
    as_words = quantities(stage_, f"{words(n)} soldiers were martyred")
    as_digits = quantities(stage_, f"{n} soldiers were martyred")
    assert as_words[0].low == as_digits[0].low == n


@given(st.integers(min_value=1, max_value=500), st.integers(min_value=0, max_value=500), st.sampled_from(["at least", "over", "nearly", "about", ""]))
def test_a_range_keeps_low_at_most_high_and_a_qualifier_keeps_the_value(stage, low, extra, qualifier):
    stage_ = stage
    text = f"{qualifier} {low} to {low + extra} people were killed".strip()
    q = quantities(stage_, text)[0]
    assert q.low == low and q.high == low + extra and q.low <= q.high


@pytest.mark.parametrize("text", ["99999999999999999999 people were killed.", "1" * 5000 + " people were killed.",
                                  "1e400 soldiers were martyred.", "123456789 people died."])
def test_numbers_past_any_count_are_no_quantities(stage, text):
    found = find_quantities(make_sentence(text), stage.lexicon, pattern=stage.pattern, exclude=[])
    assert all(q.low <= 10_000_000 for q in found)


def test_a_figure_after_a_year_and_to_is_no_range_and_pc_is_a_percent(stage):
    text = "Attacks rose from 60 in May 2024 to 50 in June, and injuries rose 53pc."
    year = text.index("May 2024")
    found = find_quantities(make_sentence(text), stage.lexicon, pattern=stage.pattern, exclude=[(year, year + len("May 2024"))])
    assert [(q.low, q.high, q.percent) for q in found] == [(60, 60, False), (50, 50, False), (53, 53, True)]


def test_a_figure_written_with_its_multiplier(stage):
    found = quantities(stage, "over 75 thousand operations and 1.2 million people")
    assert [(q.low, q.qualifier, q.noun) for q in found] == [(75_000, Qualifier.OVER, "operations"), (1_200_000, Qualifier.EXACT, "people")]


@pytest.mark.parametrize(("text", "values"), [
    ("deaths and injuries fell by 12 and 18 percent respectively", [12, 18]),
    ("attacks in FATA rose from 18 to 37 in the month", [18, 37]),
    ("between 10 and 12 people were hurt", [10]),
    ("10 to 12 people were hurt", [10]),
])
def test_two_figures_joined_for_respectively_or_from_to_are_no_range(stage, text, values):
    found = quantities(stage, text)
    assert [q.low for q in found] == values


@pytest.mark.parametrize(
    ("text", "value", "qualifier", "noun"),
    [
        ("two dozen people were injured", 24, Qualifier.EXACT, "people"),
        ("over two-dozen more injured", 24, Qualifier.OVER, "more"),
        ("three dozen passengers", 36, Qualifier.EXACT, "passengers"),
    ],
)
def test_a_count_of_dozens_multiplies_its_number(stage, text, value, qualifier, noun):
    q = quantities(stage, text)[0]
    assert (q.low, q.high, q.qualifier, q.noun) == (value, value, qualifier, noun)


def test_a_word_run_onto_a_figure_is_read_as_if_spaced_but_a_unit_is_not(stage):
    q = quantities(stage, "14 dead and 30others sustained injuries")
    assert [(x.low, x.noun) for x in q] == [(14, ""), (30, "others")]
    assert [x.low for x in quantities(stage, "a crater 20metres wide near 3rd avenue")] == []
