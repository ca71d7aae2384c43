"""Invariants that hold for any article: evidence slices to its own text, splits never exceed
totals, past events never date after publication."""

from __future__ import annotations

from datetime import date
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
            assert date.fromisoformat(incident.date) <= doc.clean.published
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
