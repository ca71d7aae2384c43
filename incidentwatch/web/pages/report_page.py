"""The report of a period in the browser (``/report?period=2024Q2&province=...``): the page
``incidentwatch report`` writes (``report.build.build_report`` and ``report.render.render_html``),
served as it is, a self-contained document with its own Content-Security-Policy (inline styles
and ``data:`` images only, nothing fetched from anywhere).

An unreadable period, or a place the gazetteer does not know, is a 400 page; a period without
a matching incident is the report's own "no data" page; no period means the latest quarter.
``preset=crss`` counts the way that monitor does, as ``incidentwatch report --preset``; an
unknown preset is a 400 page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from ...analytics.periods import parse_period
from ...analytics.presets import parse_preset
from ...report.build import build_report, latest_quarter
from ...report.render import render_html
from ..deps import DbSession, Filters, PeriodText
from ..errors import ApiError

router = APIRouter(include_in_schema=False)

# the report's page carries this policy in a <meta> too; the header says it first, and replaces
# the app's, which forbids the inline styles the self-contained page is made of
REPORT_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; "
                 "base-uri 'none'; frame-ancestors 'none'")


@router.get("/report")
def report_page(selection: Filters, db: DbSession, period: PeriodText = None,
                preset: Annotated[str | None, Query(max_length=20)] = None) -> Response:
    counting = parse_preset(preset) if preset and preset.strip() else None
    chosen = parse_period(period) if period and period.strip() else latest_quarter(db)
    if chosen is None:
        raise ApiError(400, "the database holds no dated incident: give a period (2024Q2, 2024-05, 2024)")
    report = build_report(db, chosen, selection, preset=counting)
    return HTMLResponse(render_html(report), headers={"Content-Security-Policy": REPORT_POLICY,
                                                      "Cache-Control": "no-store"})
