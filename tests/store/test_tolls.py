"""Toll reconciliation rules over hand-built figures (store/tolls.py), no database."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from incidentwatch.store import tolls
from incidentwatch.store.tolls import Figure, OutOfOrder, attribute, fold, reconcile

TIERS = {"unnamed": 1, "hospital officials": 2, "police": 3, "ISPR": 3, "militant claim": 0}


def fig(value, report, day=13, source="unnamed", reason=None):
    return Figure(value=value, report=report, article=report, published=date(2024, 5, day), source=source,
                  tier=TIERS[source], reason=reason)


def run(*figures, measure="killed", event_type="suicide_bombing"):
    return reconcile({measure: list(figures)}, event_type)[measure]


def test_best_is_the_latest_figure_of_the_most_trusted_source_and_the_range_spans_the_credible_ones():
    state = run(fig(9, 1, 13), fig(12, 2, 13, "police"), fig(15, 3, 14, "hospital officials"), fig(18, 4, 14, "ISPR"),
                fig(20, 5, 15))
    assert (state["low"]["value"], state["best"]["value"], state["high"]["value"]) == (9, 18, 20)
    assert (state["best"]["report"], state["best"]["source"], state["low"]["report"], state["high"]["report"]) == (4, "ISPR", 1, 5)


def test_a_fall_without_a_reason_is_a_conflict_and_with_one_a_revision():
    kept = run(fig(18, 1, 13, "police"), fig(15, 2, 14, "police"))
    assert kept["best"]["value"] == 18
    assert [(c["value"], c["why"]) for c in kept["conflicts"]] == [(15, "fell from 18 without a reason")]
    revised = run(fig(18, 1, 13, "police"), fig(15, 2, 14, "police", reason="after duplicate names were removed"))
    assert (revised["best"]["value"], revised["best"]["reason"], revised["conflicts"]) == (15, "after duplicate names were removed", [])
    assert (revised["low"]["value"], revised["high"]["value"]) == (15, 18)


def test_impossible_figures_are_flagged_and_claims_kept_apart_never_best_nor_in_the_range():
    state = run(fig(-2, 1), fig(4000, 2), fig(6, 3), fig(60, 4, source="militant claim"))
    assert [(f["value"], f["why"]) for f in state["flagged"]] == [(-2, "negative"), (4000, "impossible for the event type")]
    assert [f["value"] for f in state["uncredited"]] == [60]
    assert (state["low"]["value"], state["best"]["value"], state["high"]["value"]) == (6, 6, 6)
    # what is plausible depends on the event type
    assert run(fig(45, 1), event_type="targeted_killing")["best"] is None
    assert run(fig(45, 1), event_type="bombing")["best"]["value"] == 45


def test_the_result_does_not_depend_on_the_order_reports_arrive_in():
    figures = [fig(9, 1, 13), fig(12, 2, 13, "police"), fig(11, 3, 14, "police"), fig(18, 4, 14, "ISPR"), fig(14, 5, 15, "ISPR")]
    results = {repr(run(*order)) for order in itertools.permutations(figures)}
    assert len(results) == 1


def test_folding_a_figure_older_than_best_in_its_tier_asks_for_a_recomputation():
    state = fold(None, fig(18, 2, 14, "police"), "killed", "bombing")
    with pytest.raises(OutOfOrder):
        fold(state, fig(12, 1, 13, "police"), "killed", "bombing")
    assert fold(state, fig(12, 1, 13), "killed", "bombing")["low"]["value"] == 12  # another tier: placed at once


def test_the_lists_stay_bounded():
    state = None
    for i in range(3 * tolls.KEPT):
        state = fold(state, fig(-1, i), "killed", "bombing")
    assert len(state["flagged"]) == tolls.KEPT


@pytest.mark.parametrize(("text", "source", "tier"), [
    ("At least 18 people were killed, the ISPR said in a statement.", "ISPR", 3),
    ("Twelve bodies were brought to the hospital, doctors said.", "hospital officials", 2),
    ("Nine people died, police said.", "police", 3),
    ("Nine people died, officials said.", "unnamed", 1),
    ("The group claimed to have killed 40 soldiers.", "militant claim", 0),
])
def test_the_source_of_a_figure_is_read_from_the_evidence(text, source, tier):
    found = attribute([text])
    assert (found.source, found.tier) == (source, tier)


def test_a_reason_for_a_lower_toll_is_read_from_the_evidence():
    assert attribute(["The toll was revised to 11 after duplicate names were removed, police said."]).reason == "revised to 11 after duplicate names were removed"
    assert attribute(["Eleven were killed, police said."]).reason is None


def test_figures_of_one_day_in_the_best_tier_go_by_what_most_of_them_give():
    # the same day, police: 1, 5 (a misread), 1 -> 1; the 5 stays in the range
    state = run(fig(1, 1, 13, "police"), fig(5, 2, 13, "police"), fig(1, 3, 13, "police"))
    assert state["best"]["value"] == 1 and [c["value"] for c in state["conflicts"]] == []
    assert (state["low"]["value"], state["high"]["value"]) == (1, 5)
    # a tie in the tier goes to the figure more credible reports give
    tie = run(fig(13, 1, 13, "ISPR"), fig(13, 2, 13), fig(13, 3, 13), fig(34, 4, 13, "police"))
    assert tie["best"]["value"] == 13 and [c["value"] for c in tie["conflicts"]] == []


def undated(value, report, source="police", reason=None):
    return Figure(value=value, report=report, article=report, published=None, source=source, tier=TIERS[source],
                  reason=reason)


def test_a_figure_without_a_publication_date_raises_best_in_its_tier_and_never_lowers_it():
    """Such a figure cannot be placed in time: tolls rise, so only a higher one of best's tier is
    taken, whichever order the reports come in, by ``fold`` one at a time or all together."""
    figures = [fig(7, 1, 13, "police"), undated(9, 2), undated(4, 3)]
    for order in itertools.permutations(figures):
        state = run(*order)
        assert (state["low"]["value"], state["best"]["value"], state["high"]["value"]) == (4, 9, 9)
        folded = None
        for figure in order:
            folded = fold(folded, figure, "killed", "suicide_bombing")
        assert folded["best"]["value"] == 9
    # a later dated figure that is higher still wins; an undated one of a lower tier never does
    assert run(undated(9, 1), fig(12, 2, 14, "police"))["best"]["value"] == 12
    assert run(fig(7, 1, 13, "police"), undated(30, 2, "unnamed"))["best"]["value"] == 7
    # a revision with a reason is not undone by an undated higher figure
    revised = run(fig(18, 1, 13, "police"), fig(15, 2, 14, "police", reason="after duplicate names were removed"),
                  undated(18, 3))
    assert revised["best"]["value"] == 15


def test_a_higher_figure_that_two_later_reports_give_replaces_an_earlier_official_one():
    """Police 38 on the day; two outlets give 50 later (the wounded died): the corroborated rise
    is best. One report alone does not make it, nor two that came before the official figure."""
    state = run(fig(38, 1, 13, "police"), fig(50, 2, 14), fig(50, 3, 14))
    assert (state["best"]["value"], state["best"]["corroborated"], state["low"]["value"]) == (50, 2, 38)
    assert run(fig(38, 1, 13, "police"), fig(50, 2, 14))["best"]["value"] == 38
    assert run(fig(50, 1, 12), fig(50, 2, 12), fig(38, 3, 13, "police"))["best"]["value"] == 38
    # a revision with a reason stands
    revised = run(fig(40, 1, 13, "police"), fig(38, 2, 14, "police", reason="after duplicate names were removed"),
                  fig(45, 3, 14), fig(45, 4, 15))
    assert revised["best"]["value"] == 38
    # the next official figure is best again, even lower, being the most trusted and latest
    assert run(fig(38, 1, 13, "police"), fig(50, 2, 14), fig(50, 3, 14), fig(48, 4, 15, "ISPR"))["best"]["value"] == 48


def test_a_figure_of_a_report_that_names_no_district_is_not_best_beside_one_that_does():
    """A province-wide round-up ("six policemen killed in attacks across Khyber Pakhtunkhwa,
    police said") beside the district's own report (3 killed, officials said): 3 is best, the
    round-up's 6 the range's high. Among reports of one depth, the tier rules as before."""
    from dataclasses import replace

    roundup = replace(fig(6, 2, 14, "police"), deep=False)
    state = run(fig(3, 1, 14), roundup)
    assert (state["low"]["value"], state["best"]["value"], state["high"]["value"]) == (3, 3, 6)
    assert run(roundup, fig(3, 1, 15))["best"]["value"] == 3  # whichever comes first
    assert run(roundup)["best"]["value"] == 6  # nothing deeper: the round-up's figure is best
    assert run(roundup, replace(fig(8, 3, 15), deep=False))["best"]["value"] == 6  # one depth: the tier
    assert run(fig(3, 1, 14))["best"].get("deep", True) and state["high"]["deep"] is False


def test_a_corroborated_rise_does_not_depend_on_the_order_the_figures_came_in():
    """Two unnamed reports give 50 (one undated), police give 38 the same day: best is 50 with
    two reports agreeing, whichever comes last (the rise is judged for every figure held, not
    only the one folded in); a page with no date of 42 alone changes nothing."""
    figures = [fig(50, 1, 13), undated(50, 2, "unnamed"), fig(38, 3, 13, "police"), undated(42, 4, "unnamed")]
    for order in itertools.permutations(figures):
        state = folded_as_they_come(order, "armed_assault")
        assert (state["best"]["value"], state["best"].get("corroborated")) == (50, 2), order


def folded_as_they_come(order, event_type):
    """The killed state after folding the figures in ``order``, one at a time, as the writer
    does (a figure older than best in its tier: recomputed in time order)."""
    state = None
    for figure in order:
        try:
            state = fold(state, figure, "killed", event_type)
        except OutOfOrder:
            state = reconcile({"killed": list(order[:order.index(figure) + 1])}, event_type)["killed"]
    return state


def test_a_tie_of_one_day_in_the_best_tier_does_not_depend_on_when_the_other_reports_came():
    """The ISPR's 44 and the police's 35 the same day tie; an unnamed page with no date gives 35:
    best is 35 (more credible reports give it) whether that page came first or last, and 35 is
    never left a conflict of the day."""
    figures = [fig(44, 1, 13, "ISPR"), fig(35, 2, 13, "police"), undated(35, 3, "unnamed")]
    for order in itertools.permutations(figures):
        state = folded_as_they_come(order, "suicide_bombing")
        assert state["best"]["value"] == 35, order
        assert 35 not in [c["value"] for c in state["conflicts"]], order
