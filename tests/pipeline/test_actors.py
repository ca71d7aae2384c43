import pytest

from incidentwatch.pipeline.actors import build_alias_index, find_actors


@pytest.fixture(scope="module")
def index(resources):
    return build_alias_index(resources.actors)


@pytest.mark.parametrize(
    ("text", "name", "kind"),
    [
        ("The Tehreek-e-Taliban Pakistan claimed it.", "TTP", "group"),
        ("The Pakistan Taliban claimed it.", "TTP", "group"),
        ("Eight khwarij were killed.", "TTP", "group"),
        ("Terrorists of Fitna al-Khawarij attacked.", "TTP", "group"),
        ("Its Majeed Brigade carried out the attack.", "BLA", "group"),
        ("The Islamic State Khorasan Province said so.", "IS-K", "group"),
        ("ISKP claimed the bombing.", "IS-K", "group"),
        ("Officials blamed Fitna al-Hindustan.", "Fitna al-Hindustan", "group"),
        ("The Hafiz Gul Bahadur group claimed it.", "HGB", "group"),
        ("The Jamaat-ul-Ahrar faction claimed it.", "JuA", "group"),
        ("The Inter-Services Public Relations said.", "ISPR", "source"),
        ("According to the Center for Research and Security Studies, ...", "CRSS", "source"),
        ("The Counter Terrorism Department raided a house.", "CTD", "state"),
    ],
)
def test_actors_resolve_aliases_to_canonical_names(index, text, name, kind):
    found = find_actors(text, index)
    assert [(a.name, a.kind) for a in found][:1] == [(name, kind)]


def test_taliban_alone_counts_only_when_it_means_afghanistans_rulers(index):
    assert find_actors("The Taliban attacked a post.", index) == []
    found = find_actors("The Taliban administration in Kabul denied it.", index)
    assert [a.name for a in found] == ["Afghan Taliban"]
