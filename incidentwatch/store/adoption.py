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
``ix_incident_reports_unattached_date`` (migration 0020; since 0021 they cover the look-up, and
on SQLite the index of reports by incident no longer competes for ``incident_id IS NULL``): the
cost does not grow with the database. A mention whose places rule it out (``placed_apart``) is
not put to ``same_incident``. A mention with no days to go by that shares with the incident only
a word no other incident of its candidates holds (``merge.UNIQUE_WEIGHT``: the district's only
seminary attack) is taken too, as it would have joined had it come second: only then are its
candidates read (``timeless.candidates``, ``_on_a_rare_word``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from . import merged_view, signature, timeless
from .lookups import Lookups
from .merge import DATE_WINDOW_DAYS, NEARBY_KM, ReportKey, same_incident
from .tables import Incident, IncidentReport

ADOPT_DAYS = 31  # a follow-up published up to a month after the attack may recall it
TIMELESS_MENTIONS = 50  # the mentions with no publication date looked at: the most recent

# the mentions' columns, not ORM objects, and their payloads only where ``MentionKeys`` lacks
# their key: an article reads a window of mentions that most often stay unattached, read again by
# every article published in their window (loading and parsing them was half of the writer's time)
_COLUMNS = (IncidentReport.id, IncidentReport.published, IncidentReport.date)
_UNATTACHED = select(*_COLUMNS).where(
    IncidentReport.incident_id.is_(None), IncidentReport.published >= bindparam("first"),
    IncidentReport.published <= bindparam("last"), IncidentReport.reported_as == "background",
    IncidentReport.article_id != bindparam("article")).order_by(IncidentReport.id)
# the mentions dated in the attack's days, whenever their article was published (a story
# months later that says "the September 3 blast")
_DATED = select(*_COLUMNS).where(
    IncidentReport.incident_id.is_(None), IncidentReport.date >= bindparam("first"), IncidentReport.date <= bindparam("last"),
    IncidentReport.reported_as == "background", IncidentReport.article_id != bindparam("article")).order_by(IncidentReport.id)
# the most recent mentions whose article gives no publication date (joined on shared details)
_TIMELESS = select(*_COLUMNS).where(
    IncidentReport.incident_id.is_(None), IncidentReport.published.is_(None), IncidentReport.reported_as == "background",
    IncidentReport.article_id != bindparam("article")).order_by(IncidentReport.id.desc()).limit(TIMELESS_MENTIONS)
_PAYLOADS = select(IncidentReport.id, IncidentReport.payload).where(IncidentReport.id.in_(bindparam("ids", expanding=True)))

MENTION_KEYS = 200_000  # the most mention keys a writer keeps


class MentionKeys:
    """The merge keys of the mentions read so far, by report id (a stored report's payload is
    never changed: re-extraction deletes the row, ``forget``). Keys read in a transaction are
    kept only once it commits (``begin`` drops the others: a rolled-back row's id may be taken
    again), as ``Lookups`` does."""

    def __init__(self, limit: int = MENTION_KEYS) -> None:
        self.limit = limit
        self._keys: dict[int, ReportKey] = {}
        self._pending: dict[int, ReportKey] = {}

    def begin(self) -> None:
        self._pending = {}

    def committed(self) -> None:
        if len(self._keys) + len(self._pending) > self.limit:
            self._keys = {}
        self._keys.update(self._pending)
        self._pending = {}

    def forget(self, report_ids: Iterable[int]) -> None:
        for report_id in report_ids:
            self._keys.pop(report_id, None)
            self._pending.pop(report_id, None)

    def of(self, session: Session, rows: list[Any], key_of: Callable[[dict[str, Any], date | None], ReportKey]) -> dict[int, ReportKey]:
        """The keys of ``rows`` (id and published), the payloads of those not known read in one statement."""
        found = {row.id: key for row in rows if (key := self._keys.get(row.id) or self._pending.get(row.id)) is not None}
        missing = [row.id for row in rows if row.id not in found]
        if missing:
            published = {row.id: row.published for row in rows}
            for start in range(0, len(missing), 500):
                for report_id, payload in session.execute(_PAYLOADS, {"ids": missing[start:start + 500]}):
                    found[report_id] = self._pending[report_id] = key_of(payload or {}, published[report_id])
        return found


def key_of_incident(incident: Incident) -> ReportKey:
    """What merging compares a mention with: the incident's merged view and merge state."""
    state = incident.merge_state or {}
    claimed = frozenset(name for name, status in (state.get("perpetrators") or {}).items() if status == "claimed")
    return ReportKey(
        date=incident.date, published=incident.published or incident.date, place=incident.place, admin2=incident.admin2,
        admin1=incident.admin1, country=incident.country, lat=incident.lat, lon=incident.lon, event_type=incident.event_type,
        claimed_by=claimed, terms=frozenset(state.get(signature.KEY) or ()), places=frozenset(state.get("places") or ()),
    )


# the most degrees of latitude two points within ``merge.NEARBY_KM`` can be apart (a great
# circle is at least the earth's radius times the difference of latitude, in radians)
EARTH_KM = 6371.0  # the radius ``merge`` measures distances with
_NEARBY_LAT = math.degrees(NEARBY_KM / EARTH_KM) * 1.0001


def placed_apart(mention: ReportKey, key: ReportKey) -> bool:
    """Whether the places alone rule out ``merge.same_incident(mention, key)`` (its rule 2, and the
    country-only reports': ``_places_agree`` and ``_country_only``): a quick test before it for
    each of the window's mentions, most of them in other provinces. Only ever True where
    ``same_incident`` is False (tests/store/test_adoption_filter.py draws pairs to check it)."""
    if mention.country and key.country and mention.country != key.country:
        return True
    if not (mention.admin1 or mention.admin2) or not (key.admin1 or key.admin2):
        return False  # placed in the country only: the shared details decide
    if mention.admin2 and key.admin2:
        if mention.admin2 == key.admin2:
            return False
        if mention.lat is None or mention.lon is None or key.lat is None or key.lon is None:
            return True  # two districts, no distance to bring them together
        return abs(mention.lat - key.lat) > _NEARBY_LAT
    return not (mention.admin1 and key.admin1 and mention.admin1 == key.admin1)


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


def _on_a_rare_word(session: Session, mention: ReportKey, key: ReportKey, incident_id: int) -> bool:
    """Whether a mention with no days to go by (or an incident with none) joins the incident on
    the words they share that no other of the mention's candidates holds (``merge.UNIQUE_WEIGHT``),
    as the writer judges it when the mention comes second. Read only when they share a word and
    are placed in one district (where the weight counts): the mention's candidates, one query."""
    if not (mention.timeless or key.timeless) or mention.admin2 is None or mention.admin2 != key.admin2:
        return False
    shared = signature.words(mention.terms & key.terms)
    if not shared:
        return False
    others = [row for row in timeless.candidates(session, mention) if row.id != incident_id]
    held = {term for row in others for term in timeless.terms_of_row(row)}
    return same_incident(mention, key, frozenset(shared - held))


def adopt(session: Session, incidents: Iterable[Incident], article_id: int, lookups: Lookups,
          key_of: Callable[[dict[str, Any], date | None], ReportKey], known: MentionKeys | None = None) -> int:
    """Attach to the new incidents the stored background mentions with no incident that
    describe them (``key_of``: a report payload's key, as the writer makes it; one query for
    all of an article's new incidents; ``known``: the writer's ``MentionKeys``), and recompute the incidents that took any. Returns the number of mentions attached."""
    dated = [(incident, day) for incident in incidents if (day := incident.date or incident.published) is not None]
    if not dated:
        return 0
    params = {"first": min(day for _, day in dated) - timedelta(days=DATE_WINDOW_DAYS + 1),
              "last": max(day for _, day in dated) + timedelta(days=ADOPT_DAYS), "article": article_id}
    dates = {"first": params["first"], "last": max(day for _, day in dated) + timedelta(days=DATE_WINDOW_DAYS + 1),
             "article": article_id}
    found = [*session.execute(_UNATTACHED, params), *session.execute(_DATED, dates),
             *session.execute(_TIMELESS, {"article": article_id})]
    mentions = list({row.id: row for row in found}.values())
    if not mentions:
        return 0
    mention_keys = (known if known is not None else MentionKeys()).of(session, mentions, key_of)
    keys = [(incident, day, key_of_incident(incident)) for incident, day in dated]
    taken: dict[int, list[int]] = {}  # incident id -> the mentions it takes
    takers: dict[int, Incident] = {}
    for row in mentions:
        mention = mention_keys[row.id]
        for incident, day, key in keys:
            # placed_apart is a necessary condition of the place rule, which the rare word's test applies too
            if ((_in_days(row.published, day) or row.date is not None) and not placed_apart(mention, key)
                    and (same_incident(mention, key) or _on_a_rare_word(session, mention, key, incident.id))):
                taken.setdefault(incident.id, []).append(row.id)
                takers[incident.id] = incident
                break
    if not takers:
        return 0
    for incident_id, report_ids in taken.items():
        held = [session.identity_map.get(identity_key(IncidentReport, report_id)) for report_id in report_ids]
        for report in held:
            if report is not None:  # a report object the session holds says the same
                report.incident_id = incident_id
        session.execute(update(IncidentReport).where(IncidentReport.id.in_(report_ids)).values(incident_id=incident_id),
                        execution_options={"synchronize_session": False})
    session.flush()
    for incident in takers.values():
        session.expire(incident, ["reports"])
        merged_view.recompute(session, incident, lookups)
    return sum(len(ids) for ids in taken.values())
