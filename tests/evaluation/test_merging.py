from pathlib import Path

from click.testing import CliRunner

from incidentwatch.cli import cli
from incidentwatch.evaluation.merging import evaluate_merge

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "merge"


def test_reports_of_one_attack_merge_across_outlets_and_days_and_other_attacks_stay_apart():
    """The self-written clusters: two outlets on one attack, an early report that knows less, no
    date, places in depth, an attack repelled vs the operation, IS vs IS-K, a toll revised, other
    attacks the same day, a timeless report sharing one detail no other incident holds, one
    sharing a word and the toll, and two undated attacks of one district published two days apart
    that share nothing. Floors, so that an extractor change that loses a report shows."""
    scores = evaluate_merge(FIXTURE)
    assert scores.members_found >= 63 and scores.gold_pairs >= 42
    assert scores.precision == 1.0, scores.wrongly_merged
    assert scores.recall >= 0.95, scores.wrongly_split


def test_a_place_any_report_named_and_a_date_a_few_days_off_with_shared_details_join():
    """Kurram: a report naming Lower Kurram after the incident's place became Parachinar (another
    report of it named Lower Kurram) joins; Sadda, which none named, stays apart. Kunduz: a report
    dated two days late joins the bank bombing on what they share; a checkpoint attack three days
    on, sharing nothing, stays apart. Lakki Marwat: a wire story placed in the country only joins
    on shared details; another of the country that day, sharing none, stays apart."""
    scores = evaluate_merge(FIXTURE)
    mine = ("a-", "n-", "c-", "p-")
    assert not [p for p in scores.wrongly_split if p.startswith(mine)]
    assert not [p for p in scores.wrongly_merged if any(m in p for m in mine)]


def test_a_mention_before_its_attack_a_bare_headline_and_a_place_named_twice():
    """Tank: a funeral story stored before the attack's report joins the incident that report
    makes, with the risen toll (store/adoption.py). Mir Ali: a headline placed in the country
    only, with no detail, joins the day's only suicide bombing. Kabul: an undated page's ministry
    spokesperson is an official source, so its count is best. Kulachi: two undated operations
    at one tehsil share only its name, which counts once: they stay apart. Kamra: a complex
    attack told as suicide bombers and as an assault foiled is one incident. Mach: a train
    hijacked one day and the operation that ended the siege the next are one incident."""
    from incidentwatch.evaluation.merging import load_clusters
    from incidentwatch.evaluation.tolls import score_tolls

    clusters = load_clusters(FIXTURE / "clusters.json")
    misses: list[str] = []
    scores = evaluate_merge(FIXTURE, on_store=lambda session: misses.extend(score_tolls(session, clusters).misses))
    mine = ("g-", "h-", "m-", "u-", "y-", "j-")
    assert not [p for p in scores.wrongly_split if p.startswith(mine)]
    assert not [p for p in scores.wrongly_merged if any(m in p for m in mine)]
    assert not [m for m in misses if m.split(":")[0] in {"tank-post", "mir-ali-convoy", "kabul-ministry"}], misses


def test_reports_that_came_in_an_unlucky_order_end_as_one_incident():
    """Timergara: a province-only wire story and a late report dated by the day its toll rose
    share only the bank and make two incidents; the district's report of the first day joins the
    first on its day and shares the bank and the teachers' salaries with the late one: the two
    are folded, with the risen toll. Bannu: a country-only headline with nothing but its toll,
    stored before the district's report of the day's only suicide bombing, is taken by it. Hangu:
    a funeral story with no date, stored first, sharing only the imambargah (which no other
    incident holds) with the attack's report, is taken by its incident."""
    from incidentwatch.evaluation.merging import load_clusters
    from incidentwatch.evaluation.tolls import score_tolls

    clusters = load_clusters(FIXTURE / "clusters.json")
    misses: list[str] = []
    scores = evaluate_merge(FIXTURE, on_store=lambda session: misses.extend(score_tolls(session, clusters).misses))
    mine = ("e-", "r-", "i-")
    assert not [p for p in scores.wrongly_split if p.startswith(mine)]
    assert not [p for p in scores.wrongly_merged if any(m in p for m in mine)]
    assert not [m for m in misses if m.split(":")[0] in {"dir-bank", "bannu-van", "hangu-imambargah"}], misses


def test_evaluate_merge_command_prints_pairwise_scores():
    result = CliRunner().invoke(cli, ["evaluate-merge", str(FIXTURE), "--min-f1", "0.95"])
    assert result.exit_code == 0, result.output
    assert '"pairwise_f1": ' in result.stdout
