import pytest

from incidentwatch.pipeline.incidents.headline import HeadlineTolls, fill_from_headline
from incidentwatch.pipeline.tolls import TollSum


@pytest.fixture(scope="module")
def headline(resources):
    return HeadlineTolls(resources.numbers, resources.taxonomy.victims)


def test_a_headline_states_killed_and_injured(headline):
    killed, injured = headline.read("Six martyred, 11 injured in Quetta blast")
    assert (killed.total, injured.total) == (6, 11)


@pytest.mark.parametrize("title", [
    "Thursday, December 12, 2024",  # a date line taken for the title
    "12 killed in separate attacks across Balochistan",  # several events
    None,
    "Minister condemns blast",
])
def test_a_headline_with_no_one_incidents_toll_gives_none(headline, title):
    killed, injured = headline.read(title)
    assert killed.total is None and injured.total is None


def test_the_headline_fills_only_a_body_that_states_no_toll():
    head = (TollSum(total=6), TollSum(total=11))
    assert fill_from_headline(TollSum(), TollSum(), head) == head
    body = (TollSum(total=4), TollSum())
    assert fill_from_headline(*body, head) == body
