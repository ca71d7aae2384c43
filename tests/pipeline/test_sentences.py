import pytest

from incidentwatch.pipeline.sentences import split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He was killed in D.I. Khan on Monday. Police said so.", ["He was killed in D.I. Khan on Monday.", "Police said so."]),
        ("Lt. Gen. Ahmed spoke. The U.S. agreed.", ["Lt. Gen. Ahmed spoke.", "The U.S. agreed."]),
        ("“We condemn it,” he said. Three died.", ["“We condemn it,” he said.", "Three died."]),
        ("Figures rose. 380 people died.", ["Figures rose.", "380 people died."]),
    ],
)
def test_sentences_split_at_stops_but_not_abbreviations(text, expected):
    assert [s.text for s in split_sentences(text)] == expected


def test_sentences_keep_offsets_and_paragraphs():
    text = "First one. Second one.\n\nThird para."
    sentences = split_sentences(text)
    assert [(s.paragraph, text[s.start:s.end]) for s in sentences] == [(0, "First one."), (0, "Second one."), (1, "Third para.")]


def test_a_sentence_without_stops_is_cut_into_bounded_pieces_with_true_offsets():
    from incidentwatch.pipeline.sentences import MAX_SENTENCE_CHARS

    text = "seven soldiers were martyred in Bannu, " * 2000
    pieces = split_sentences(text)
    assert len(pieces) > len(text) // MAX_SENTENCE_CHARS
    assert all(len(s.text) <= MAX_SENTENCE_CHARS and text[s.start:s.end] == s.text for s in pieces)
    assert "".join(s.text for s in pieces).replace(" ", "") == text.replace(" ", "")


def test_a_stop_that_lost_its_space_still_ends_a_sentence():
    text = "Gunmen shot dead 11 labourers, officials said.The attackers fled.So far no group has claimed it."
    assert [s.text for s in split_sentences(text)] == [
        "Gunmen shot dead 11 labourers, officials said.", "The attackers fled.", "So far no group has claimed it."]


def test_a_stop_after_a_closing_quote_or_bracket_that_lost_its_space_ends_a_sentence():
    text = "The ISPR said it would go on “to eliminate militants”.In the second attack, a child died.The spokesman (ISPR).The end."
    assert [s.text for s in split_sentences(text)] == [
        "The ISPR said it would go on “to eliminate militants”.", "In the second attack, a child died.", "The spokesman (ISPR).", "The end."]


def test_initials_and_abbreviations_run_into_a_word_are_no_stop():
    assert len(split_sentences("Troops reached D.I.Khan and Lt.Gen. Ali spoke there.")) == 1
