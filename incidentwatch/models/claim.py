"""Claim: a statistical statement an article attributes to a source."""

from __future__ import annotations

import math

from pydantic import BaseModel

from .article import Span
from .vocab import Metric, Qualifier, Unit

# no published figure of deaths, attacks or per cent comes near this: a value past it (or an
# infinity, which a 400-digit number in an article becomes as a float) is debris, not a statistic
MAX_CLAIM_VALUE = 1e12


def is_usable_value(value: float) -> bool:
    """Whether a claim's value is finite and within ``MAX_CLAIM_VALUE`` either way: only such
    values are stored, tallied and printed (an infinity is not even JSON)."""
    return math.isfinite(value) and abs(value) <= MAX_CLAIM_VALUE


class Region(BaseModel):
    name: str
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None


class Period(BaseModel):
    label: str | None = None
    start: str | None = None
    end: str | None = None


class Claim(BaseModel):
    source: str | None = None
    region: Region
    period: Period
    metric: Metric
    unit: Unit
    value: float
    qualifier: Qualifier
    evidence: Span
    # for review: "contradicts itself" when the article states the figure both ways
    # ("up 12 percent" and "fell 12 percent"): both readings are kept
    flags: list[str] = []
