"""The review workflow in the API: the queue (least certain first), confirm, reject, merge, split.
Editors only; each change is audited and a stale ``row_version`` answers 409."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..deps import DbSession, EditorUser, IncidentId
from ..editing import merge_incidents, set_review_state, split_incident
from ..errors import error_responses
from ..queries import review_queue
from ..schemas import IncidentDetail, IncidentPage, MergeIn, SplitIn, VersionIn, incident_of
from .incidents import Limit, Offset, incident_detail, next_url

router = APIRouter(tags=["review"])
WRITE_ERRORS = error_responses(401, 403, 404, 409, 422)


@router.get("/review/queue", response_model=IncidentPage, responses=error_responses(422))
def queue(request: Request, db: DbSession, limit: Limit = 50, offset: Offset = 0) -> IncidentPage:
    """Unreviewed incidents, the least certain extraction first."""
    found = review_queue(db, limit=limit, offset=offset)
    return IncidentPage(data=[incident_of(r, found.report_counts.get(r.id, 0)) for r in found.rows], count=found.count,
                        limit=limit, offset=offset, next=next_url(request, offset=offset, limit=limit, count=found.count))


@router.post("/incidents/{incident_id}/confirm", response_model=IncidentDetail, responses=WRITE_ERRORS)
def confirm(incident_id: IncidentId, body: VersionIn, db: DbSession, account: EditorUser) -> IncidentDetail:
    """Confirm the incident as extracted (or as edited)."""
    set_review_state(db, incident_id=incident_id, row_version=body.row_version, state="confirmed", actor=account)
    db.commit()
    return incident_detail(db, incident_id)


@router.post("/incidents/{incident_id}/reject", response_model=IncidentDetail, responses=WRITE_ERRORS)
def reject(incident_id: IncidentId, body: VersionIn, db: DbSession, account: EditorUser) -> IncidentDetail:
    """Reject the incident: it stays in the database, and out of every count."""
    set_review_state(db, incident_id=incident_id, row_version=body.row_version, state="rejected", actor=account)
    db.commit()
    return incident_detail(db, incident_id)


@router.post("/incidents/{incident_id}/merge", response_model=IncidentDetail, responses=WRITE_ERRORS)
def merge(incident_id: IncidentId, body: MergeIn, db: DbSession, account: EditorUser) -> IncidentDetail:
    """Merge incident ``other`` into this one: its reports move here, the figures are recomputed
    (fields an editor set stay), and ``other`` is deleted."""
    merge_incidents(db, survivor_id=incident_id, row_version=body.row_version, other_id=body.other,
                    other_row_version=body.other_row_version, actor=account)
    db.commit()
    return incident_detail(db, incident_id)


@router.post("/incidents/{incident_id}/split", response_model=IncidentDetail, status_code=201, responses=WRITE_ERRORS)
def split(incident_id: IncidentId, body: SplitIn, db: DbSession, account: EditorUser) -> IncidentDetail:
    """Move the reports ``report_ids`` to a new incident; answers the new incident."""
    new = split_incident(db, incident_id=incident_id, row_version=body.row_version, report_ids=body.report_ids,
                         actor=account)
    db.commit()
    return incident_detail(db, new.id)
