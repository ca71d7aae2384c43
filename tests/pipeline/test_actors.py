import pytest

from incidentwatch.pipeline.actors import _tokens, build_alias_index, find_actors


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


def test_actor_tokens_keep_offsets_when_lower_case_changes_the_length():
    # "İ" lower-cases to two letters: the tokens after it still carry their own offsets
    text = "İstanbul: Tehreek-e-Taliban’s men."
    assert [(t, text[s:e]) for t, s, e in _tokens(text)][1:] == [
        ("tehreek", "Tehreek"), ("e", "e"), ("taliban's", "Taliban’s"), ("men", "men.")]
    assert _tokens("TTP’s J.U.I. men") == [("ttp's", 0, 5), ("j.u.i", 6, 12), ("men", 13, 16)]
