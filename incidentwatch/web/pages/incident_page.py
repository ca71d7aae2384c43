"""The incident page (every report with outlet, date and link; the article text with the
evidence highlighted; the figures each source gave; the audit log) and the editors' forms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.datastructures import FormData

from ...analytics.selection import SelectionError
from ...models import AttributionStatus, EventType, Qualifier
from ...store.tables import Incident
from .. import csrf
from ..auth import Account
from ..deps import CurrentUser, DbSession, EditorUser, IncidentId
from ..editing import (
    MAX_COMMENT,
    EditError,
    NotFound,
    ReviewConflict,
    audit_comment,
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
    return _page(request, db, account, incident)


# a refused edit's field, as the form names it: the message goes beside that field
FORM_FIELD = {"group": "perpetrators", "actor": "perpetrators"}


def form_field(field: str) -> str:
    """``district`` for ``district``; ``killed`` for ``killed.total``; ``perpetrators`` for ``group``."""
    head = field.split(".", 1)[0]
    return FORM_FIELD.get(head, head)


def _page(request: Request, db: DbSession, account: Account | None, incident: Incident, *,
          typed: dict[str, str] | None = None, errors: dict[str, str] | None = None, status_code: int = 200) -> Response:
    """The incident's page; after a refused edit, the form as the editor typed it and the error
    beside the field it is about."""
    reports = []
    for report in sorted_reports(incident):
        payload = report.payload or {}
        reports.append({"report": report, "article": report.article, "payload": payload,
                        "pieces": pieces(report.article.clean_text, payload.get("evidence") or [], figures_of(payload))})
    return render(request, "incident.html", account, status_code=status_code, incident=incident,
                  current=snapshot(incident), reports=reports, audit=audit_entries(db, incident.id),
                  event_types=[e.value for e in EventType], qualifiers=[q.value for q in Qualifier],
                  statuses=[s.value for s in AttributionStatus], typed=typed or {}, errors=errors or {})


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


Comment = Annotated[str | None, Form(max_length=MAX_COMMENT, description="why: kept in the audit log")]


def _comment(form) -> str | None:  # noqa: ANN001 - a starlette FormData
    value = form.get("comment")
    if value is not None and (not isinstance(value, str) or len(value) > MAX_COMMENT):
        raise ApiError(422, f"comment: at most {MAX_COMMENT} characters of text")
    return value


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
    try:
        patch = patch_from_form(form, current)
        with audit_comment(_comment(form)):
            edit_incident(db, incident_id=incident_id, patch=patch, actor=account)
    except (EditError, SelectionError) as error:  # the form again, as typed, the message beside its field
        db.rollback()
        message = str(error)
        typed = {k: str(v) for k, v in form.multi_items() if k != csrf.FIELD}
        return _page(request, db, account, get_incident(db, incident_id) or incident, typed=typed,
                     errors={form_field(error.field): message}, status_code=422)
    db.commit()
    return see_other(f"/incidents/{incident_id}#audit")


@router.post("/incidents/{incident_id}/confirm")
def confirm(incident_id: IncidentId, row_version: Annotated[int, Form(ge=0)], db: DbSession, account: EditorUser,
            comment: Comment = None) -> Response:
    with audit_comment(comment):
        set_review_state(db, incident_id=incident_id, row_version=row_version, state="confirmed", actor=account)
    db.commit()
    return see_other(f"/incidents/{incident_id}#audit")


@router.post("/incidents/{incident_id}/reject")
def reject(incident_id: IncidentId, row_version: Annotated[int, Form(ge=0)], db: DbSession, account: EditorUser,
           comment: Comment = None) -> Response:
    with audit_comment(comment):
        set_review_state(db, incident_id=incident_id, row_version=row_version, state="rejected", actor=account)
    db.commit()
    return see_other(f"/incidents/{incident_id}#audit")


@router.post("/incidents/{incident_id}/merge")
def merge(incident_id: IncidentId, row_version: Annotated[int, Form(ge=0)], other: Annotated[int, Form(ge=1, le=2**53)],
          db: DbSession, account: EditorUser, comment: Comment = None) -> Response:
    other_incident = get_incident(db, other)
    if other_incident is None:
        raise NotFound(f"incident {other}")
    # the other incident is merged as it is now: the editor names it, they did not edit it
    with audit_comment(comment):
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
    with audit_comment(_comment(form)):
        new = split_incident(db, incident_id=incident_id, row_version=row_version, report_ids=report_ids, actor=account)
    db.commit()
    return see_other(f"/incidents/{new.id}#audit")
