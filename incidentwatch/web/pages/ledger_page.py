"""The claims ledger page (``/claims``): the figures other monitors and officials published,
grouped by source and period, each beside our own count under its publisher's preset, paged;
a row folds out (``<details>``) to show its evidence sentence (as text), the article, how our
count was taken, how much the database covers, and a link to the incidents behind the count.

The page is a list, not a wide table: a row's cells wrap onto a second line at 390 px rather
than push the page wider, and evidence breaks only between words (``overflow-wrap: break-word``
breaks a word only when it alone is wider than the line)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...analytics.ledger import (
    THIN_DAYS_SHARE,
    THIN_MIN_OUTLETS,
    Band,
    Ledger,
    LedgerEntry,
    LedgerGroup,
    ledger,
)
from ...analytics.periods import period_label
from ...models import Metric
from ...store.tables import ClaimRow
from ..api.claims import Source
from ..deps import CurrentUser, DbSession, Filters, PeriodText, narrow_to_period, period_param
from .common import render

router = APIRouter(include_in_schema=False)
PAGE = 40  # published figures per page
PREFIX = {"at_least": "≥", "over": ">", "approx": "~"}  # as incidentwatch claims prints them


@dataclass(frozen=True)
class GroupView:
    """One (region, period, metric) group as the page shows it."""

    group: LedgerGroup
    period: str
    incidents_href: str | None  # the dashboard filtered to what our count covers


@dataclass(frozen=True)
class RowView:
    """One published figure as a row of its (source, period) section."""

    group: GroupView
    entry: LedgerEntry


@dataclass(frozen=True)
class SectionView:
    """The figures one source published about one period."""

    source: str
    period: str
    rows: tuple[RowView, ...]


def _sections(views: list[GroupView], offset: int, size: int) -> tuple[list[SectionView], int]:
    """The page's rows, by source (named ones first, A-Z) then period (oldest first), cut into
    sections; and the number of rows in all."""
    rows = [RowView(group=v, entry=e) for v in views for e in v.group.entries]
    rows.sort(key=lambda r: (r.entry.source is None, (r.entry.source or "").lower(), r.group.group.period_start or date.max,
                             r.group.group.period_end or date.max, r.group.group.region.lower(), r.group.group.metric))
    sections: list[SectionView] = []
    for row in rows[offset:offset + size]:
        source = row.entry.source or "unattributed"
        if sections and (sections[-1].source, sections[-1].period) == (source, row.group.period):
            sections[-1] = SectionView(source, row.group.period, (*sections[-1].rows, row))
        else:
            sections.append(SectionView(source, row.group.period, (row,)))
    return sections, len(rows)


def _period(group: LedgerGroup) -> str:
    if group.period_start is None or group.period_end is None:
        return "no period" + (f" ({group.period_label})" if group.period_label else "")
    return period_label(group.period_start, group.period_end)


def _regions(session: Session, result: Ledger) -> dict[int, tuple[str | None, str | None, str | None]]:
    """claim id -> (country, province, district) as the extraction placed it."""
    ids = [e.claim_id for e in result.entries]
    if not ids:
        return {}
    query = select(ClaimRow.id, ClaimRow.region_country, ClaimRow.region_admin1, ClaimRow.region_admin2)
    out: dict[int, tuple[str | None, str | None, str | None]] = {}
    for start in range(0, len(ids), 500):  # bounded IN lists
        out.update({i: (c, a1, a2) for i, c, a1, a2 in session.execute(query.where(ClaimRow.id.in_(ids[start:start + 500])))})
    return out


def _incidents_href(group: LedgerGroup, region: tuple[str | None, str | None, str | None] | None) -> str | None:
    """The dashboard showing the incidents our count covers, when one filter says it: one
    district, one province, or a whole country (a list of provinces gets no link)."""
    if group.own is None or group.period_start is None or group.period_end is None or region is None:
        return None
    country, province, district = region
    params: list[tuple[str, str]] = [("from", group.period_start.isoformat()), ("to", group.period_end.isoformat())]
    if district:
        params += [("province", province or ""), ("district", district)] if province else [("district", district)]
    elif province:
        params.append(("province", province))
    elif country and "+" not in group.region:
        params.append(("country", country))
    else:
        return None
    return "/?" + urlencode([(k, v) for k, v in params if v])


def published(value: float, qualifier: str, unit: str) -> str:
    """``≥1,200``, ``~35``, ``-12%``: the figure as published."""
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{PREFIX.get(qualifier, '')}{number}{'' if unit == 'count' else '%'}"


def plural(n: int, word: str) -> str:
    """``1 group``, ``2 groups``, ``1,204 published figures``."""
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@router.get("/claims")
def ledger_page(request: Request, selection: Filters, db: DbSession, account: CurrentUser, period: PeriodText = None,
                source: Source = None, metric: Metric | None = None,
                offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                min_days_share: Annotated[float, Query(ge=0, le=1)] = THIN_DAYS_SHARE,
                min_outlets: Annotated[int, Query(ge=0, le=1000)] = THIN_MIN_OUTLETS) -> Response:
    selection = narrow_to_period(selection, period)
    result = ledger(db, selection, source=source or None, metric=metric, min_days_share=min_days_share,
                    min_outlets=min_outlets)
    regions = _regions(db, result)
    views = [GroupView(group=g, period=_period(g),
                       incidents_href=_incidents_href(g, regions.get(g.entries[0].claim_id))) for g in result.groups]
    sections, total = _sections(views, offset, PAGE)
    counted = [e for e in result.entries if e.band in (Band.AGREES, Band.CLOSE, Band.DIFFERS)]
    bands = {b.value: sum(1 for e in result.entries if e.band is b) for b in Band}
    report_href = None
    if selection.date_from and selection.date_to:
        keep = [(k, v) for k, v in request.query_params.multi_items() if k in ("country", "province", "district")]
        report_href = "/report?" + urlencode([("period", period_param(selection.date_from, selection.date_to)), *keep])
    query = request.url.query
    api_href = "/api/claims" + (f"?{query}" if query else "")
    return render(request, "claims.html", account, api_href=api_href, plural=plural, result=result, views=views, bands=bands,
                  counted=len(counted), params=dict(request.query_params), metrics=[m.value for m in Metric],
                  places={k: request.query_params.getlist(k) for k in ("country", "province", "district")},
                  report_href=report_href, published=published, sections=sections, total=total, offset=offset, page=PAGE)
