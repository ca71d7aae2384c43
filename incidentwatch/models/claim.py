"""Claim: a statistical statement an article attributes to a source."""

from __future__ import annotations

from pydantic import BaseModel

from .article import Span
from .vocab import Metric, Qualifier, Unit


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
