"""Candidate filter: a learned look at every incident the rules read from an article.

The rules (``resolution``, ``roles``) read each article's candidate incidents and call each main
or background. This module scores every candidate with a small logistic model whose features
describe the candidate without asking the rules: where the article tells it (headline, lead,
paragraph, share of the text before it), the words of its first sentence (a hashed bag of words
and word pairs: tense, "had", "last year", "funeral", quotes), whether that sentence is a quote,
how far its date lies from publication, how many other candidates share its province and type,
whether it has tolls, whether the headline reads as a follow-up story. Then, in the model's
``mode``:

- ``filter``: a candidate the rules call main stays main only when the model's probability
  reaches the threshold; else it becomes background (still linked to the article). The rules'
  background verdicts stand.
- ``decide``: every candidate is main exactly when the probability reaches the threshold.

The model is ``resources/candidate_model.json`` (written by ``scripts/train_candidate_model.py``
with how, when and on what it was trained). Applying it needs no library: the words are hashed
with CRC-32, so the same text gives the same answer on every machine. It runs when
``INCIDENTWATCH_CANDIDATE_MODEL`` is ``on`` (``off`` keeps the rules alone); unset, the model
file's own ``default`` decides (what the tune half's cross-validation chose; see
``docs/pipeline.md``).
"""

from __future__ import annotations

import json
import math
import os
import re
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from ...errors import ResourceError
from ...models import DatePrecision, Incident, ReportedAs, Sentence
from ..base import ArticleDoc
from .learned import (
    BULLETS,
    MIN_TITLE,
    STATE_ACTION,
    RoleCues,
    _norm,
    first_evidence,
    load_cues,
    read_resource,
)
from .roles import _day
from .vocabulary import Vocabulary

MODEL_FILE = "candidate_model.json"
SWITCH_ENV = "INCIDENTWATCH_CANDIDATE_MODEL"
MODES = ("filter", "decide")
QUOTES = ('"', "“", "”", "‘", "’")
WORD = re.compile(r"[a-z]+|\d+")

# The dense features, in the order of the model file; each is a number in [0, 1].
FEATURES: tuple[str, ...] = (
    "in_title",            # its first sentence is the headline (or holds it)
    "in_lead",             # ... is the lead: the first sentence of prose
    "paragraph",           # the paragraph of its first sentence, 0 to 10 and more, over 10
    "first_paragraphs",    # ... is one of the first two
    "text_before",         # the share of the article's text before its first sentence
    "first_candidate",     # the article's first candidate
    "candidate_rank",      # its rank among the article's candidates, 0 to 5 and more, over 5
    "candidates",          # how many candidates the article has, 1 to 8 and more, over 8
    "sentences",           # how many sentences tell it, 1 to 5 and more, over 5
    "quoted",              # its first sentence holds a quotation
    "headline_like",       # its first sentence is a bullet or has no closing full stop
    "short_sentence",      # its first sentence has fewer than ten words
    "dated_day",           # it is dated to a day
    "dated_month",         # it is dated to a month only
    "same_days",           # its day is two days before publication to one after
    "same_week",           # ... three to seven days before publication
    "older",               # ... more than seven days before publication
    "future",              # ... after publication
    "killed_known",        # its killed count is known
    "killed_many",         # thirty or more killed
    "injured_known",       # its injured count is known
    "province_known",
    "district_known",
    "same_place_type",     # other candidates of the same province and type, 0 to 3, over 3
    "earlier_same",        # an earlier candidate has its province and type
    "earlier_same_toll",   # an earlier candidate has its type and killed count
    "state_action",        # a security operation or an air strike
    "follow_up_title",     # the headline names a funeral, probe, arrest, condemnation ... (its words)
    "toll_update_title",   # the headline says a toll rose
    "recap_words",         # recap words ("condemned", "in the wake of") in its first sentence
    "long_ago_words",      # "last year", "last month" ... in its first sentence
    "time_past",           # a cue of past time in its first sentence (``role_cues.yaml``)
    "news_now",            # a cue of today's news in its first sentence (``role_cues.yaml``)
)


@dataclass(frozen=True)
class CandidateModel:
    """A logistic model over the dense ``FEATURES`` and ``buckets`` hashed words:
    ``p = 1 / (1 + exp(-(intercept + w . x + sum of the weights of the words' buckets)))``."""

    coefficients: tuple[float, ...]
    buckets: int
    word_weights: Mapping[int, float]
    intercept: float
    threshold: float
    mode: str
    default_on: bool

    def probability(self, values: Mapping[str, float], words: Sequence[int]) -> float:
        score = self.intercept + math.fsum(w * values[name] for name, w in zip(FEATURES, self.coefficients, strict=True))
        score += math.fsum(self.word_weights.get(b, 0.0) for b in sorted(set(words)))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, score))))  # clamped: no overflow whatever the file says


def parse_model(text: str, source: str = MODEL_FILE) -> CandidateModel:
    """A model from the text of its JSON file.

    Raises:
        ResourceError: not JSON, a field missing or of the wrong kind, features that are not
            this module's, a bucket out of range or an unknown mode.
    """
    try:
        data = json.loads(text)
        features = tuple(str(f) for f in data["features"])
        coefficients = tuple(float(c) for c in data["coefficients"])
        buckets = int(data["buckets"])
        word_weights = {int(k): float(v) for k, v in data["word_weights"].items()}
        intercept = float(data["intercept"])
        threshold = float(data["threshold"])
        mode = str(data["mode"])
        default = str(data["default"])
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ResourceError(source, None, f"not a candidate model: {type(error).__name__}: {error}") from None
    if features != FEATURES:
        raise ResourceError(source, None, f"features {list(features)} are not those of candidate_filter.FEATURES")
    if len(coefficients) != len(features):
        raise ResourceError(source, None, f"{len(coefficients)} coefficients for {len(features)} features")
    if buckets < 1 or any(not 0 <= k < buckets for k in word_weights):
        raise ResourceError(source, None, f"word buckets must lie in [0, {buckets})")
    if not all(math.isfinite(c) for c in (*coefficients, *word_weights.values(), intercept)) or not 0.0 < threshold < 1.0:
        raise ResourceError(source, None, "weights must be finite and the threshold within (0, 1)")
    if mode not in MODES or default not in {"on", "off"}:
        raise ResourceError(source, None, f"mode must be one of {list(MODES)} and default 'on' or 'off'")
    return CandidateModel(coefficients=coefficients, buckets=buckets, word_weights=word_weights, intercept=intercept,
                          threshold=threshold, mode=mode, default_on=default == "on")


@cache
def load_model(directory: Path | None = None) -> CandidateModel:
    """The bundled model (or the one in ``directory``)."""
    return parse_model(read_resource(MODEL_FILE, directory))


def switched_on(model: CandidateModel | None = None) -> bool:
    """Whether the filter runs: ``INCIDENTWATCH_CANDIDATE_MODEL`` on or off, else the model
    file's ``default``."""
    value = os.environ.get(SWITCH_ENV, "").strip().lower()
    if value in {"on", "1", "true", "yes"}:
        return True
    if value in {"off", "0", "false", "no"}:
        return False
    return (model or load_model()).default_on


def word_buckets(sentence: str, title: str | None, buckets: int) -> list[int]:
    """The hashed words and word pairs of a sentence (``s:``) and the words of the headline
    (``t:``), digits as ``#``; CRC-32 of the UTF-8 token modulo ``buckets``, sorted, once each."""
    words = [("#" if w.isdigit() else w) for w in WORD.findall(sentence.casefold())]
    tokens = {f"s:{w}" for w in words} | {f"s:{a} {b}" for a, b in zip(words, words[1:], strict=False)}
    tokens |= {f"t:{'#' if w.isdigit() else w}" for w in WORD.findall((title or "").casefold())}
    return sorted({zlib.crc32(t.encode("utf-8")) % buckets for t in tokens})


def candidate_features(
    incidents: Sequence[Incident],
    position: int,
    *,
    title: str | None,
    text: str,
    sentences: Sequence[Sentence],
    published: date | None,
    vocabulary: Vocabulary,
    cues: RoleCues,
) -> dict[str, float]:
    """The dense features of ``incidents[position]`` in its article (see ``FEATURES``)."""
    incident = incidents[position]
    spans, first_text, first = first_evidence(incident, sentences)
    lead = next((s for s in sentences if not s.text.lstrip().startswith(BULLETS)), None)
    paragraph = first.paragraph if first is not None else 0
    stripped = first_text.strip()
    title_norm, first_norm = _norm(title or ""), _norm(first_text)
    day = _day(incident)
    days = (published - day).days if day is not None and published is not None else None
    province = incident.location.admin1
    same = [i for i in incidents if i is not incident and i.event_type is incident.event_type
            and i.location.admin1 == province]
    earlier = incidents[:position]
    killed = incident.killed.total
    return {
        "in_title": float(bool(first_norm and (first_norm in title_norm or (len(title_norm) >= MIN_TITLE and title_norm in first_norm)))),
        "in_lead": float(first is not None and lead is not None and first.index == lead.index),
        "paragraph": min(paragraph, 10) / 10,
        "first_paragraphs": float(paragraph <= 1),
        "text_before": (spans[0].start / max(1, len(text))) if spans else 0.0,
        "first_candidate": float(position == 0),
        "candidate_rank": min(position, 5) / 5,
        "candidates": min(len(incidents), 8) / 8,
        "sentences": min(len(spans), 5) / 5,
        "quoted": float(stripped.startswith(QUOTES) or sum(stripped.count(q) for q in QUOTES) >= 2),
        "headline_like": float(stripped.startswith(BULLETS) or not stripped.endswith((".", "!", "?", ".”", '."'))),
        "short_sentence": float(len(stripped.split()) < 10),
        "dated_day": float(day is not None),
        "dated_month": float(incident.date_precision is DatePrecision.MONTH),
        "same_days": float(days is not None and -1 <= days <= 2),
        "same_week": float(days is not None and 2 < days <= 7),
        "older": float(days is not None and days > 7),
        "future": float(days is not None and days < -1),
        "killed_known": float(killed is not None),
        "killed_many": float(killed is not None and killed >= 30),
        "injured_known": float(incident.injured.total is not None),
        "province_known": float(province is not None),
        "district_known": float(incident.location.admin2 is not None),
        "same_place_type": min(len(same), 3) / 3,
        "earlier_same": float(any(i.event_type is incident.event_type and i.location.admin1 == province for i in earlier)),
        "earlier_same_toll": float(any(i.event_type is incident.event_type and i.killed.total == killed for i in earlier)),
        "state_action": float(incident.event_type in STATE_ACTION),
        "follow_up_title": float(bool(title and vocabulary.follow_up.search(title))),
        "toll_update_title": float(bool(title and vocabulary.toll_update.search(title))),
        "recap_words": float(bool(vocabulary.recap.search(first_text))),
        "long_ago_words": float(bool(vocabulary.long_ago.search(first_text))),
        "time_past": float(bool(cues.time_past.search(first_text))),
        "news_now": float(bool(cues.news_now.search(first_text))),
    }


@dataclass(frozen=True)
class Candidate:
    """One candidate's features: the dense values and the hashed words."""

    values: dict[str, float]
    words: list[int]


def describe_candidates(doc: ArticleDoc, incidents: Sequence[Incident], vocabulary: Vocabulary, buckets: int) -> list[Candidate]:
    """The features of each of an article's candidate incidents, in order."""
    if doc.clean is None:
        return []
    cues = load_cues()
    title, text, published = doc.clean.title, doc.clean.text, doc.clean.published
    out = []
    for position, incident in enumerate(incidents):
        values = candidate_features(incidents, position, title=title, text=text, sentences=doc.sentences,
                                    published=published, vocabulary=vocabulary, cues=cues)
        first = min(incident.evidence, key=lambda s: s.start).text if incident.evidence else ""
        out.append(Candidate(values=values, words=word_buckets(first, title, buckets)))
    return out


def decide(incidents: Sequence[Incident], probabilities: Sequence[float], *, mode: str, threshold: float) -> list[ReportedAs]:
    """The role of each candidate under a mode and threshold (see the module's docstring)."""
    roles = []
    for incident, p in zip(incidents, probabilities, strict=True):
        keep = p >= threshold
        if mode == "filter":
            roles.append(ReportedAs.MAIN if incident.reported_as is ReportedAs.MAIN and keep else ReportedAs.BACKGROUND)
        else:
            roles.append(ReportedAs.MAIN if keep else ReportedAs.BACKGROUND)
    return roles


def filter_candidates(doc: ArticleDoc, incidents: list[Incident], vocabulary: Vocabulary,
                      model: CandidateModel | None = None) -> None:
    """Set each candidate's role by the model (in place). With no ``model`` given, the bundled
    one decides when ``switched_on()``; else nothing changes."""
    if model is None:
        if not switched_on():
            return
        model = load_model()
    if not incidents or doc.clean is None:
        return
    candidates = describe_candidates(doc, incidents, vocabulary, model.buckets)
    probabilities = [model.probability(c.values, c.words) for c in candidates]
    for incident, role in zip(incidents, decide(incidents, probabilities, mode=model.mode, threshold=model.threshold), strict=True):
        incident.reported_as = role


__all__ = ["FEATURES", "MODES", "Candidate", "CandidateModel", "candidate_features", "decide", "describe_candidates",
           "filter_candidates", "load_model", "parse_model", "switched_on", "word_buckets"]
