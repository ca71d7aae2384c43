"""The review workflow in the API: the queue (least certain first), confirm, reject, merge, split.
Editors only; each change is audited and a stale ``row_version`` answers 409."""

from __future__ import annotations

from fastapi import APIRouter, Request

from ..deps import DbSession, EditorUser, IncidentId
from ..editing import audit_comment, merge_incidents, set_review_state, split_incident
from ..errors import error_responses
from ..review_queue import confirm_many, review_page
from ..schemas import (
    BulkConfirmIn,
    BulkConfirmOut,
    IncidentDetail,
    MergeIn,
    ReviewItemPublic,
    ReviewQueuePage,
    SplitIn,
    VersionIn,
    incident_of,
)
from .incidents import Limit, Offset, incident_detail, next_url

router = APIRouter(tags=["review"])
WRITE_ERRORS = error_responses(401, 403, 404, 409, 422)


@router.get("/review/queue", response_model=ReviewQueuePage, responses=error_responses(422))
def queue(request: Request, db: DbSession, limit: Limit = 50, offset: Offset = 0) -> ReviewQueuePage:
    """Unreviewed incidents, those whose errors would most change the totals first (deaths times
    uncertainty), each with the reasons it needs a look and a preview of its evidence."""
    found = review_page(db, limit=limit, offset=offset)
    data = [ReviewItemPublic(**incident_of(i.incident, i.reports).model_dump(), reasons=[r.value for r in i.reasons],
                             priority=i.priority, evidence=i.evidence) for i in found.items]
    return ReviewQueuePage(data=data, count=found.count, limit=limit, offset=offset,
                           next=next_url(request, offset=offset, limit=limit, count=found.count))


@router.post("/review/confirm", response_model=BulkConfirmOut, responses=WRITE_ERRORS)
def bulk_confirm(body: BulkConfirmIn, db: DbSession, account: EditorUser) -> BulkConfirmOut:
    """Confirm several incidents in one go; one changed meanwhile (a stale ``row_version``) or
    gone is left as it is and named, the others are confirmed."""
    with audit_comment(body.comment):
        done = confirm_many(db, [(i.id, i.row_version) for i in body.items], actor=account)
    db.commit()
    return BulkConfirmOut(confirmed=done.confirmed, stale=done.stale, missing=done.missing)


@router.post("/incidents/{incident_id}/confirm", response_model=IncidentDetail, responses=WRITE_ERRORS)
def confirm(incident_id: IncidentId, body: VersionIn, db: DbSession, account: EditorUser) -> IncidentDetail:
    """Confirm the incident as extracted (or as edited)."""
    with audit_comment(body.comment):
        set_review_state(db, incident_id=incident_id, row_version=body.row_version, state="confirmed", actor=account)
    db.commit()
    return incident_detail(db, incident_id)


@router.post("/incidents/{incident_id}/reject", response_model=IncidentDetail, responses=WRITE_ERRORS)
def reject(incident_id: IncidentId, body: VersionIn, db: DbSession, account: EditorUser) -> IncidentDetail:
    """Reject the incident: it stays in the database, and out of every count."""
    with audit_comment(body.comment):
        set_review_state(db, incident_id=incident_id, row_version=body.row_version, state="rejected", actor=account)
    db.commit()
    return incident_detail(db, incident_id)


@router.post("/incidents/{incident_id}/merge", response_model=IncidentDetail, responses=WRITE_ERRORS)
def merge(incident_id: IncidentId, body: MergeIn, db: DbSession, account: EditorUser) -> IncidentDetail:
    """Merge incident ``other`` into this one: its reports move here, the figures are recomputed
    (fields an editor set stay), and ``other`` is deleted."""
    with audit_comment(body.comment):
        merge_incidents(db, survivor_id=incident_id, row_version=body.row_version, other_id=body.other,
                        other_row_version=body.other_row_version, actor=account)
    db.commit()
    return incident_detail(db, incident_id)


@router.post("/incidents/{incident_id}/split", response_model=IncidentDetail, status_code=201, responses=WRITE_ERRORS)
def split(incident_id: IncidentId, body: SplitIn, db: DbSession, account: EditorUser) -> IncidentDetail:
    """Move the reports ``report_ids`` to a new incident; answers the new incident."""
    with audit_comment(body.comment):
        new = split_incident(db, incident_id=incident_id, row_version=body.row_version, report_ids=body.report_ids,
                             actor=account)
    db.commit()
    return incident_detail(db, new.id)
