"""Two stored incidents that a new report shows to be one attack are folded into one.

Reports of one attack can make two incidents when they come in an unlucky order: "suicide
bombers storm the air base" placed in the province only, then the ISPR's "attack on the
Mianwali base foiled" (an operation, in the district), neither joining the other; the next
report, a suicide bombing at the Mianwali base, fits both. The writer then folds the others into
the first that ``merge.same_incident`` accepted on its days (the others accepted on their days,
and those accepted on shared details: a bank bombing's report dated two days late made its own
incident, sharing only "bank" with the first; a third report, of the first's day, shares "bank"
and "salary" with the late one): their reports move to it, its merged view is recomputed from all of them, and
each folded incident is deleted, the audit log keeping both sides. An incident an editor
changed or reviewed is never folded away (it can still take the others).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from . import merged_view
from .lookups import Lookups
from .tables import AuditEntry, Incident, IncidentReport


def foldable(incident: Incident) -> bool:
    """Whether the machine may fold the incident away: no editor changed or reviewed it."""
    return not incident.locked_fields and incident.review_state == "unreviewed"


def fold(session: Session, survivor: Incident, others: list[Incident], lookups: Lookups) -> list[int]:
    """Move the reports of ``others`` (each ``foldable``) to ``survivor``, recompute it from all
    its reports, delete them; an audit entry for each side. Returns the ids folded away."""
    others = [other for other in others if other is not survivor and foldable(other)]
    if not others:
        return []
    now = datetime.now(UTC).replace(tzinfo=None)
    names = lookups.actor_names
    before = merged_view.snapshot(survivor, names)
    folded = [other.id for other in others]
    for other in others:
        session.add(AuditEntry(incident_id=other.id, actor="ingest", action="merged_into", at=now,
                               before=merged_view.snapshot(other, names), after={"merged_into": survivor.id}))
    session.flush()
    session.execute(update(IncidentReport).where(IncidentReport.incident_id.in_(folded)).values(incident_id=survivor.id),
                    execution_options={"synchronize_session": False})
    for other in others:
        session.expire(other, ["reports"])
        session.delete(other)
    session.flush()
    session.expire(survivor, ["reports"])
    merged_view.recompute(session, survivor, lookups)
    session.add(AuditEntry(incident_id=survivor.id, actor="ingest", action="merge", at=now,
                           before={**before, "merged": folded}, after=merged_view.snapshot(survivor, names)))
    session.flush()
    return folded
