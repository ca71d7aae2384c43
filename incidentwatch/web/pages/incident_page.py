"""The incident page (every report with outlet, date and link; the article text with the
evidence highlighted; the figures each source gave; the audit log) and the editors' forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from ...models import AttributionStatus, EventType, Qualifier
from ...store.estimates import NOUNS, describe, estimates_of
from ...store.merged_view import attribution_conflicts
from .. import csrf
from ..deps import CurrentUser, DbSession, EditorUser, IncidentId
from ..editing import (
    EditError,
    NotFound,
    ReviewConflict,
    edit_incident,
    merge_incidents,
    set_review_state,
    snapshot,
    split_incident,
)
from ..errors import ApiError
from ..highlight import figures_of, pieces
from ..queries import audit_entries, get_incident, sorted_reports
from ..schemas import IncidentPatch
from .common import render, see_other

router = APIRouter(include_in_schema=False)
TOLL_PARTS = ("total", "civilians", "security", "militants", "foreigners")


@router.get("/incidents/{incident_id}")
def incident_page(request: Request, incident_id: IncidentId, db: DbSession, account: CurrentUser) -> Response:
    incident = get_incident(db, incident_id)
    if incident is None:
        raise NotFound(f"incident {incident_id}")
    reports = []
    for report in sorted_reports(incident):
        payload = report.payload or {}
        reports.append({"report": report, "article": report.article, "payload": payload,
                        "pieces": pieces(report.article.clean_text, payload.get("evidence") or [], figures_of(payload))})
    estimates = [(NOUNS[m], line) for m, e in estimates_of(incident).items() if (line := describe(e, incident.date))]
    return render(request, "incident.html", account, incident=incident, current=snapshot(incident), reports=reports,
                  estimates=estimates, attribution_conflicts=attribution_conflicts(incident),
                  audit=audit_entries(db, incident_id), event_types=[e.value for e in EventType],
                  qualifiers=[q.value for q in Qualifier], statuses=[s.value for s in AttributionStatus])


def _int(form: FormData, name: str) -> int | None:
    raw = str(form.get(name) or "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise EditError(name, f"{raw[:20]!r} is not a whole number") from None


def _text(form: FormData, name: str) -> str | None:
    return str(form.get(name) or "").strip() or None


def patch_from_form(form: FormData, current: dict) -> IncidentPatch:
    """The groups of the edit form that differ from the incident as the editor saw it."""
    row_version = _int(form, "row_version")
    if row_version is None:
        raise EditError("row_version", "missing")
    changes: dict = {}
    if (_text(form, "date") or None) != current["date"]:
        changes["date"] = _text(form, "date")
    if _text(form, "event_type") and _text(form, "event_type") != current["event_type"]:
        changes["event_type"] = _text(form, "event_type")
    place = {k: _text(form, k) for k in ("place", "district", "province", "country")}
    if any(place[k] != current[k] for k in place):
        changes["place"] = {k: v for k, v in place.items() if v is not None}
    for toll in ("killed", "injured"):
        values = {p: _int(form, f"{toll}_{p}") for p in TOLL_PARTS}
        qualifier = _text(form, f"{toll}_qualifier")
        if any(values[p] != current[toll][p] for p in TOLL_PARTS) or qualifier != current[toll]["qualifier"]:
            changes[toll] = {**values, "qualifier": qualifier}
    lines = [line.strip() for line in str(form.get("perpetrators") or "").splitlines() if line.strip()]
    perpetrators = []
    for line in lines:
        name, _, status = line.rpartition(":")
        if not name:
            name, status = status, "suspected"
        perpetrators.append({"name": name.strip(), "status": status.strip().lower()})
    if sorted((p["name"], p["status"]) for p in perpetrators) != sorted((p["name"], p["status"]) for p in current["perpetrators"]):
        changes["perpetrators"] = perpetrators
    try:
        return IncidentPatch(row_version=row_version, **changes)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ()))
        raise EditError(where or "form", first.get("msg", "invalid")) from None


@router.post("/incidents/{incident_id}/edit")
async def edit(request: Request, incident_id: IncidentId, db: DbSession, account: EditorUser) -> Response:
    form = await request.form()
    incident = get_incident(db, incident_id)
    if incident is None:
        raise NotFound(f"incident {incident_id}")
    # the editor's view of the incident is the version they loaded; what they changed is judged against it
    seen = _int(form, "row_version")
    current = snapshot(incident)
    if seen is not None and seen != incident.row_version:
        yours = {k: str(v) for k, v in form.multi_items() if k != csrf.FIELD}
        raise ReviewConflict(incident_id, seen, current, yours)
    patch = patch_from_form(form, current)
    edit_incident(db, incident_id=incident_id, patch=patch, actor=account)
    db.commit()
    return see_other(f"/incidents/{incident_id}#audit")


@router.post("/incidents/{incident_id}/confirm")
def confirm(incident_id: IncidentId, row_version: Annotated[int, Form(ge=0)], db: DbSession, account: EditorUser) -> Response:
    set_review_state(db, incident_id=incident_id, row_version=row_version, state="confirmed", actor=account)
    db.commit()
    return see_other(f"/incidents/{incident_id}#audit")


@router.post("/incidents/{incident_id}/reject")
def reject(incident_id: IncidentId, row_version: Annotated[int, Form(ge=0)], db: DbSession, account: EditorUser) -> Response:
    set_review_state(db, incident_id=incident_id, row_version=row_version, state="rejected", actor=account)
    db.commit()
    return see_other(f"/incidents/{incident_id}#audit")


@router.post("/incidents/{incident_id}/merge")
def merge(incident_id: IncidentId, row_version: Annotated[int, Form(ge=0)], other: Annotated[int, Form(ge=1, le=2**53)],
          db: DbSession, account: EditorUser) -> Response:
    other_incident = get_incident(db, other)
    if other_incident is None:
        raise NotFound(f"incident {other}")
    # the other incident is merged as it is now: the editor names it, they did not edit it
    merge_incidents(db, survivor_id=incident_id, row_version=row_version, other_id=other,
                    other_row_version=other_incident.row_version, actor=account)
    db.commit()
    return see_other(f"/incidents/{incident_id}#audit")


@router.post("/incidents/{incident_id}/split")
async def split(request: Request, incident_id: IncidentId, db: DbSession, account: EditorUser) -> Response:
    form = await request.form()
    row_version = _int(form, "row_version")
    try:
        report_ids = [int(v) for v in form.getlist("report_id")]
    except ValueError:
        raise ApiError(422, "report_id: not a number") from None
    if row_version is None or not report_ids:
        raise EditError("report_id", "tick the reports to move to a new incident")
    new = split_incident(db, incident_id=incident_id, row_version=row_version, report_ids=report_ids, actor=account)
    db.commit()
    return see_other(f"/incidents/{new.id}#audit")
