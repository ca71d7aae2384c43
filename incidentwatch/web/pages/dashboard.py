"""The dashboard: filters (kept in the URL; the named ones multi-selects, repeated parameters
such as ``province=Balochistan&province=Sindh``), headline figures, deaths over time, by province and
by group, the map, the incident table, and links carrying the filters to the exports, the
report and the claims ledger."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from ...analytics.selection import resolve_selection, words
from ...analytics.stats import Dimension, stats
from ...analytics.undated import count_undated
from ...exports import ExportFormat
from ...watch.health import last_refreshed
from ..charts import ranked_chart, time_chart
from ..deps import CurrentUser, DbSession, Filters, period_param
from ..filter_choices import filter_choices
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


@dataclass(frozen=True)
class Preset:
    label: str
    href: str
    active: bool


def date_presets(request: Request, today: date) -> list[Preset]:
    """Links that set the dates to the last 7, 30 or 90 days or this quarter, other filters kept."""
    quarter_start = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    spans = [("last 7 days", today - timedelta(days=6)), ("last 30 days", today - timedelta(days=29)),
             ("last 90 days", today - timedelta(days=89)), ("this quarter", quarter_start)]
    given = (request.query_params.get("from"), request.query_params.get("to"))
    return [Preset(label, with_query(request, **{"from": first.isoformat(), "to": today.isoformat()}),
                   given == (first.isoformat(), today.isoformat())) for label, first in spans]


def _district_name(label: str) -> str:
    """``Bannu`` of a district row's label ``Bannu (Khyber Pakhtunkhwa)``."""
    return label.rsplit(" (", 1)[0]


@router.get("/")
def dashboard(request: Request, selection: Filters, db: DbSession, account: CurrentUser, sort: SortKey = SortKey.DATE,
              order: Order = Order.DESC, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0) -> Response:
    total = stats(db, selection, ())
    first, last = date_extent(db, selection)
    unit = granularity(selection.date_from or first, selection.date_to or last)
    over_time = stats(db, selection, [unit]) if first else None
    by_province = stats(db, selection, [Dimension.COUNTRY, Dimension.PROVINCE])
    by_group = stats(db, selection, [Dimension.GROUP])
    by_type = stats(db, selection, [Dimension.EVENT_TYPE])
    by_district = stats(db, selection, [Dimension.DISTRICT])
    found = list_incidents(db, selection, sort=sort, order=order, limit=PAGE, offset=offset)

    periods = [(r.label, r.figures) for r in over_time.rows] if over_time else []
    time = time_chart([(label, f.killed) for label, f in periods], title=f"Killed by {unit.value}")
    incidents_time = time_chart([(label, f.incidents) for label, f in periods], title=f"Incidents by {unit.value}",
                                unit="incidents")
    provinces = ranked_chart([(f"{r.keys[1]} ({r.keys[0]})", r.figures.killed,
                               with_query(request, province=r.keys[1]) if r.keys[1] != "unknown" else None)
                              for r in by_province.rows[:10]], title="Killed by province")
    groups = ranked_chart([(r.label, r.figures.killed, with_query(request, group=r.label) if r.label != "unattributed" else None)
                           for r in by_group.rows[:10]], title="Killed by group")
    types = ranked_chart([(r.label.replace("_", " "), r.figures.incidents, with_query(request, type=r.label))
                          for r in sorted(by_type.rows, key=lambda r: -r.figures.incidents)[:10]],
                         title="Incidents by type", unit="incidents")
    where = f" in {words(selection.province, ' and ')}" if selection.province else ""
    one_province = len(selection.province) == 1  # "Bannu", not "Bannu (Khyber Pakhtunkhwa)"
    districts = ranked_chart([(_district_name(r.label) if one_province else r.label, r.figures.killed,
                               with_query(request, district=_district_name(r.label)) if r.label != "unknown" else None)
                              for r in by_district.rows[:10]], title=f"Killed by district{where}")
    deaths: dict[str, int] = {}
    for r in by_province.rows:
        deaths[r.keys[1]] = deaths.get(r.keys[1], 0) + r.figures.killed

    def place_link(district: str | None, province: str | None) -> str:
        return with_query(request, district=district, province=province) if district else with_query(request, province=province)

    the_map = build_map(deaths_by_province=deaths, points=map_points(db, selection),
                        tiles_url=request.app.state.settings.tiles_url, link=place_link)
    links = selection_links(request, first=selection.date_from or first, last=selection.date_to or last)
    return render(request, "dashboard.html", account, links=links, selection=selection, total=total, time=time,
                  incidents_time=incidents_time, provinces=provinces, groups=groups, types=types, districts=districts,
                  the_map=the_map, found=found, sort=sort.value, order=order.value, offset=offset, page=PAGE,
                  choices=filter_choices(selection, resolve_selection(country=request.query_params.getlist("country")).country),
                  params=dict(request.query_params), presets=date_presets(request, date.today()),
                  undated=count_undated(db, selection), last_refreshed=last_refreshed(db))
