"""The timeline of a selection in the browser (``/timeline?period=2024Q2&province=...``): the
page ``incidentwatch timeline --format html`` writes (``report.timeline``), served as it is, a
self-contained document with its own Content-Security-Policy (inline styles only).

An unreadable period, or a place the gazetteer does not know, is a 400 page; no period means
every incident (undated ones last)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from ...report.timeline import POLICY, build_timeline, render_timeline_html
from ..deps import DbSession, Filters, PeriodText, narrow_to_period

router = APIRouter(include_in_schema=False)


@router.get("/timeline")
def timeline_page(selection: Filters, db: DbSession, period: PeriodText = None) -> Response:
    timeline = build_timeline(db, narrow_to_period(selection, period))
    return HTMLResponse(render_timeline_html(timeline), headers={"Content-Security-Policy": POLICY,
                                                                 "Cache-Control": "no-store"})
