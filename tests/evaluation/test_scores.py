"""``evaluate_gold``: one article whose extraction raises is scored as that article's failure."""

from __future__ import annotations

from pathlib import Path

from incidentwatch.evaluation import evaluate_gold
from incidentwatch.extraction import build_pipeline, to_result

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "counting"


def test_an_article_that_raises_counts_as_missed_and_the_others_are_scored():
    pipeline = build_pipeline()

    def extract(raw):
        if raw.id == "c-2":
            raise IndexError("list index out of range")
        return to_result(pipeline(raw))

    scores = evaluate_gold(FIXTURE / "gold.jsonl", extract=extract, articles_dir=FIXTURE / "articles")
    assert (scores.articles, scores.failed) == (4, 1)
    failed = next(r for r in scores.reports if r.id == "c-2")
    assert failed.error == "IndexError: list index out of range"
    assert (failed.incidents.tp, failed.incidents.fn) == (0, 1)
    assert scores.summary()["failed_articles"] == 1


def test_ids_limit_the_articles_scored():
    pipeline = build_pipeline()
    scores = evaluate_gold(FIXTURE / "gold.jsonl", extract=lambda raw: to_result(pipeline(raw)), articles_dir=FIXTURE / "articles", ids={"c-1", "c-4"})
    assert [r.id for r in scores.reports] == ["c-1", "c-4"]
