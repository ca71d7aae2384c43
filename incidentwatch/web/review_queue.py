"""The review queue: unreviewed incidents, those whose errors would most change the totals
first, each with the reasons it needs a look and a preview of its evidence.

Priority is deaths times uncertainty: ``(killed + 1) * (1 - confidence + 0.25 per reason)``. An
incident the extractor was sure of (confidence 1.00) still comes forward when its reports
disagree on the toll, or it has one source, or its place, type or attribution is doubtful, or
its reports hold an impossible figure (flagged, never best), a group's claim and its denial, or a
toll that fell with no reason given (``merged_view.DOUBT_*``): confident errors are the ones an
analyst would otherwise never see. The order is computed in
SQL, over every unreviewed incident, so pages never overlap.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import Float, case, cast, func, literal, select
from sqlalchemy.orm import Session, selectinload

from ..store.merged_view import DOUBT_CLAIMED_AND_DENIED, DOUBT_IMPOSSIBLE, DOUBT_TOLL_FELL
from ..store.tables import Incident, IncidentPerpetrator, IncidentReport
from .auth import Account
from .editing import NotFound, ReviewConflict, set_review_state

REASON_WEIGHT = 0.25
EVIDENCE_CHARS = 240


class Reason(StrEnum):
    CONFLICTING_TOLLS = "conflicting tolls"
    ONE_SOURCE = "one source"
    UNKNOWN_PLACE = "unknown place"
    CONTRADICTED_ATTRIBUTION = "claim contradicts attribution"
    DOUBTFUL_TYPE = "low-confidence type"
    LOW_CONFIDENCE = "low confidence"
    IMPOSSIBLE_FIGURE = "impossible figure"
    CLAIMED_AND_DENIED = "claimed and denied"
    TOLL_FELL = "toll fell without a reason"


LOW_CONFIDENCE = 0.6


@dataclass(frozen=True)
class ReviewItem:
    incident: Incident
    reasons: tuple[Reason, ...]
    priority: float
    reports: int
    evidence: str | None  # the first report's first evidence sentence, cut


@dataclass(frozen=True)
class ReviewPage:
    items: list[ReviewItem]
    count: int


def _flags():  # noqa: ANN202 - a subquery
    """Per incident: its reports, the distinct tolls they give, and whether a group claimed it
    while another status (attributed, denied) stands beside the claim."""
    reports = (select(IncidentReport.incident_id.label("incident_id"), func.count(IncidentReport.id).label("n"),
                      func.count(func.distinct(IncidentReport.killed_total)).label("tolls"))
               # the reports of an incident (SQLite: the partial index of migration 0021 in its order)
               .where(IncidentReport.incident_id.is_not(None))
               .group_by(IncidentReport.incident_id).subquery())
    claimed = func.max(case((IncidentPerpetrator.status == "claimed", 1), else_=0))
    other = func.max(case((IncidentPerpetrator.status.in_(("attributed", "denied")), 1), else_=0))
    perpetrators = (select(IncidentPerpetrator.incident_id.label("incident_id"), (claimed * other).label("contradicted"))
                    .group_by(IncidentPerpetrator.incident_id).subquery())
    return reports, perpetrators


def _doubt(bit: int):  # noqa: ANN202 - a SQL condition
    """The incident has the doubt ``bit`` (``merged_view.DOUBT_*``, ``incidents.doubts``)."""
    return func.coalesce(Incident.doubts, 0).op("&")(bit) != 0


def review_page(session: Session, *, limit: int = 50, offset: int = 0) -> ReviewPage:
    """One page of the queue, highest priority first (ties: the newest incident first)."""
    reports, perpetrators = _flags()
    n = func.coalesce(reports.c.n, 0)
    conditions = {
        Reason.CONFLICTING_TOLLS: func.coalesce(reports.c.tolls, 0) > 1,
        Reason.ONE_SOURCE: n <= 1,
        Reason.UNKNOWN_PLACE: Incident.admin2.is_(None) & Incident.lat.is_(None),
        Reason.CONTRADICTED_ATTRIBUTION: func.coalesce(perpetrators.c.contradicted, 0) == 1,
        Reason.DOUBTFUL_TYPE: Incident.event_type == "other",
        Reason.LOW_CONFIDENCE: Incident.confidence < LOW_CONFIDENCE,
        Reason.IMPOSSIBLE_FIGURE: _doubt(DOUBT_IMPOSSIBLE),
        Reason.CLAIMED_AND_DENIED: _doubt(DOUBT_CLAIMED_AND_DENIED),
        Reason.TOLL_FELL: _doubt(DOUBT_TOLL_FELL),
    }
    flags = [case((condition, 1), else_=0).label(reason.name) for reason, condition in conditions.items()]
    reason_count = sum((case((c, 1), else_=0) for c in conditions.values()), literal(0))
    uncertainty = (literal(1.0) - cast(Incident.confidence, Float)) + REASON_WEIGHT * reason_count
    priority = (cast(func.coalesce(Incident.killed_total, 0), Float) + 1) * uncertainty
    base = (select(Incident.id, priority.label("priority"), n.label("n"), *flags)
            .outerjoin(reports, reports.c.incident_id == Incident.id)
            .outerjoin(perpetrators, perpetrators.c.incident_id == Incident.id)
            .where(Incident.review_state == "unreviewed"))
    count = session.scalar(select(func.count()).select_from(Incident).where(Incident.review_state == "unreviewed")) or 0
    page = session.execute(base.order_by(priority.desc(), Incident.id.desc()).limit(limit).offset(offset)).all()
    ids = [row.id for row in page]
    incidents = {i.id: i for i in session.scalars(
        select(Incident).where(Incident.id.in_(ids))
        .options(selectinload(Incident.perpetrators).joinedload(IncidentPerpetrator.actor)))} if ids else {}
    evidence = _evidence(session, ids)
    items = [ReviewItem(incident=incidents[row.id],
                        reasons=tuple(r for r in conditions if getattr(row, r.name)),
                        priority=round(float(row.priority), 2), reports=int(row.n), evidence=evidence.get(row.id))
             for row in page if row.id in incidents]
    return ReviewPage(items=items, count=count)


def _evidence(session: Session, ids: list[int]) -> dict[int, str]:
    """The first evidence sentence of each incident's earliest report."""
    out: dict[int, str] = {}
    if not ids:
        return out
    query = (select(IncidentReport.incident_id, IncidentReport.payload).where(IncidentReport.incident_id.in_(ids))
             .order_by(IncidentReport.incident_id, IncidentReport.published, IncidentReport.id))
    for incident_id, payload in session.execute(query):
        if incident_id in out:
            continue
        spans = (payload or {}).get("evidence") or []
        text = " ".join(str(spans[0].get("text", "")).split()) if spans and isinstance(spans[0], dict) else ""
        if text:
            out[incident_id] = text if len(text) <= EVIDENCE_CHARS else text[: EVIDENCE_CHARS - 1] + "…"
    return out


@dataclass
class BulkOutcome:
    confirmed: list[int]
    stale: list[int]
    missing: list[int]


def confirm_many(session: Session, items: list[tuple[int, int]], *, actor: Account) -> BulkOutcome:
    """Confirm each (incident id, row version) as ``set_review_state`` does, one audit entry
    each; a stale version or a missing incident is skipped and named, never a failure of the rest."""
    outcome = BulkOutcome([], [], [])
    for incident_id, row_version in dict(items).items():  # an id given twice counts once
        try:
            with session.begin_nested():  # a savepoint: a refused one leaves the others in place
                set_review_state(session, incident_id=incident_id, row_version=row_version, state="confirmed",
                                 actor=actor)
        except NotFound:
            outcome.missing.append(incident_id)
        except ReviewConflict:
            outcome.stale.append(incident_id)
        else:
            outcome.confirmed.append(incident_id)
    return outcome
