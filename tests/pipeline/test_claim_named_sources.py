from datetime import date

import pytest

from incidentwatch.extraction import to_result
from incidentwatch.models.mentions import ActorMention
from incidentwatch.pipeline import Pipeline, default_stages
from incidentwatch.pipeline.claim_named_sources import named_sources
from tests.factories import make_article


def _names(text, known=()):
    return [(a.text, a.name) for a in named_sources(text, list(known))]


def test_a_provinces_police_credited_with_data_is_a_source():
    assert _names("Data compiled by the Gilgit-Baltistan police showed 40 attacks.") == [("the Gilgit-Baltistan police", "Gilgit-Baltistan Police")]


def test_an_index_is_a_publication_by_itself_and_its_year_is_no_part_of_the_name():
    assert _names("Pakistan was placed third on the Harbour Violence Index 2023.") == [("the Harbour Violence Index", "Harbour Violence Index")]


def test_a_defined_acronym_carries_the_name_to_later_mentions():
    text = ("The Frontier Peace Watch Institute (FPWI) said in its annual report that 60 attacks took place. "
            "FPWI counted 12 of them in Bannu.")
    assert _names(text) == [("The Frontier Peace Watch Institute", "Frontier Peace Watch Institute"),
                            ("FPWI", "Frontier Peace Watch Institute")]


@pytest.mark.parametrize("text", [
    "According to Kohat police, the attack took place at night.",  # a fact about one attack, not figures
    "A press release issued by Swat police gave the names of the dead.",
    "District Police Officer Ahmed Khan said three were killed.",  # a person's title
    "The Express Tribune reported the figures released by its correspondents.",  # an outlet
    "The institute's Militancy Database recorded 30 attacks.",  # a known publisher's own product
])
def test_no_publisher_without_being_credited_with_figures(text):
    assert _names(text) == []


def test_a_name_the_lexicon_knows_stays_the_lexicons():
    text = "Figures released by the Pak Institute for Peace Studies show a rise."
    known = [ActorMention(start=text.index("Pak"), end=text.index(" show"), text="Pak Institute for Peace Studies", name="PIPS", kind="source")]
    assert _names(text, known) == []


@pytest.fixture(scope="module")
def claims_of(small_resources):
    pipe = Pipeline(default_stages(small_resources))
    return lambda text: to_result(pipe(make_article(text, published=date(2024, 1, 10)))).claims


def test_figures_credited_to_an_unlisted_publisher_carry_its_name(claims_of):
    claims = claims_of("Figures released by the Gilgit-Baltistan police showed that 14 people were killed in 9 attacks "
                       "in the region during 2023.\n\nThe police said 5 of the dead were policemen.")
    assert {c.source for c in claims} == {"Gilgit-Baltistan Police"}
    assert {c.value for c in claims} >= {14, 9}


@pytest.mark.parametrize(("text", "expected"), [
    ("A report by the Kurram police said five were killed.", []),  # one attack's report
    ("The Kurram police recorded five deaths in the blast.", []),
    ("Figures released by the Kurram police show 40 attacks in 2023.", [("the Kurram police", "Kurram Police")]),
    ("The Kurram police's annual data show 40 attacks in 2023.", [("The Kurram police", "Kurram Police")]),
])
def test_a_name_holding_a_forces_word_credits_figures_only_as_their_compiler(text, expected):
    police = text.index("police")
    force = ActorMention(start=police, end=police + len("police"), text="police", name="Police", kind="state")
    assert _names(text, [force]) == expected
