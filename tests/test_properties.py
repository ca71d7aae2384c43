"""Invariants that hold for any article: evidence slices to its own text, splits never exceed
totals, past events never date after publication (by more than the stamp's day of time zone)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentwatch.models import RawArticle
from incidentwatch.resources import load_boilerplate

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "devset" / "articles").glob("*.txt"))
_BOILERPLATE = load_boilerplate()
# Paragraphs of news text: a comment form or a share bar is cut by the cleaner, and an article made
# of nothing else is rightly refused as no article, which is not what these invariants are about.
PARAGRAPHS = [p for a in ARTICLES for p in a.read_text().split("\n\n")[1:]
              if len(p.split()) > 8 and not any(_BOILERPLATE.is_boilerplate(line.strip()) for line in p.splitlines())]


def check_invariants(doc):
    text = doc.clean.text
    for incident in doc.incidents:
        for span in incident.evidence:
            assert text[span.start:span.end] == span.text
        for toll in (incident.killed, incident.injured):
            parts = [v for v in (toll.civilians, toll.security, toll.militants, toll.foreigners) if v is not None]
            if toll.total is not None:
                assert sum(parts) <= toll.total
            assert all(v >= 0 for v in parts)
        if incident.date and len(incident.date) == 10 and doc.clean.published:
            # a day after the stamp is allowed: a stamp in UTC is a day behind Pakistan's evening
            # ("January 12" in a page stamped the 11th stays in the stamp's year, see temporal.py)
            assert date.fromisoformat(incident.date) <= doc.clean.published + timedelta(days=1)
    for claim in doc.claims:
        assert text[claim.evidence.start:claim.evidence.end] == claim.evidence.text


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_invariants_hold_on_every_devset_article(pipeline, path):
    check_invariants(pipeline(RawArticle(id=path.stem, text=path.read_text(), published=date(2025, 11, 1))))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(st.sampled_from(PARAGRAPHS or ["Two soldiers were martyred in Bannu on Monday."]), min_size=3, max_size=6),
    st.dates(min_value=date(2015, 1, 1), max_value=date(2026, 1, 1)),
)
def test_invariants_hold_on_shuffled_paragraphs(pipeline, paragraphs, published):
    text = "Headline\n\n" + "\n\n".join(paragraphs)
    check_invariants(pipeline(RawArticle(id="shuffled", text=text, published=published)))


def test_a_day_after_the_stamp_keeps_its_year_and_later_days_go_back_a_year(pipeline):
    def dated(day: str) -> list[str | None]:
        text = f"Bannu blast\n\nA suicide bomber killed 14 policemen at a police station in Bannu on {day}, officials said."
        return [i.date for i in pipeline(RawArticle(id="stamp", text=text, published=date(2015, 1, 11))).incidents]
    assert dated("January 12") == ["2015-01-12"]
    assert dated("January 14") == ["2014-01-14"]
    assert dated("January 10") == ["2015-01-10"]
