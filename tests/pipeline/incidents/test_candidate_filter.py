import json
import math
import zlib
from dataclasses import replace
from datetime import date
from importlib import resources as importlib_resources
from pathlib import Path

import pytest

from incidentwatch.errors import ResourceError
from incidentwatch.extraction import build_pipeline
from incidentwatch.models import EventType, Location, RawArticle, ReportedAs, Span, Toll
from incidentwatch.pipeline.incidents import candidate_filter
from incidentwatch.pipeline.incidents.candidate_filter import (
    FEATURES,
    MODES,
    CandidateModel,
    candidate_features,
    decide,
    describe_candidates,
    filter_candidates,
    load_model,
    parse_model,
    switched_on,
    word_buckets,
)
from incidentwatch.pipeline.incidents.learned import load_cues
from tests.factories import make_incident, make_paragraphs

FIXTURE = Path(__file__).parents[2] / "fixtures" / "role_model" / "bullet_summary.txt"
PUBLISHED = date(2025, 10, 15)
TITLE = "Six killed in Quetta market blast"
LEAD = "Six people were killed on Monday when a bomb went off in a crowded market in Quetta, police said."
MIDDLE = "The wounded were taken to the civil hospital."
RECALL = "Last year, two policemen were martyred in a similar blast in Mastung."
QUOTE = "“We will not let them win,” the minister said after 40 people were killed in the blast."


def _article():
    """Four sentences in four paragraphs, and three candidates read from them."""
    texts = [LEAD, MIDDLE, RECALL, QUOTE]
    sentences = make_paragraphs(texts)
    text = "\n\n".join(texts)

    def span(sentence):
        return Span(start=sentence.start, end=sentence.end, text=sentence.text)

    quetta = Location(place="Quetta", admin2="Quetta", admin1="Balochistan", country="PK")
    main = make_incident(date="2025-10-13", location=quetta, event_type=EventType.BOMBING, killed=Toll(total=6),
                         injured=Toll(), evidence=[span(sentences[0]), span(sentences[1])])
    recalled = make_incident(date="2024-10-01", location=Location(admin1="Balochistan", admin2="Mastung", country="PK"),
                             event_type=EventType.BOMBING, killed=Toll(total=2), injured=Toll(total=3),
                             reported_as=ReportedAs.BACKGROUND, evidence=[span(sentences[2])])
    quoted = make_incident(date=None, date_precision=None, location=Location(), event_type=EventType.BOMBING,
                           killed=Toll(total=40), injured=Toll(), evidence=[span(sentences[3])])
    return text, sentences, [main, recalled, quoted]


def _features(vocabulary, position, title=TITLE):
    text, sentences, incidents = _article()
    return candidate_features(incidents, position, title=title, text=text, sentences=sentences, published=PUBLISHED,
                              vocabulary=vocabulary, cues=load_cues())


def test_features_of_the_lead_candidate(vocabulary):
    values = _features(vocabulary, 0)
    assert set(values) == set(FEATURES) and all(0.0 <= v <= 1.0 for v in values.values())
    assert values["in_lead"] == values["first_paragraphs"] == values["first_candidate"] == 1.0
    assert values["text_before"] == values["paragraph"] == values["candidate_rank"] == 0.0
    assert values["sentences"] == pytest.approx(2 / 5) and values["candidates"] == pytest.approx(3 / 8)
    assert values["dated_day"] == values["same_days"] == 1.0 and values["older"] == values["future"] == 0.0
    assert values["killed_known"] == values["province_known"] == values["district_known"] == 1.0
    assert values["injured_known"] == values["killed_many"] == values["quoted"] == 0.0
    assert values["same_place_type"] == pytest.approx(1 / 3)  # the Mastung bombing is in Balochistan too
    assert values["earlier_same"] == values["in_title"] == values["follow_up_title"] == 0.0


def test_features_of_a_recalled_and_of_a_quoted_candidate(vocabulary):
    recalled = _features(vocabulary, 1)
    assert recalled["older"] == 1.0 and recalled["same_days"] == 0.0 and recalled["earlier_same"] == 1.0
    assert recalled["long_ago_words"] == 1.0 and recalled["injured_known"] == 1.0
    assert recalled["paragraph"] == pytest.approx(0.2) and recalled["first_paragraphs"] == 0.0
    quoted = _features(vocabulary, 2)
    assert quoted["quoted"] == 1.0 and quoted["killed_many"] == 1.0 and quoted["dated_day"] == 0.0
    assert quoted["province_known"] == 0.0 and quoted["same_place_type"] == 0.0
    assert 0.5 < quoted["text_before"] < 1.0


def test_a_follow_up_headline_is_read_from_its_words(vocabulary):
    assert _features(vocabulary, 0, title="Funeral prayers offered for Quetta blast victims")["follow_up_title"] == 1.0


def test_words_are_hashed_the_same_way_everywhere():
    buckets = word_buckets("Six people were killed on Monday", "Quetta blast", 1024)
    assert buckets == word_buckets("Six people were killed on Monday", "Quetta blast", 1024)
    expected = {zlib.crc32(t.encode()) % 1024 for t in ("s:were killed", "s:six", "t:quetta")}
    assert expected <= set(buckets) and buckets == sorted(set(buckets))
    assert zlib.crc32(b"s:#") % 1024 in word_buckets("40 killed", None, 1024)  # digits read as '#'


def _model(**overrides):
    fields = dict(coefficients=(0.0,) * len(FEATURES), buckets=1024, word_weights={}, intercept=0.0, threshold=0.5,
                  mode="filter", default_on=False)
    fields.update(overrides)
    return CandidateModel(**fields)


def test_the_probability_is_the_logistic_formula_and_the_same_every_time(vocabulary):
    model = load_model()
    values = _features(vocabulary, 0)
    words = word_buckets(LEAD, TITLE, model.buckets)
    score = model.intercept + sum(w * values[f] for f, w in zip(FEATURES, model.coefficients, strict=True))
    score += sum(model.word_weights.get(b, 0.0) for b in words)
    first = model.probability(values, words)
    assert first == pytest.approx(1 / (1 + math.exp(-score)), abs=1e-12)
    assert all(model.probability(dict(values), list(reversed(words))) == first for _ in range(5))
    huge = _model(intercept=-1e9)
    assert 0.0 <= huge.probability(values, words) < 1e-20  # clamped, no overflow


def test_the_bundled_model_loads_and_says_how_it_was_made():
    model = load_model()
    assert len(model.coefficients) == len(FEATURES) and model.mode in MODES and 0 < model.threshold < 1
    assert all(0 <= b < model.buckets for b in model.word_weights)
    data = json.loads(importlib_resources.files("incidentwatch.resources").joinpath(candidate_filter.MODEL_FILE)
                      .read_text(encoding="utf-8"))
    assert "tune half only" in data["trained_on"] and "LogisticRegression" in data["learner"]
    assert data["script"] == "scripts/train_candidate_model.py" and date.fromisoformat(data["trained_at"])
    assert data["command"].startswith("python scripts/train_candidate_model.py --split tune")
    assert data["default"] == ("on" if model.default_on else "off")
    assert {"rules", "model"} <= set(data["cross_validated"])


def test_a_bad_model_file_is_refused_with_its_name():
    good = {"features": list(FEATURES), "coefficients": [0.0] * len(FEATURES), "intercept": 0.0, "threshold": 0.5,
            "buckets": 8, "word_weights": {"3": 1.0}, "mode": "filter", "default": "off"}
    assert parse_model(json.dumps(good)).word_weights == {3: 1.0}
    for bad in ("not json", "[]", json.dumps({**good, "features": ["in_title"]}), json.dumps({**good, "coefficients": [0.0]}),
                json.dumps({**good, "threshold": 1.5}), json.dumps({**good, "word_weights": {"8": 1.0}}),
                json.dumps({**good, "mode": "vote"}), json.dumps({**good, "default": "maybe"}),
                json.dumps({**good, "intercept": "NaN"}), json.dumps({k: v for k, v in good.items() if k != "buckets"})):
        with pytest.raises(ResourceError, match=candidate_filter.MODEL_FILE):
            parse_model(bad)


def test_the_switch(monkeypatch):
    monkeypatch.setenv(candidate_filter.SWITCH_ENV, "on")
    assert switched_on(_model(default_on=False))
    monkeypatch.setenv(candidate_filter.SWITCH_ENV, "off")
    assert not switched_on(_model(default_on=True))
    monkeypatch.delenv(candidate_filter.SWITCH_ENV)
    assert switched_on(_model(default_on=True)) and not switched_on(_model(default_on=False))
    assert switched_on() is load_model().default_on


def test_filter_keeps_the_rules_background_and_decide_may_overrule_it():
    _, _, incidents = _article()
    rules = [i.reported_as for i in incidents]
    assert rules == [ReportedAs.MAIN, ReportedAs.BACKGROUND, ReportedAs.MAIN]
    probabilities = [0.9, 0.9, 0.1]
    assert decide(incidents, probabilities, mode="filter", threshold=0.5) == [ReportedAs.MAIN, ReportedAs.BACKGROUND,
                                                                               ReportedAs.BACKGROUND]
    assert decide(incidents, probabilities, mode="decide", threshold=0.5) == [ReportedAs.MAIN, ReportedAs.MAIN,
                                                                               ReportedAs.BACKGROUND]


def _doc(text):
    return build_pipeline()(RawArticle(id="bullet-summary", text=text, published=PUBLISHED))


def test_a_model_filters_a_real_pipeline_article(monkeypatch, vocabulary):
    monkeypatch.setenv(candidate_filter.SWITCH_ENV, "off")
    doc = _doc(FIXTURE.read_text(encoding="utf-8"))
    assert doc.incidents and any(i.reported_as is ReportedAs.MAIN for i in doc.incidents)
    before = [i.reported_as for i in doc.incidents]
    filter_candidates(doc, doc.incidents, vocabulary)  # switched off: nothing changes
    assert [i.reported_as for i in doc.incidents] == before
    never = _model(intercept=-50.0)
    filter_candidates(doc, doc.incidents, vocabulary, model=never)
    assert all(i.reported_as is ReportedAs.BACKGROUND for i in doc.incidents)
    always = replace(never, intercept=50.0, mode="decide")
    filter_candidates(doc, doc.incidents, vocabulary, model=always)
    assert all(i.reported_as is ReportedAs.MAIN for i in doc.incidents)


def test_switched_on_the_pipeline_applies_the_shipped_model(monkeypatch, vocabulary):
    text = FIXTURE.read_text(encoding="utf-8")
    monkeypatch.setenv(candidate_filter.SWITCH_ENV, "off")
    rules = _doc(text)
    monkeypatch.setenv(candidate_filter.SWITCH_ENV, "on")
    first, second = _doc(text), _doc(text)
    model = load_model()
    candidates = describe_candidates(rules, rules.incidents, vocabulary, model.buckets)
    probabilities = [model.probability(c.values, c.words) for c in candidates]
    expected = decide(rules.incidents, probabilities, mode=model.mode, threshold=model.threshold)
    assert [i.reported_as for i in first.incidents] == expected == [i.reported_as for i in second.incidents]
