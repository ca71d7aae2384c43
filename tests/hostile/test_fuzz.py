"""Fuzzing the whole way: real-looking article text with random numbers, dates, unicode and cuts,
and JSON Lines records of random shape, go through the reader, every stage and the writer. No
exception escapes (an ``ArticleFailure`` would be a bug met), every bad record is its one-line
error naming its line, and the database passes ``db check`` (the rollups agree with a recount)."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentwatch.errors import ArticleFailure, InputError
from incidentwatch.extraction import build_pipeline
from incidentwatch.ingest import ingest
from incidentwatch.ingest.extract import extract_for_store
from incidentwatch.models import RawArticle
from incidentwatch.sources.files import read_jsonl
from incidentwatch.store import Store, rollups
from incidentwatch.store.records import ExtractedArticle, FailedArticle

PLACES = ["Bannu", "Peshawar", "Quetta", "North Waziristan", "Kabul", "Khyber", "Lakki Marwat", "Kandahar", "Gwadar"]
GROUPS = ["TTP", "BLA", "ISKP", "the Taliban", "unidentified gunmen"]
VICTIMS = ["soldiers", "policemen", "civilians", "militants", "people", "children", "FC personnel", "terrorists"]
VERBS = ["were martyred", "were killed", "were injured", "sustained injuries", "were shot dead", "died", "were wounded"]
LINKS = ["including", "and another", "while", "as well as", "among them", "of whom", "after", "when"]

numbers = st.one_of(
    st.integers(0, 60).map(str),
    st.integers(0, 10**30).map(str),
    st.sampled_from(["a dozen", "three", "dozens of", "at least 7", "over 1,000", "1e400", "9" * 40, "NaN", "-3", "2.5"]),
)
dates = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(lambda d: d.strftime("%B %-d, %Y")),
    st.dates().map(date.isoformat),
    st.sampled_from(["on Monday", "yesterday", "last week", "this year", "in the first quarter", "over the past 999 years",
                     "31 February 2024", "May 0, 2024", "in 0001", "Dec 32, 9999", "since 1900", "last month"]),
)
noise = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    parts = [draw(numbers), draw(st.sampled_from(VICTIMS)), draw(st.sampled_from(VERBS)), "in", draw(st.sampled_from(PLACES)),
             draw(dates)]
    if draw(st.booleans()):
        parts += [draw(st.sampled_from(LINKS)), draw(numbers), draw(st.sampled_from(VICTIMS)), draw(st.sampled_from(VERBS))]
    if draw(st.booleans()):
        parts += ["after", draw(st.sampled_from(GROUPS)), "attacked", draw(noise)]
    return " ".join(parts) + draw(st.sampled_from([".", ",", "", "...", " including"]))


@st.composite
def articles(draw: st.DrawFn) -> str:
    text = f"{draw(st.sampled_from(PLACES)).upper()}: " + " ".join(draw(st.lists(sentences(), min_size=1, max_size=8)))
    if draw(st.booleans()):
        text = text[: draw(st.integers(1, len(text)))]  # cut anywhere, as an excerpt is
    return text


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10,
)


@st.composite
def records(draw: st.DrawFn) -> str:
    """One JSON Lines line: a plausible record with random fields spoiled, or raw hostile JSON."""
    record = {"id": draw(st.one_of(st.text(max_size=30), st.integers(), json_values)),
              "text": draw(st.one_of(articles(), articles(), json_values)),
              "published": draw(st.one_of(st.none(), st.dates(min_value=date(1, 1, 1)).map(date.isoformat), json_values)),
              "title": draw(st.one_of(st.none(), st.text(max_size=40), json_values))}
    line = json.dumps(record, allow_nan=True)
    spoil = draw(st.sampled_from(["none", "surrogate", "big-int", "deep", "cut"]))
    if spoil == "surrogate":
        line = line.replace('"text": "', '"text": "\\ud800', 1)
    elif spoil == "big-int":
        line = line[:-1] + ', "n": ' + "7" * 5000 + "}"
    elif spoil == "deep":
        line = line[:-1] + ', "d": ' + "[" * 50_000 + "]" * 50_000 + "}"
    elif spoil == "cut":
        line = line[: draw(st.integers(1, len(line)))]
    return line


@cache
def pipeline():
    return build_pipeline()


def check_database(store: Store) -> None:
    with store.engine.connect() as connection:
        assert rollups.check(connection) == []


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(articles(), min_size=1, max_size=4), st.one_of(st.none(), st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))))
def test_the_pipeline_and_the_writer_take_any_article(texts, published):
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(str(Path(tmp) / "fuzz.db"))
        writer = store.writer()
        for number, text in enumerate(texts):
            raw = RawArticle(id=f"a{number}", text=text, published=published)
            try:
                pipeline()(raw)
            except ArticleFailure:
                raise
            except InputError:
                pass  # not an article: rightly refused
            item = extract_for_store(raw)
            assert not isinstance(item, FailedArticle), item.failure
            if isinstance(item, ExtractedArticle):
                writer.write(item)
        check_database(store)
        store.close()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(records(), min_size=1, max_size=5))
def test_json_lines_records_are_read_or_named_and_ingested(lines):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "records.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8", errors="surrogatepass")
        text = path.read_bytes().decode("utf-8", "surrogatepass")
        items = list(read_jsonl(path, text))
        for item in items:
            if isinstance(item, InputError):
                assert item.path.startswith(f"{path}:") and "\n" not in str(item)
            else:
                assert isinstance(item, RawArticle) and item.path.startswith(f"{path}:")
                item_text = item.text or item.html or ""
                assert item_text.encode("utf-8")  # no lone surrogate slipped through
        store = Store.open(str(Path(tmp) / "fuzz.db"))
        summary = ingest(items, store=store)
        assert summary.read == len(items) and summary.failures.get("internal_error", 0) == 0
        check_database(store)
        store.close()
