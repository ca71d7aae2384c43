"""The dashboard: filters (kept in the URL), headline figures, deaths over time, by province and
by group, the map, the incident table, and links carrying the filters to the exports, the
report and the claims ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ...analytics.stats import Dimension, stats
from ...exports import ExportFormat
from ...models import EventType, VictimCategory
from ...watch.health import last_refreshed
from ..charts import ranked_chart, time_chart
from ..deps import CurrentUser, DbSession, Filters, period_param
from ..mapview import build_map
from ..queries import Order, SortKey, date_extent, list_incidents, map_points
from ..templating import with_query
from .common import render

router = APIRouter(include_in_schema=False)
PAGE = 50


def granularity(first: date | None, last: date | None) -> Dimension:
    """Weeks for up to four months, months for up to three years, quarters beyond."""
    if first is None or last is None:
        return Dimension.MONTH
    span = last - first
    if span <= timedelta(days=120):
        return Dimension.WEEK
    return Dimension.MONTH if span <= timedelta(days=3 * 366) else Dimension.QUARTER


FILTER_KEYS = ("from", "to", "country", "province", "district", "type", "group", "category", "min_killed", "q")
PLACE_KEYS = ("country", "province", "district")


@dataclass(frozen=True)
class SelectionLinks:
    """Where the dashboard's current filters lead: the exports, the report, the claims ledger."""

    exports: list[tuple[str, str]]  # (format, href)
    report: str
    claims: str


def selection_links(request: Request, *, first: date | None, last: date | None) -> SelectionLinks:
    """The links for the filters in this request's URL; the report spans the selection's dates
    (its own, or its first and last incident's), the ledger gets only the dates and places."""
    given = [(k, v) for k, v in request.query_params.multi_items() if k in FILTER_KEYS and v.strip()]
    exports = [(f.value, "/api/export?" + urlencode([("format", f.value), *given])) for f in ExportFormat]
    places = [(k, v) for k, v in given if k in PLACE_KEYS]
    rest = [(k, v) for k, v in given if k not in ("from", "to")]
    report = "/report?" + urlencode(([("period", period_param(first, last))] if first and last else []) + rest)
    dates = [(k, v) for k, v in given if k in ("from", "to")]
    claims = "/claims?" + urlencode(dates + places)
    return SelectionLinks(exports=exports, report=report.rstrip("?"), claims=claims.rstrip("?"))


@router.get("/")
def dashboard(request: Request, selection: Filters, db: DbSession, account: CurrentUser, sort: SortKey = SortKey.DATE,
              order: Order = Order.DESC, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
    total = stats(db, selection, ())
    first, last = date_extent(db, selection)
    unit = granularity(selection.date_from or first, selection.date_to or last)
    over_time = stats(db, selection, [unit]) if first else None
    by_province = stats(db, selection, [Dimension.PROVINCE])
    by_group = stats(db, selection, [Dimension.GROUP])
    found = list_incidents(db, selection, sort=sort, order=order, limit=PAGE, offset=offset)

    time = time_chart([(r.label, r.figures.killed) for r in over_time.rows] if over_time else [],
                      title=f"Killed by {unit.value}")
    provinces = ranked_chart([(r.label, r.figures.killed, with_query(request, province=r.label) if r.label != "unknown" else None)
                              for r in by_province.rows[:10]], title="Killed by province")
    groups = ranked_chart([(r.label, r.figures.killed, with_query(request, group=r.label) if r.label != "unattributed" else None)
                           for r in by_group.rows[:10]], title="Killed by group")
    deaths = {r.label: r.figures.killed for r in by_province.rows}
    the_map = build_map(deaths_by_province=deaths, points=map_points(db, selection),
                        tiles_url=request.app.state.settings.tiles_url)
    links = selection_links(request, first=selection.date_from or first, last=selection.date_to or last)
    return render(request, "dashboard.html", account, links=links, selection=selection, total=total, time=time, provinces=provinces,
                  groups=groups, the_map=the_map, found=found, sort=sort.value, order=order.value, offset=offset, page=PAGE,
                  event_types=[e.value for e in EventType], categories=[c.value for c in VictimCategory],
                  params=dict(request.query_params), last_refreshed=last_refreshed(db))
