"""A new incident takes the background mentions stored before it: a follow-up story (a funeral,
a probe) that recalls an attack the database did not hold yet was kept with no incident; when
the attack's own report comes later and makes the incident (or gives it the day or place the
mention fits), the mention joins it, so that the database is the same whichever order the
articles came in (``merge.same_incident`` decides, as
it does when the mention comes second).

The mentions looked at are those with no incident whose article was published from the day
before the attack to ``ADOPT_DAYS`` after it, those dated in the attack's days, and the
``TIMELESS_MENTIONS`` most recent whose article gives no publication date (they join on shared
details), found through the partial indexes ``ix_incident_reports_unattached`` and
``ix_incident_reports_unattached_date`` (migration 0020): the cost does not grow with the
database. Known gap: a mention that joined on a word no other candidate holds
(``merge.UNIQUE_WEIGHT``) when it came second is not taken when it came first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from . import merged_view, signature
from .lookups import Lookups
from .merge import DATE_WINDOW_DAYS, ReportKey, same_incident
from .tables import Incident, IncidentReport

ADOPT_DAYS = 31  # a follow-up published up to a month after the attack may recall it
TIMELESS_MENTIONS = 50  # the mentions with no publication date looked at: the most recent

_UNATTACHED = select(IncidentReport).where(
    IncidentReport.incident_id.is_(None), IncidentReport.published >= bindparam("first"),
    IncidentReport.published <= bindparam("last"), IncidentReport.reported_as == "background",
    IncidentReport.article_id != bindparam("article")).order_by(IncidentReport.id)
# the mentions dated in the attack's days, whenever their article was published (a story
# months later that says "the September 3 blast")
_DATED = select(IncidentReport).where(
    IncidentReport.incident_id.is_(None), IncidentReport.date >= bindparam("first"), IncidentReport.date <= bindparam("last"),
    IncidentReport.reported_as == "background", IncidentReport.article_id != bindparam("article")).order_by(IncidentReport.id)
# the most recent mentions whose article gives no publication date (joined on shared details)
_TIMELESS = select(IncidentReport).where(
    IncidentReport.incident_id.is_(None), IncidentReport.published.is_(None), IncidentReport.reported_as == "background",
    IncidentReport.article_id != bindparam("article")).order_by(IncidentReport.id.desc()).limit(TIMELESS_MENTIONS)


def key_of_incident(incident: Incident) -> ReportKey:
    """What merging compares a mention with: the incident's merged view and merge state."""
    state = incident.merge_state or {}
    claimed = frozenset(name for name, status in (state.get("perpetrators") or {}).items() if status == "claimed")
    return ReportKey(
        date=incident.date, published=incident.published or incident.date, place=incident.place, admin2=incident.admin2,
        admin1=incident.admin1, country=incident.country, lat=incident.lat, lon=incident.lon, event_type=incident.event_type,
        claimed_by=claimed, terms=frozenset(state.get(signature.KEY) or ()), places=frozenset(state.get("places") or ()),
    )


def _in_days(published: date | None, day: date) -> bool:
    return published is None or -(DATE_WINDOW_DAYS + 1) <= (published - day).days <= ADOPT_DAYS


KEY_FIELDS = ("date", "place", "district", "province", "country", "event_type")


def moved(before: dict[str, Any] | None, terms_before: int, incident: Incident) -> bool:
    """Whether a merge changed what merging compares a mention with: the incident's day, place
    or type (``before``: its audit snapshot before the merge), or its signature grew
    (``terms_before``: its size before)."""
    if before is None:
        return True
    if len((incident.merge_state or {}).get(signature.KEY) or ()) > terms_before:
        return True
    after = {"date": incident.date.isoformat() if incident.date else None, "place": incident.place,
             "district": incident.admin2, "province": incident.admin1, "country": incident.country,
             "event_type": incident.event_type}  # the snapshot's fields, without its perpetrators' look-ups
    return any(before.get(field) != after[field] for field in KEY_FIELDS)


def signature_size(incident: Incident) -> int:
    return len((incident.merge_state or {}).get(signature.KEY) or ())


def adopt(session: Session, incidents: Iterable[Incident], article_id: int, lookups: Lookups,
          key_of: Callable[[dict[str, Any], date | None], ReportKey]) -> int:
    """Attach to the new incidents the stored background mentions with no incident that
    describe them (``key_of``: a report payload's key, as the writer makes it; one query for
    all of an article's new incidents), and recompute the incidents that took any. Returns the
    number of mentions attached."""
    dated = [(incident, day) for incident in incidents if (day := incident.date or incident.published) is not None]
    if not dated:
        return 0
    params = {"first": min(day for _, day in dated) - timedelta(days=DATE_WINDOW_DAYS + 1),
              "last": max(day for _, day in dated) + timedelta(days=ADOPT_DAYS), "article": article_id}
    dates = {"first": params["first"], "last": max(day for _, day in dated) + timedelta(days=DATE_WINDOW_DAYS + 1),
             "article": article_id}
    found = [*session.scalars(_UNATTACHED, params), *session.scalars(_DATED, dates),
             *session.scalars(_TIMELESS, {"article": article_id})]
    mentions = list({report.id: report for report in found}.values())
    if not mentions:
        return 0
    keys = [(incident, day, key_of_incident(incident)) for incident, day in dated]
    takers: dict[int, Incident] = {}
    for report in mentions:
        mention = key_of(report.payload or {}, report.published)
        for incident, day, key in keys:
            if (_in_days(report.published, day) or report.date is not None) and same_incident(mention, key):
                report.incident_id = incident.id
                takers[id(incident)] = incident
                break
    if not takers:
        return 0
    session.flush()
    for incident in takers.values():
        session.expire(incident, ["reports"])
        merged_view.recompute(session, incident, lookups)
    return sum(report.incident_id is not None for report in mentions)
