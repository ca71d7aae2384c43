"""The article's other sentences that restate a report's toll (store/toll_context.py), where its
source is named when the evidence does not name it."""

from __future__ import annotations

from incidentwatch.store import toll_context
from incidentwatch.store.tolls import attribute

TEXT = ("Two more children wounded in the bombing died in hospital. This raised the death toll to seven.\n\n"
        "Parents gathered outside the school.\n\n"
        "Their deaths took the toll to 7, according to the provincial government spokesperson. "
        "Seven shops were damaged by the blast, the trader said.")


def payload(total=7, militants=None, reported_as="main", evidence=("This raised the death toll to seven.",)):
    return {"reported_as": reported_as, "killed": {"total": total, "militants": militants},
            "evidence": [{"text": t} for t in evidence]}


def test_the_sentences_that_restate_the_figure_with_a_word_of_death_are_kept_beside_the_evidence():
    report = payload()
    toll_context.add([report], TEXT)
    # the evidence's own sentence is not repeated; seven shops damaged is no toll
    assert toll_context.of_payload(report) == ["Their deaths took the toll to 7, according to the provincial government spokesperson."]
    assert attribute([*(e["text"] for e in report["evidence"])]).source == "unnamed"
    assert attribute([*(e["text"] for e in report["evidence"]), *toll_context.of_payload(report)]).tier == 3


def test_victims_without_the_militants_count_as_the_figure_too():
    report = payload(total=10, militants=3)
    toll_context.add([report], TEXT)
    assert len(toll_context.of_payload(report)) == 1


def test_nothing_for_a_round_up_nor_without_a_toll_and_the_sentences_are_bounded():
    two = [payload(), payload()]
    toll_context.add(two, TEXT)
    assert [toll_context.of_payload(p) for p in two] == [[], []]
    none = payload(total=None)
    toll_context.add([none], TEXT)
    assert toll_context.KEY not in none
    many = payload(evidence=())
    toll_context.add([many], "Seven were killed. " * 50 + ("Seven died " * 100) + ".")
    assert len(toll_context.of_payload(many)) <= toll_context.MAX_SENTENCES
    assert all(len(s) <= toll_context.MAX_CHARS for s in toll_context.of_payload(many))


def test_the_restated_sentences_may_name_a_more_trusted_source_never_a_less_trusted_one():
    from incidentwatch.store.merged_view import attribution
    from incidentwatch.store.tables import IncidentReport

    def source(evidence, context):
        report = IncidentReport(payload={"evidence": [{"text": evidence}], toll_context.KEY: [context]})
        found = attribution(report)
        return found.source, found.tier

    assert source("Eight soldiers were killed.", "The group claimed to have killed 8 soldiers.") == ("unnamed", 1)
    assert source("Eight were killed, police said.", "The toll was 8, officials said.") == ("police", 3)
    assert source("Eight were killed.", "The toll was 8, the CTD said.") == ("CTD", 3)
