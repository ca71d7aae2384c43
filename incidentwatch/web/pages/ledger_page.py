"""The claims ledger page (``/claims``): the figures other monitors and officials published,
side by side for the same region, period and metric, beside our own count, with the evidence
sentence (shown as text) and links to the article and to our incidents behind the count."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from ...analytics.ledger import Band, Ledger, LedgerGroup, ledger
from ...analytics.periods import period_label
from ...models import Metric
from ...store.tables import ClaimRow
from ..api.claims import Source
from ..deps import CurrentUser, DbSession, Filters, PeriodText, narrow_to_period, period_param
from .common import render

router = APIRouter(include_in_schema=False)
PREFIX = {"at_least": "≥", "over": ">", "approx": "~"}  # as incidentwatch claims prints them


@dataclass(frozen=True)
class GroupView:
    """One (region, period, metric) group as the page shows it."""

    group: LedgerGroup
    period: str
    incidents_href: str | None  # the dashboard filtered to what our count covers


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
                source: Source = None, metric: Metric | None = None) -> Response:
    selection = narrow_to_period(selection, period)
    result = ledger(db, selection, source=source or None, metric=metric)
    regions = _regions(db, result)
    views = [GroupView(group=g, period=_period(g),
                       incidents_href=_incidents_href(g, regions.get(g.entries[0].claim_id))) for g in result.groups]
    counted = [e for e in result.entries if e.band is not Band.NO_COUNT]
    bands = {b.value: sum(1 for e in counted if e.band is b) for b in (Band.AGREES, Band.CLOSE, Band.DIFFERS)}
    report_href = None
    if selection.date_from and selection.date_to:
        keep = [(k, v) for k, v in request.query_params.multi_items() if k in ("country", "province", "district")]
        report_href = "/report?" + urlencode([("period", period_param(selection.date_from, selection.date_to)), *keep])
    query = request.url.query
    api_href = "/api/claims" + (f"?{query}" if query else "")
    return render(request, "claims.html", account, api_href=api_href, plural=plural, result=result, views=views, bands=bands, counted=len(counted),
                  params=dict(request.query_params), metrics=[m.value for m in Metric], report_href=report_href,
                  published=published)
