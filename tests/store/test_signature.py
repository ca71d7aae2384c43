"""The shared-detail signature: the words that tell one attack from another of its district."""

from __future__ import annotations

import pytest

from incidentwatch.errors import ResourceError
from incidentwatch.resources.merge_signature import load_signature_words
from incidentwatch.store import signature


def test_a_signature_keeps_named_places_people_and_the_scene_and_leaves_out_what_every_story_says():
    terms = signature.terms_of(["PESHAWAR: A suicide bomber struck the Jamia Farooqia seminary in Tangi on Friday, "
                                "killing seven students, police said. Maulana Fazal Wadood said the TTP denied it."])
    assert terms == ["jamia", "farooqia", "seminary", "tangi", "student", "fazal", "wadood"]  # a sentence's first word is not a name


def test_a_title_in_title_case_gives_only_its_scene_words():
    assert signature.terms_of(["Suicide Bomber Kills Seven At Farooqia Seminary"]) == ["seminary"]


def test_district_province_country_and_group_names_are_left_to_the_key_fields():
    assert signature.terms_of(["Gunmen in Bannu, Khyber Pakhtunkhwa, Pakistan: the Tehrik-i-Taliban Pakistan said so."]) == []


def test_the_title_and_lead_count_only_for_an_article_with_one_main_report():
    def payload(text, kind="main"):
        return {"reported_as": kind, "evidence": [{"text": text}]}

    one = [payload("Two were killed at the checkpost.")]
    signature.sign(one, "Bazaar blast", "The blast hit the Kabuli Bazaar.")
    assert one[0]["signature"] == ["checkpost", "bazaar", "kabuli"]
    two = [payload("Two were killed at the checkpost."), payload("A bus was hit.")]
    signature.sign(two, "Bazaar blast", "The blast hit the Kabuli Bazaar.")
    assert [p["signature"] for p in two] == [["checkpost"], ["bus"]]


def test_an_incident_signature_is_bounded():
    held = [f"w{i}" for i in range(signature.MAX_INCIDENT_TERMS)]
    assert signature.union(held, ["new"]) == held
    assert signature.union(["a"], ["b", "a"]) == ["a", "b"]


def test_a_bad_vocabulary_file_is_one_clear_error(tmp_path):
    (tmp_path / "merge_signature.yaml").write_text("common: [Monday]\nscene: [bus]\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="merge_signature.yaml.*not a lower-case word: 'Monday'"):
        load_signature_words(tmp_path)
    (tmp_path / "merge_signature.yaml").write_text("common: [monday]\n", encoding="utf-8")
    with pytest.raises(ResourceError, match="scene: give a list of words"):
        load_signature_words(tmp_path)


def test_a_report_s_victims_toll_of_five_or_more_is_a_term_and_never_a_word():
    report = {"reported_as": "main", "killed": {"total": 14, "militants": 1}, "evidence": [{"text": "A convoy was hit."}]}
    small = {"reported_as": "main", "killed": {"total": 2}, "evidence": [{"text": "A convoy was hit."}]}
    signature.sign([report], None, "")
    signature.sign([small], None, "")
    assert report["signature"] == ["13 killed", "convoy"] and small["signature"] == ["convoy"]
    assert signature.is_figure("13 killed") and not signature.is_figure("convoy")
    assert signature.words(report["signature"]) == {"convoy"}


def test_the_words_of_a_place_are_those_a_signature_keeps():
    from incidentwatch.store.signature import place_words

    assert place_words("Parachinar") == {"parachinar"}
    assert place_words("Bakhmal Ahmadzai") == {"bakhmal", "ahmadzai"}
    assert place_words("Lower Kurram") == set()  # a district's name, and a word of direction
