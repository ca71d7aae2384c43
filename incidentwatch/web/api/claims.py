"""``/api/claims``: the claims ledger (the figures other monitors and officials published,
beside our own count), computed by ``analytics.ledger.ledger``, the function behind
``incidentwatch claims``, so the two cannot disagree."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from ...analytics.ledger import (
    THIN_DAYS_SHARE,
    THIN_MIN_OUTLETS,
    Band,
    Ledger,
    LedgerEntry,
    LedgerGroup,
    ledger,
)
from ...models import Metric
from ..deps import DbSession, Filters, PeriodText, narrow_to_period
from ..errors import error_responses

router = APIRouter(tags=["claims"])
MAX_ROWS = 5000  # published figures per answer: the ledger is computed whole, the answer is bounded


class ClaimArticlePublic(BaseModel):
    id: int
    outlet: str | None
    title: str | None
    url: str | None
    published: date | None


class LedgerRowPublic(BaseModel):
    """One row of the ledger: a published figure beside our count of the same region, period and
    metric. The figure as stored, alone, is ``schemas.ClaimPublic`` (an article's claims); the
    API has one model of each, so the OpenAPI schema names them plainly."""

    claim_id: int
    source: str | None = Field(description="who published the figure; null when the article names no one")
    region: str = Field(description="the region as the article stated it")
    counted_region: str = Field(description="what our count covers")
    period_label: str | None = Field(description="the period as the article stated it")
    period_start: date | None
    period_end: date | None = Field(description="the last day, inclusive")
    metric: Metric
    unit: str
    qualifier: str
    value: float = Field(description="the published figure")
    own: int | None = Field(description="our count, or null when we cannot count this (see reason)")
    own_incidents: int | None
    own_note: str | None = Field(description="how our count was taken")
    own_partial_coverage: bool | None = Field(description="the period reaches beyond the articles held")
    difference: float | None = Field(description="our count minus the published figure")
    percent: float | None = Field(description="the difference as a percent of the published figure")
    band: Band
    band_label: str = Field(description="the band in words: 'not comparable (thin coverage)', 'period unknown'...")
    preset: str | None = Field(description="the counting preset our count follows: the publisher's (docs/presets.md)")
    coverage_articles: int | None = Field(description="articles reporting incidents in the period and region")
    coverage_outlets: int | None = Field(description="their outlets")
    coverage_days: int | None = Field(description="days of the period with reported incidents")
    period_days: int | None = Field(description="days in the period")
    reason: str | None = Field(description="why there is no count of ours")
    article: ClaimArticlePublic
    evidence: str = Field(description="the sentence the figure comes from")
    flags: list[str] = Field(default=[], description="for review: 'contradicts itself' when the article states it both ways")


class ClaimsPage(BaseModel):
    ledger: str = Field(description="the filters in words")
    coverage: list[date] | None = Field(description="first and last publication day of the articles held")
    count: int = Field(description="published figures matching, all of them")
    truncated: bool = Field(description=f"more than {MAX_ROWS} matched: only the first are in data")
    data: list[LedgerRowPublic]


def ledger_row_of(group: LedgerGroup, entry: LedgerEntry) -> LedgerRowPublic:
    own = group.own
    coverage = own.coverage if own else None
    a = entry.article
    return LedgerRowPublic(
        claim_id=entry.claim_id, source=entry.source, region=entry.region, counted_region=group.region,
        period_label=entry.period_label, period_start=entry.period_start, period_end=entry.period_end,
        metric=Metric(entry.metric), unit=entry.unit, qualifier=entry.qualifier, value=entry.value, own=entry.own,
        own_incidents=own.incidents if own else None, own_note=entry.own_note,
        own_partial_coverage=own.partial_coverage if own else None, difference=entry.difference,
        percent=None if entry.percent is None else round(entry.percent, 1), band=entry.band,
        band_label=entry.band.label, preset=entry.preset,
        coverage_articles=coverage.articles if coverage else None, coverage_outlets=coverage.outlets if coverage else None,
        coverage_days=coverage.days if coverage else None, period_days=coverage.period_days if coverage else None,
        reason=group.reason,
        article=ClaimArticlePublic(id=a.id, outlet=a.outlet, title=a.title, url=a.url, published=a.published),
        evidence=entry.evidence, flags=list(entry.flags))


def claims_page(result: Ledger) -> ClaimsPage:
    rows = [ledger_row_of(g, e) for g in result.groups for e in g.entries]
    return ClaimsPage(ledger=result.describe(), coverage=list(result.coverage) if result.coverage else None,
                      count=len(rows), truncated=len(rows) > MAX_ROWS, data=rows[:MAX_ROWS])


Source = Annotated[str | None, Query(max_length=120, description="CRSS, PICSS, PIPS, SATP, ISPR... or 'unattributed'")]


@router.get("/claims", response_model=ClaimsPage, responses=error_responses(400, 422))
def claims(selection: Filters, db: DbSession, period: PeriodText = None, source: Source = None,
           metric: Annotated[Metric | None, Query(description="only this metric")] = None,
           min_days_share: Annotated[float, Query(ge=0, le=1, description="thin below this share of days with reports")] = THIN_DAYS_SHARE,
           min_outlets: Annotated[int, Query(ge=0, le=1000, description="thin below this many outlets")] = THIN_MIN_OUTLETS,
           ) -> ClaimsPage:
    """Published figures whose period overlaps the dates (or ``period``) and whose region is in
    the place filters, grouped by region, period and metric, each beside our own count and the
    difference. Each figure is counted under its publisher's preset; thin coverage (below
    ``min_days_share`` of the period's days or ``min_outlets`` outlets) is not compared. The
    type, group, victims, minimum-killed and text filters do not apply to whole counts and
    answer 400."""
    selection = narrow_to_period(selection, period)
    return claims_page(ledger(db, selection, source=source or None, metric=metric, min_days_share=min_days_share,
                              min_outlets=min_outlets))
