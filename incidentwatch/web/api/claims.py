"""``/api/claims``: the claims ledger (the figures other monitors and officials published,
beside our own count), computed by ``analytics.ledger.ledger``, the function behind
``incidentwatch claims``, so the two cannot disagree."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from ...analytics.ledger import Band, Ledger, LedgerEntry, LedgerGroup, ledger
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


class ClaimPublic(BaseModel):
    """One published figure beside our count of the same region, period and metric."""

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
    reason: str | None = Field(description="why there is no count of ours")
    article: ClaimArticlePublic
    evidence: str = Field(description="the sentence the figure comes from")


class ClaimsPage(BaseModel):
    ledger: str = Field(description="the filters in words")
    coverage: list[date] | None = Field(description="first and last publication day of the articles held")
    count: int = Field(description="published figures matching, all of them")
    truncated: bool = Field(description=f"more than {MAX_ROWS} matched: only the first are in data")
    data: list[ClaimPublic]


def claim_of(group: LedgerGroup, entry: LedgerEntry) -> ClaimPublic:
    own = group.own
    a = entry.article
    return ClaimPublic(
        claim_id=entry.claim_id, source=entry.source, region=entry.region, counted_region=group.region,
        period_label=entry.period_label, period_start=entry.period_start, period_end=entry.period_end,
        metric=entry.metric, unit=entry.unit, qualifier=entry.qualifier, value=entry.value, own=entry.own,
        own_incidents=own.incidents if own else None, own_note=own.note if own else None,
        own_partial_coverage=own.partial_coverage if own else None, difference=entry.difference,
        percent=None if entry.percent is None else round(entry.percent, 1), band=entry.band, reason=group.reason,
        article=ClaimArticlePublic(id=a.id, outlet=a.outlet, title=a.title, url=a.url, published=a.published),
        evidence=entry.evidence)


def claims_page(result: Ledger) -> ClaimsPage:
    rows = [claim_of(g, e) for g in result.groups for e in g.entries]
    return ClaimsPage(ledger=result.describe(), coverage=list(result.coverage) if result.coverage else None,
                      count=len(rows), truncated=len(rows) > MAX_ROWS, data=rows[:MAX_ROWS])


Source = Annotated[str | None, Query(max_length=120, description="CRSS, PICSS, PIPS, SATP, ISPR... or 'unattributed'")]


@router.get("/claims", response_model=ClaimsPage, responses=error_responses(400, 422))
def claims(selection: Filters, db: DbSession, period: PeriodText = None, source: Source = None,
           metric: Annotated[Metric | None, Query(description="only this metric")] = None) -> ClaimsPage:
    """Published figures whose period overlaps the dates (or ``period``) and whose region is in
    the place filters, grouped by region, period and metric, each beside our own count and the
    difference. The type, group, victims, minimum-killed and text filters do not apply to
    whole counts and answer 400."""
    selection = narrow_to_period(selection, period)
    return claims_page(ledger(db, selection, source=source or None, metric=metric))
