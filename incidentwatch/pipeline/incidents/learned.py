"""Learned: a small logistic model for main or background where the rules have no cue.

The rules of ``roles`` make an incident background when they see a reason (a follow-up story, a
recap cue, an old or month-only date, a paragraph of statistics); with no reason they call it
main. This module decides those default mains again: it describes each one by a few features of
the article and the incident (where it is first told, how much of the article tells it, cues of
time, whether its toll and place are known, whether it repeats an earlier incident) and keeps it
main when the model's probability reaches the model's threshold, else makes it background.
The rules' own background verdicts are never changed.

The model is ``resources/role_model.json``: feature names, coefficients, intercept, threshold and
how it was trained (``scripts/train_role_model.py`` retrains it from the real-pages cache). No
library is needed to apply it, and it gives the same answer for the same input on every machine.
It runs only when switched on: ``INCIDENTWATCH_ROLE_MODEL=on`` (``off``, the default, keeps the
rules alone; the model's measured effect is in ``docs/pipeline.md``).
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources as importlib_resources
from pathlib import Path

import yaml

from ...errors import ResourceError
from ...models import EventType, Incident, ReportedAs, Sentence, Span
from ..base import ArticleDoc

MODEL_FILE = "role_model.json"
CUES_FILE = "role_cues.yaml"
SWITCH_ENV = "INCIDENTWATCH_ROLE_MODEL"
DEFAULT_SWITCH = "off"
BULLETS = ("•", "-", "–", "*", "▪")
MIN_TITLE = 20  # characters a headline needs to count as found inside a sentence
STATE_ACTION = frozenset({EventType.SECURITY_OPERATION, EventType.AIRSTRIKE})

# The features, in the order of the model file; each is a number in [0, 1].
FEATURES: tuple[str, ...] = (
    "in_title",          # the incident's first sentence is the headline (or inside it)
    "in_lead",           # ... is the lead: the article's first sentence of prose
    "early",             # ... is in the first two paragraphs
    "position",          # ... its place in the article, 0 (first sentence) to 1 (last)
    "first_incident",    # the article's first incident
    "mains_before",      # main incidents before it (rules' verdicts), 0, 0.5 for one, 1 for more
    "mention_share",     # its share of the sentences that tell any incident of the article
    "follow_up_article", # the rules read the article as a follow-up story (a state action in it stays main)
    "recap_cue",         # a recap cue ("condemned", "in the wake of") anywhere in its sentences
    "time_past",         # a cue of past time ("last week", "two months ago") in its first sentence
    "news_now",          # a cue of today's news ("on Monday", "rose to") in its first sentence
    "dated",             # it has a date
    "same_days",         # its day is within two days of publication
    "toll_stated",       # its killed count is known
    "place_known",       # its province is known
    "district_known",    # its district is known
    "headline_like",     # its first sentence is a bullet or has no closing full stop
    "repeats_earlier",   # an earlier incident of the article has its type and killed count
    "state_action",      # a security operation or an air strike
)


@dataclass(frozen=True)
class RoleModel:
    """A logistic model: ``p = 1 / (1 + exp(-(intercept + sum(w * x))))``; main when
    ``p >= threshold``."""

    features: tuple[str, ...]
    coefficients: tuple[float, ...]
    intercept: float
    threshold: float

    def probability(self, values: Mapping[str, float]) -> float:
        score = self.intercept + math.fsum(w * values[name] for name, w in zip(self.features, self.coefficients, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, score))))  # clamped: no overflow whatever the file says

    def is_main(self, values: Mapping[str, float]) -> bool:
        return self.probability(values) >= self.threshold


@dataclass(frozen=True)
class RoleCues:
    time_past: re.Pattern[str]
    news_now: re.Pattern[str]


def read_resource(name: str, directory: Path | None) -> str:
    """The text of a data file of ``incidentwatch.resources`` (or of ``directory``)."""
    if directory is not None:
        return (directory / name).read_text(encoding="utf-8")
    return importlib_resources.files("incidentwatch.resources").joinpath(name).read_text(encoding="utf-8")


def parse_model(text: str, source: str = MODEL_FILE) -> RoleModel:
    """A model from the text of its JSON file.

    Raises:
        ResourceError: not JSON, a field missing or of the wrong kind, or features that are not
            this module's.
    """
    try:
        data = json.loads(text)
        features = tuple(str(f) for f in data["features"])
        coefficients = tuple(float(c) for c in data["coefficients"])
        intercept = float(data["intercept"])
        threshold = float(data["threshold"])
    except (ValueError, KeyError, TypeError) as error:
        raise ResourceError(source, None, f"not a role model: {type(error).__name__}: {error}") from None
    if features != FEATURES:
        raise ResourceError(source, None, f"features {list(features)} are not those of learned.FEATURES {list(FEATURES)}")
    if len(coefficients) != len(features):
        raise ResourceError(source, None, f"{len(coefficients)} coefficients for {len(features)} features")
    if not all(math.isfinite(c) for c in (*coefficients, intercept)) or not 0.0 < threshold < 1.0:
        raise ResourceError(source, None, "coefficients must be finite and the threshold within (0, 1)")
    return RoleModel(features=features, coefficients=coefficients, intercept=intercept, threshold=threshold)


@cache
def load_model(directory: Path | None = None) -> RoleModel:
    """The bundled model (or the one in ``directory``)."""
    return parse_model(read_resource(MODEL_FILE, directory))


@cache
def load_cues(directory: Path | None = None) -> RoleCues:
    """The cue words of the features (``role_cues.yaml``).

    Raises:
        ResourceError: the file is not YAML, or an entry is missing or not a list of patterns.
    """
    try:
        data = yaml.safe_load(read_resource(CUES_FILE, directory))
    except yaml.YAMLError as error:
        raise ResourceError(CUES_FILE, None, str(error).splitlines()[0]) from None
    patterns = {}
    for name in ("time_past", "news_now"):
        items = data.get(name) if isinstance(data, dict) else None
        if not isinstance(items, list) or not items or not all(isinstance(i, str) and i.strip() for i in items):
            raise ResourceError(CUES_FILE, None, f"{name}: expected a non-empty list of patterns")
        try:
            patterns[name] = re.compile(r"\b(?:" + "|".join(sorted(items, key=len, reverse=True)) + r")\b", re.IGNORECASE)
        except re.error as error:
            raise ResourceError(CUES_FILE, None, f"{name}: {error}") from None
    return RoleCues(time_past=patterns["time_past"], news_now=patterns["news_now"])


def switched_on() -> bool:
    """Whether the model decides the rules' default mains (``INCIDENTWATCH_ROLE_MODEL``)."""
    return os.environ.get(SWITCH_ENV, DEFAULT_SWITCH).strip().lower() in {"on", "1", "true", "yes"}


def first_evidence(incident: Incident, sentences: Sequence[Sentence]) -> tuple[list[Span], str, Sentence | None]:
    """An incident's evidence spans in text order, the first one's text and the sentence it is in."""
    spans = sorted(incident.evidence, key=lambda s: s.start)
    if not spans:
        return spans, "", None
    return spans, spans[0].text, _sentence_at(sentences, spans[0].start)


def _sentence_at(sentences: Sequence[Sentence], offset: int) -> Sentence | None:
    return next((s for s in sentences if s.start <= offset < s.end or s.start >= offset), None)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def role_features(
    incidents: Sequence[Incident],
    position: int,
    *,
    title: str | None,
    sentences: Sequence[Sentence],
    published: date | None,
    follow_up: bool,
    recap: re.Pattern[str],
    cues: RoleCues,
) -> dict[str, float]:
    """The features of ``incidents[position]`` in its article (see ``FEATURES``)."""
    incident = incidents[position]
    spans, first_text, first = first_evidence(incident, sentences)
    prose = [s for s in sentences if not s.text.lstrip().startswith(BULLETS)]
    lead_index = prose[0].index if prose else None
    index = first.index if first is not None else 0
    told = {(s.start, s.end) for i in incidents for s in i.evidence}
    mains_before = sum(1 for i in incidents[:position] if i.reported_as is ReportedAs.MAIN)
    day = _day(incident.date)
    stripped = first_text.strip()
    title_norm, first_norm = _norm(title or ""), _norm(first_text)
    return {
        # a short title ("Latest", "close") is page chrome, not a headline found inside a sentence
        "in_title": float(bool(first_norm and (first_norm in title_norm or (len(title_norm) >= MIN_TITLE and title_norm in first_norm)))),
        "in_lead": float(first is not None and first.index == lead_index),
        "early": float(first is not None and first.paragraph <= 1),
        "position": index / max(1, len(sentences) - 1),
        "first_incident": float(position == 0),
        "mains_before": min(mains_before, 2) / 2,
        "mention_share": len(spans) / max(1, len(told)),
        "follow_up_article": float(follow_up),
        "recap_cue": float(any(recap.search(s.text) for s in spans)),
        "time_past": float(bool(cues.time_past.search(first_text))),
        "news_now": float(bool(cues.news_now.search(first_text))),
        "dated": float(day is not None),
        "same_days": float(day is not None and published is not None and abs((published - day).days) <= 2),
        "toll_stated": float(incident.killed.total is not None),
        "place_known": float(incident.location.admin1 is not None),
        "district_known": float(incident.location.admin2 is not None),
        "headline_like": float(stripped.startswith(BULLETS) or not stripped.endswith((".", "!", "?", ".”", '."'))),
        "repeats_earlier": float(any(i.event_type is incident.event_type and i.killed.total == incident.killed.total
                                     for i in incidents[:position])),
        "state_action": float(incident.event_type in STATE_ACTION),
    }


def _day(value: str | None) -> date | None:
    if value is None or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def settle_roles(doc: ArticleDoc, incidents: list[Incident], *, follow_up: bool, recap: re.Pattern[str],
                 model: RoleModel | None = None) -> None:
    """Make background each default main of the rules that the model does not hold for main
    (in place; in reading order, so that ``mains_before`` counts the verdicts already settled).
    With no ``model`` given, the bundled one decides when ``switched_on()``; else nothing changes."""
    if model is None:
        if not switched_on():
            return
        model = load_model()
    cues = load_cues()
    title = doc.clean.title if doc.clean is not None else None
    published = doc.clean.published if doc.clean is not None else None
    for position, incident in enumerate(incidents):
        if incident.reported_as is not ReportedAs.MAIN:
            continue  # the rules saw a reason: they have the word
        values = role_features(incidents, position, title=title, sentences=doc.sentences, published=published,
                               follow_up=follow_up, recap=recap, cues=cues)
        if not model.is_main(values):
            incident.reported_as = ReportedAs.BACKGROUND


__all__ = ["FEATURES", "RoleCues", "RoleModel", "load_cues", "load_model", "parse_model", "read_resource", "role_features", "settle_roles", "switched_on"]
