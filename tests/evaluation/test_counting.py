"""Counting attacks in an ingested database (``evaluation.counting``): hand-built incidents and
reports with hand-computed figures, and the whole path on self-written reports."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner

from incidentwatch.cli import cli
from incidentwatch.evaluation.counting import (
    StoredIncident,
    StoredReport,
    score_counting,
    trace,
    true_attacks,
)
from incidentwatch.evaluation.gold import GoldArticle, GoldIncident, load_gold

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "counting"


def _gold(ident: str, published: str, *incidents: GoldIncident) -> GoldArticle:
    return GoldArticle(id=ident, published=published, incidents=list(incidents))


def _main(event: str, killed: int | None, day: str = "2024-05-06", admin1: str = "Khyber Pakhtunkhwa", admin2: str = "Tank") -> GoldIncident:
    return GoldIncident(date=day, admin1=admin1, admin2=admin2, killed=killed, event=event)


GOLDS = [
    _gold("a1", "2024-05-06", _main("A", 3)),
    _gold("a2", "2024-05-07", _main("A", 4)),
    _gold("a3", "2024-05-08", GoldIncident(date="2024-05-06", admin1="Khyber Pakhtunkhwa", admin2="Tank", killed=4, reported_as="background", event="A")),
    _gold("b1", "2024-05-07", _main("B", 2, day="2024-05-07", admin1="Balochistan", admin2="Kech")),
]


def _report(article: str, incident: int, day: date, admin1: str = "Khyber Pakhtunkhwa", admin2: str = "Tank", killed: int | None = None) -> StoredReport:
    return StoredReport(article, incident, day, admin1, admin2, killed, 0)


def test_the_best_toll_is_the_latest_report_and_the_range_spans_the_reports():
    attacks = true_attacks(GOLDS)
    assert (attacks["A"].killed_best, attacks["A"].killed_low, attacks["A"].killed_high) == (4, 3, 4)
    assert attacks["A"].articles == ["a1", "a2"]  # the funeral story only recalls it
    assert true_attacks(GOLDS, {"A": {"killed_best": 5}})["A"].killed_best == 5


def test_an_attack_split_over_two_incidents_and_a_background_incident_are_counted():
    incidents = [StoredIncident(1, 3, 0), StoredIncident(2, 4, 1), StoredIncident(3, 4, None), StoredIncident(4, 2, 0), StoredIncident(5, 7, 0)]
    reports = [
        _report("a1", 1, date(2024, 5, 6), killed=3),
        _report("a1", 5, date(2024, 5, 6), admin1="Sindh", admin2="Karachi"),  # nothing in a1's gold is in Sindh
        _report("a2", 2, date(2024, 5, 7), killed=4),
        _report("a3", 3, date(2024, 5, 8), killed=4),  # the funeral story made its own incident
        _report("b1", 4, date(2024, 5, 7), admin1="Balochistan", admin2="Kech", killed=2),
    ]
    scores = score_counting(GOLDS, incidents, reports)
    assert (scores.true_attacks, scores.db_incidents) == (2, 5)
    assert scores.incidents_per_attack == 2.5
    assert (scores.true_victims, scores.db_victims) == (6, 3 + 3 + 4 + 2 + 7)
    assert scores.incidents_of == {"A": [1, 2], "B": [4]}
    assert scores.one_incident_share == 0.5
    assert (scores.incidents_from_background, scores.unmatched_incidents, scores.attacks_not_found) == (1, 1, 0)


def test_one_incident_per_attack_scores_one():
    incidents = [StoredIncident(1, 4, 0), StoredIncident(2, 2, 0)]
    reports = [
        _report("a1", 1, date(2024, 5, 6)), _report("a2", 1, date(2024, 5, 6)), _report("a3", 1, date(2024, 5, 6)),
        _report("b1", 2, date(2024, 5, 7), admin1="Balochistan", admin2="Kech"),
    ]
    scores = score_counting(GOLDS, incidents, reports, failures=["x: IndexError"])
    assert (scores.incidents_per_attack, scores.victims_ratio, scores.one_incident_share) == (1.0, 1.0, 1.0)
    assert (scores.incidents_from_background, scores.failed_articles) == (0, 1)


def test_a_report_traces_to_its_own_articles_incident_by_province_and_date():
    gold = GOLDS[0]
    assert trace(_report("a1", 1, date(2024, 5, 8)), gold) is gold.incidents[0]  # two days off: still the same attack
    assert trace(_report("a1", 1, date(2024, 5, 9)), gold) is None
    assert trace(_report("a1", 1, None), gold) is gold.incidents[0]
    assert trace(_report("a1", 1, date(2024, 5, 6), admin1="Punjab"), gold) is None


def test_evaluate_ingest_ingests_self_written_reports_into_a_fresh_database():
    result = CliRunner().invoke(cli, ["evaluate-ingest", str(FIXTURE / "gold.jsonl"), "--articles", str(FIXTURE / "articles"), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert (figures["articles"], figures["true_attacks"], figures["true_victims"], figures["failed_articles"]) == (4, 2, 6, 0)
    assert figures["db_incidents"] >= 1
    assert figures["incidents_per_attack"] == round(figures["db_incidents"] / 2, 3)
    assert len(load_gold(FIXTURE / "gold.jsonl")) == 4


def test_evaluate_split_needs_a_manifest_beside_the_gold():
    result = CliRunner().invoke(cli, ["evaluate", str(FIXTURE / "gold.jsonl"), "--articles", str(FIXTURE / "articles"), "--split", "tune"])
    assert result.exit_code != 0
    assert "no such manifest" in result.output


def test_the_multi_outlet_selection_keeps_the_reports_and_follow_ups_of_attacks_with_enough_reports():
    from incidentwatch.evaluation.counting import articles_of_attacks

    assert articles_of_attacks(GOLDS, 2) == {"a1", "a2", "a3"}
    assert articles_of_attacks(GOLDS, 1) == {"a1", "a2", "a3", "b1"}
    assert articles_of_attacks(GOLDS, 3) == set()


def test_a_gold_naming_only_the_district_needs_the_same_district():
    gold = GoldArticle(id="m1", incidents=[GoldIncident(admin2="Bannu", event="c1")])
    assert trace(StoredReport("m1", 1, date(2024, 5, 13), "Khyber Pakhtunkhwa", "Bannu"), gold) is gold.incidents[0]
    assert trace(StoredReport("m1", 1, date(2024, 5, 13), "Khyber Pakhtunkhwa", "Kohat"), gold) is None


def test_evaluate_ingest_reads_a_folder_of_self_written_clusters():
    from incidentwatch.evaluation.clusters import golds_from_clusters

    merge = FIXTURE.parents[2] / "fixtures" / "merge"
    golds = golds_from_clusters(merge)
    assert [(g.id, [(i.admin2, i.event) for i in g.incidents]) for g in golds] == [
        ("f-1", [("Bannu", "c1")]), ("f-2", [("Bannu", "c1")]), ("f-3", [("Kohat", "c2")]),
    ]
    result = CliRunner().invoke(cli, ["evaluate-ingest", str(merge), "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert (figures["articles"], figures["true_attacks"], figures["failed_articles"]) == (3, 2, 0)
    assert figures["victims_ratio"] is None  # the clusters carry no tolls
    assert figures["incidents_per_attack"] == round(figures["db_incidents"] / 2, 3)
