"""The analysts' changes to incidents: edit, confirm, reject, merge, split.

Every change, in one transaction:

- claims the incident at the row version the editor saw (``UPDATE ... WHERE row_version = v``):
  when someone else saved first, nothing is written and ``ReviewConflict`` carries the current
  version, so the second editor is told and loses nothing;
- writes an ``audit_log`` row (who, when, action, before, after);
- adds the fields an editor set to ``locked_fields``, which the writer and re-extraction never
  recompute (lock names: ``date``, ``event_type``, ``place``, ``killed``, ``injured``,
  ``perpetrators``, as ``store.writer`` reads them).

Merging and splitting move reports between incidents and recompute the merged view with the
writer's own rules. The caller commits.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..analytics.selection import resolve_country, resolve_district, resolve_group, resolve_province
from ..errors import IncidentwatchError
from ..models import Place as GazetteerPlace
from ..store.tables import Actor, AuditEntry, Incident, IncidentPerpetrator
from ..store.writer import Writer
from .auth import Account
from .queries import get_incident
from .schemas import TOLL_PARTS, IncidentPatch, PlaceIn, TollIn

LOCKABLE = ("date", "event_type", "place", "killed", "injured", "perpetrators")


class NotFound(IncidentwatchError):
    def __init__(self, what: str) -> None:
        super().__init__(f"{what}: not found")


class EditError(IncidentwatchError):
    """The change asked for is not possible (a toll split above its total, a split taking every report...)."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(f"{field}: {message}")


class ReviewConflict(IncidentwatchError):
    """Someone saved the incident after the editor loaded it."""

    def __init__(self, incident_id: int, seen: int, current: dict[str, Any], yours: dict[str, Any] | None) -> None:
        self.incident_id, self.seen, self.current, self.yours = incident_id, seen, current, yours
        super().__init__(f"incident {incident_id} was changed by someone else (you saw version {seen}, it is now "
                         f"{current.get('row_version')}); nothing was saved: review the current version and save again")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def snapshot(incident: Incident) -> dict[str, Any]:
    """The incident's reviewable fields as JSON, for the audit log and conflict answers."""
    out: dict[str, Any] = {
        "date": incident.date.isoformat() if incident.date else None,
        "place": incident.place, "district": incident.admin2, "province": incident.admin1, "country": incident.country,
        "lat": incident.lat, "lon": incident.lon, "event_type": incident.event_type,
    }
    for prefix in ("killed", "injured"):
        out[prefix] = {**{p: getattr(incident, f"{prefix}_{p}") for p in TOLL_PARTS},
                       "qualifier": getattr(incident, f"{prefix}_qualifier")}
    out["perpetrators"] = sorted(({"name": p.actor.name, "status": p.status} for p in incident.perpetrators if p.actor),
                                 key=lambda p: p["name"])
    out["review_state"] = incident.review_state
    out["locked_fields"] = sorted(incident.locked_fields or [])
    out["row_version"] = incident.row_version
    return out


def _claim(session: Session, incident_id: int, seen: int, yours: dict[str, Any] | None = None) -> Incident:
    """The incident, its row version moved on, if it still is at version ``seen``."""
    result = session.execute(
        update(Incident).where(Incident.id == incident_id, Incident.row_version == seen)
        .values(row_version=Incident.row_version + 1).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        current = get_incident(session, incident_id)
        if current is None:
            raise NotFound(f"incident {incident_id}")
        raise ReviewConflict(incident_id, seen, snapshot(current), yours)
    incident = session.scalars(select(Incident).where(Incident.id == incident_id).execution_options(populate_existing=True)).one()
    session.refresh(incident)
    return incident


# the editor's comment on the change being made (``audit_comment``): every audit entry of it carries it
_COMMENT: ContextVar[str | None] = ContextVar("audit_comment", default=None)
MAX_COMMENT = 1000


@contextmanager
def audit_comment(text: str | None) -> Iterator[None]:
    """The audit entries written inside carry ``text`` (stripped; blank is none)."""
    token = _COMMENT.set((text or "").strip()[:MAX_COMMENT] or None)
    try:
        yield
    finally:
        _COMMENT.reset(token)


def _audit(session: Session, incident_id: int, actor: Account, action: str, before: dict | None, after: dict | None) -> None:
    session.add(AuditEntry(incident_id=incident_id, actor=actor.name, action=action, at=_now(), before=before, after=after,
                           comment=_COMMENT.get()))


def _lock(incident: Incident, names: set[str]) -> None:
    incident.locked_fields = sorted(set(incident.locked_fields or []) | names)  # a new list: the JSON column sees it


@functools.lru_cache(maxsize=1)
def _gazetteer():  # noqa: ANN202 - the bundled gazetteer, loaded once per process
    from ..resources.gazetteer import load_gazetteer

    return load_gazetteer()


def _district_place(name: str, province: str | None) -> GazetteerPlace | None:
    return next((p for p in _gazetteer().lookup(name) if p.kind == "admin2" and (province is None or p.admin1 == province)), None)


def _set_place(incident: Incident, place: PlaceIn) -> None:
    country = resolve_country(place.country) if place.country else None
    province = resolve_province(place.province, country) if place.province else None
    district = resolve_district(place.district, province) if place.district else None
    admin1 = _gazetteer().admin1(province, country) if province else None
    district_place = _district_place(district, province) if district else None
    if district_place is not None and province is None:
        province = district_place.admin1
        admin1 = _gazetteer().admin1(province) if province else None
    if country is None:
        country = (admin1.country if admin1 else None) or (district_place.country if district_place else None)
    if not (place.place or district or province or country):
        raise EditError("place", "give at least a country, a province or a district")
    best = district_place or admin1
    incident.place = (place.place or "").strip() or district or province or country
    incident.admin2, incident.admin1, incident.country = district, province, country
    incident.iso3166_2 = admin1.iso3166_2 if admin1 else None
    incident.lat = place.lat if place.lat is not None else (best.lat if best else None)
    incident.lon = place.lon if place.lon is not None else (best.lon if best else None)
    incident.place_id = None  # the writer's places table names machine-found places only


def _set_toll(incident: Incident, prefix: str, toll: TollIn) -> None:
    split = [getattr(toll, p) or 0 for p in TOLL_PARTS[1:]]
    total = toll.total if toll.total is not None else (sum(split) if any(split) else None)
    if total is not None and sum(split) > total:
        raise EditError(prefix, f"the split ({sum(split)}) is more than the total ({total})")
    setattr(incident, f"{prefix}_total", total)
    for part in TOLL_PARTS[1:]:
        setattr(incident, f"{prefix}_{part}", getattr(toll, part))
    setattr(incident, f"{prefix}_qualifier", toll.qualifier.value if toll.qualifier else ("exact" if total is not None else None))


def _actor(session: Session, name: str) -> Actor:
    try:
        name = resolve_group(name)
    except IncidentwatchError:
        name = " ".join(name.split())  # a group actors.yaml does not know yet: kept as the editor wrote it
    actor = session.scalar(select(Actor).where(Actor.name == name))
    if actor is None:
        actor = Actor(name=name, kind="group")
        session.add(actor)
        session.flush()
    return actor


def edit_incident(session: Session, *, incident_id: int, patch: IncidentPatch, actor: Account) -> Incident:
    """Apply an editor's ``patch``; the fields it sets are locked against the machine.

    Raises:
        NotFound, ReviewConflict, EditError, SelectionError (an unknown place or group).
    """
    given = patch.model_fields_set - {"row_version", "comment"}  # the comment is the audit entry's, not a field
    if not given:
        raise EditError("patch", "nothing to change")
    yours = patch.model_dump(mode="json", exclude_unset=True)
    incident = _claim(session, incident_id, patch.row_version, yours)
    before = snapshot(incident)
    if "date" in given:
        incident.date = patch.date
        incident.date_precision = "day" if patch.date else None
    if "event_type" in given:
        if patch.event_type is None:
            raise EditError("event_type", "an incident has a type (use other)")
        incident.event_type = patch.event_type.value
    if "place" in given:
        if patch.place is None:
            raise EditError("place", "an incident has a place")
        _set_place(incident, patch.place)
    for prefix in ("killed", "injured"):
        if prefix in given:
            _set_toll(incident, prefix, getattr(patch, prefix) or TollIn())
    if "perpetrators" in given:
        wanted: dict[int, str] = {}
        for perpetrator in patch.perpetrators or []:
            wanted[_actor(session, perpetrator.name).id] = perpetrator.status.value
        incident.perpetrators.clear()
        session.flush()
        incident.perpetrators.extend(IncidentPerpetrator(actor_id=a, status=s) for a, s in sorted(wanted.items()))
    _lock(incident, set(given) & set(LOCKABLE))
    incident.review_state = "edited"
    incident.updated_at = _now()
    session.flush()
    session.expire(incident, ["perpetrators"])
    _audit(session, incident.id, actor, "edit", before, snapshot(incident))
    return incident


def set_review_state(session: Session, *, incident_id: int, row_version: int, state: str, actor: Account) -> Incident:
    """Confirm (``confirmed``) or reject (``rejected``: left out of every count) an incident."""
    if state not in ("confirmed", "rejected"):
        raise EditError("review_state", f"{state!r} is not confirmed or rejected")
    incident = _claim(session, incident_id, row_version, {"review_state": state})
    before = snapshot(incident)
    incident.review_state = state
    incident.updated_at = _now()
    session.flush()
    _audit(session, incident.id, actor, "confirm" if state == "confirmed" else "reject", before, snapshot(incident))
    return incident


def _recompute(session: Session, incident: Incident) -> None:
    """The merged view from the incident's reports, by the writer's rules (locked fields stay)."""
    Writer(None)._recompute(session, incident)  # the writer owns the rules of the merged view


def merge_incidents(session: Session, *, survivor_id: int, row_version: int, other_id: int, other_row_version: int,
                    actor: Account) -> Incident:
    """Move every report of ``other_id`` to ``survivor_id``, recompute it, delete the other.

    The survivor's locked fields stay locked; the other's edited values are in its audit entry."""
    if survivor_id == other_id:
        raise EditError("other", "an incident cannot be merged with itself")
    survivor = _claim(session, survivor_id, row_version, {"merge": other_id})
    other = _claim(session, other_id, other_row_version, {"merge_into": survivor_id})
    before, other_before = snapshot(survivor), snapshot(other)
    moved = sorted(r.id for r in other.reports)
    for report in list(other.reports):
        report.incident = survivor
    session.flush()
    _recompute(session, survivor)
    session.flush()
    session.expire(survivor, ["perpetrators"])
    after = snapshot(survivor)
    _audit(session, survivor.id, actor, "merge", {**before, "merged": other_id}, {**after, "reports_moved": moved})
    _audit(session, other.id, actor, "merged_into", other_before, {"merged_into": survivor.id, "reports_moved": moved})
    session.delete(other)
    session.flush()
    return survivor


def split_incident(session: Session, *, incident_id: int, row_version: int, report_ids: list[int], actor: Account) -> Incident:
    """Move the reports ``report_ids`` of an incident to a new incident; returns the new one."""
    incident = _claim(session, incident_id, row_version, {"split": sorted(report_ids)})
    chosen = set(report_ids)
    have = {r.id for r in incident.reports}
    if chosen - have:
        raise EditError("report_ids", f"{sorted(chosen - have)} are not reports of incident {incident_id}")
    if chosen == have:
        raise EditError("report_ids", "leave at least one report with the incident")
    before = snapshot(incident)
    now = _now()
    new = Incident(event_type=incident.event_type, confidence=incident.confidence, review_state="unreviewed",
                   locked_fields=[], row_version=0, created_at=now, updated_at=now, reports=[], perpetrators=[])
    session.add(new)
    for report in [r for r in incident.reports if r.id in chosen]:
        report.incident = new
    session.flush()
    _recompute(session, new)
    _recompute(session, incident)
    session.flush()
    session.expire(incident, ["perpetrators"])
    session.expire(new, ["perpetrators"])
    moved = sorted(chosen)
    _audit(session, incident.id, actor, "split", before, {**snapshot(incident), "split_to": new.id, "reports_moved": moved})
    _audit(session, new.id, actor, "split_from", None, {**snapshot(new), "split_from": incident.id, "reports_moved": moved})
    return new
