"""``/api/incidents``: the filtered, sorted, paged list; one incident with its reports, evidence
and audit log; an editor's changes (PATCH)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from sqlalchemy.orm import Session

from ..counts import request_token
from ..deps import DbSession, EditorUser, Filters, IncidentId
from ..editing import NotFound, audit_comment, edit_incident
from ..errors import error_responses
from ..queries import (
    Order,
    SortKey,
    audit_entries,
    count_incidents,
    get_incident,
    list_incidents,
    sorted_reports,
)
from ..schemas import IncidentDetail, IncidentPage, IncidentPatch, audit_of, incident_of, report_of

router = APIRouter(tags=["incidents"])


def next_url(request: Request, *, offset: int, limit: int, count: int) -> str | None:
    if offset + limit >= count:
        return None
    return str(request.url.include_query_params(offset=offset + limit, limit=limit))


Limit = Annotated[int, Query(ge=1, le=500, description="incidents per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


@router.get("/incidents", response_model=IncidentPage, responses=error_responses(400, 422))
def incidents(request: Request, selection: Filters, db: DbSession, sort: SortKey = SortKey.DATE,
              order: Order = Order.DESC, limit: Limit = 50, offset: Offset = 0) -> IncidentPage:
    """Incidents matching the filters (rejected ones never), one page at a time."""
    limit = min(limit, request.app.state.settings.max_page_size)
    count = request.app.state.counts.get(request_token(request), ("incidents", repr(selection)),
                                         lambda: count_incidents(db, selection))
    found = list_incidents(db, selection, sort=sort, order=order, limit=limit, offset=offset, count=count)
    return IncidentPage(data=[incident_of(r, found.report_counts.get(r.id, 0)) for r in found.rows], count=found.count,
                        limit=limit, offset=offset, next=next_url(request, offset=offset, limit=limit, count=found.count))


def incident_detail(db: Session, incident_id: int) -> IncidentDetail:
    incident = get_incident(db, incident_id)
    if incident is None:
        raise NotFound(f"incident {incident_id}")
    reports = sorted_reports(incident)
    public = incident_of(incident, len(reports))
    return IncidentDetail(**public.model_dump(), report_list=[report_of(r) for r in reports],
                          audit=[audit_of(e) for e in audit_entries(db, incident_id)])


@router.get("/incidents/{incident_id}", response_model=IncidentDetail, responses=error_responses(404, 422))
def incident(incident_id: IncidentId, db: DbSession) -> IncidentDetail:
    """One incident: its merged figures, every report (outlet, date, link, figures, evidence
    sentences) and its audit log."""
    return incident_detail(db, incident_id)


@router.patch("/incidents/{incident_id}", response_model=IncidentDetail,
              responses=error_responses(400, 401, 403, 404, 409, 422))
def patch_incident(incident_id: IncidentId, patch: IncidentPatch, db: DbSession, account: EditorUser) -> IncidentDetail:
    """Change fields (editors): each given field is locked against re-extraction, the change is
    audited; a stale ``row_version`` answers 409 with the current version and yours."""
    with audit_comment(patch.comment):
        edit_incident(db, incident_id=incident_id, patch=patch, actor=account)
    db.commit()
    return incident_detail(db, incident_id)
