"""The one writer: stores an extracted article, its reports and claims, and merges reports into
incidents, all in one transaction per article.

Idempotent: an article whose clean text is already stored changes nothing. A changed text at a
known URL is a new version: the old version's reports leave their incidents (which are then
recomputed, or deleted when no report and no human edit is left) and the new ones are merged.
Fields an editor set (``locked_fields``) are never overwritten by the machine.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from ..models import Incident as IncidentModel
from .merge import DATE_WINDOW_DAYS, ReportKey, TollReport, best_toll, same_incident
from .records import ExtractedArticle
from .tables import Actor, Article, AuditEntry, ClaimRow, Incident, IncidentPerpetrator, IncidentReport, Place

log = logging.getLogger(__name__)

STATUS_RANK = {"claimed": 0, "attributed": 1, "suspected": 2, "denied": 3}
TOLL_FIELDS = ("total", "civilians", "security", "militants", "foreigners", "qualifier")
# SQLite answers "database is locked" while another process writes; try again this many times.
LOCK_RETRIES = 8


@dataclass
class WriteOutcome:
    status: str  # new | duplicate | new_version
    article_id: int | None = None
    incidents_new: int = 0
    incidents_merged: int = 0
    claims: int = 0
    incident_ids: list[int] = field(default_factory=list)


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _key_of_report(payload: dict, published) -> ReportKey:
    loc = payload.get("location") or {}
    date_text = payload.get("date")
    day = None
    if date_text and len(date_text) == 10:
        from datetime import date

        day = date.fromisoformat(date_text)
    claimed = frozenset(p["name"] for p in payload.get("perpetrators") or [] if p.get("status") == "claimed")
    return ReportKey(
        date=day, published=published, place=loc.get("place"), admin2=loc.get("admin2"), admin1=loc.get("admin1"),
        country=loc.get("country"), lat=loc.get("lat"), lon=loc.get("lon"), event_type=payload.get("event_type") or "other",
        claimed_by=claimed,
    )


def _key_of_incident(incident: Incident) -> ReportKey:
    claimed = frozenset(p.actor.name for p in incident.perpetrators if p.status == "claimed")
    return ReportKey(
        date=incident.date, published=incident.date, place=incident.place, admin2=incident.admin2, admin1=incident.admin1,
        country=incident.country, lat=incident.lat, lon=incident.lon, event_type=incident.event_type, claimed_by=claimed,
    )


def _snapshot(incident: Incident) -> dict:
    cols = ("date", "place", "admin2", "admin1", "country", "event_type", "killed_total", "killed_militants", "injured_total", "review_state")
    out = {c: getattr(incident, c) for c in cols}
    out["date"] = incident.date.isoformat() if incident.date else None
    out["perpetrators"] = sorted(f"{p.actor.name}:{p.status}" for p in incident.perpetrators)
    return out


class Writer:
    """Writes extracted articles through one SQLAlchemy session factory."""

    def __init__(self, session_factory) -> None:  # noqa: ANN001 - a sessionmaker
        self.session_factory = session_factory

    def write(self, item: ExtractedArticle) -> WriteOutcome:
        """Store one article whole or not at all; retried while SQLite is locked by another writer."""
        for attempt in range(LOCK_RETRIES):
            try:
                with self.session_factory() as session, session.begin():
                    return self._write(session, item)
            except OperationalError as error:
                if "locked" not in str(error).lower() or attempt == LOCK_RETRIES - 1:
                    raise
                time.sleep(0.05 * 2**attempt)
        raise RuntimeError("unreachable")

    # -- one article ---------------------------------------------------------------------------

    def _write(self, session: Session, item: ExtractedArticle) -> WriteOutcome:
        digest = item.content_hash
        if session.scalar(select(Article.id).where(Article.content_hash == digest)) is not None:
            return WriteOutcome(status="duplicate")
        status, version = "new", 1
        canonical = item.canonical_url
        if canonical:
            previous = session.scalars(
                select(Article).where(Article.canonical_url == canonical, Article.is_current.is_(True))
            ).first()
            if previous is not None:
                status, version = "new_version", previous.version + 1
                self._retire(session, previous)
        article = Article(
            source_id=item.source_id[:200], outlet=item.outlet, url=item.url, canonical_url=canonical, path=item.path,
            content_hash=digest, title=item.title, published=item.published, clean_text=item.clean_text,
            version=version, is_current=True, extractor_version=item.extractor_version, ingested_at=_now(),
        )
        session.add(article)
        session.flush()
        outcome = WriteOutcome(status=status, article_id=article.id)
        self._add_reports(session, article, item, outcome)
        self._add_claims(session, article, item, outcome)
        return outcome

    def replace_extraction(self, article_id: int, item: ExtractedArticle) -> WriteOutcome:
        """Re-extraction: the article's old reports and claims give way to ``item``'s."""
        with self.session_factory() as session, session.begin():
            article = session.get(Article, article_id)
            if article is None:
                return WriteOutcome(status="missing")
            self._drop_reports(session, article)
            article.extractor_version = item.extractor_version
            outcome = WriteOutcome(status="reextracted", article_id=article.id)
            self._add_reports(session, article, item, outcome)
            self._add_claims(session, article, item, outcome)
            return outcome

    def _retire(self, session: Session, previous: Article) -> None:
        """An older version gives way: its reports leave their incidents."""
        previous.is_current = False
        self._drop_reports(session, previous)

    def _drop_reports(self, session: Session, previous: Article) -> None:
        touched = {r.incident for r in previous.reports if r.incident is not None}
        for report in list(previous.reports):
            session.delete(report)
        for claim in list(previous.claims):
            session.delete(claim)
        session.flush()
        for incident in touched:
            session.refresh(incident)
            if not incident.reports and not incident.locked_fields:
                session.add(AuditEntry(incident_id=incident.id, actor="ingest", action="delete", at=_now(), before=_snapshot(incident), after=None))
                session.delete(incident)
            else:
                self._recompute(session, incident)

    def _add_reports(self, session: Session, article: Article, item: ExtractedArticle, outcome: WriteOutcome) -> None:
        for position, model in enumerate(item.result.incidents):
            payload = model.model_dump(mode="json")
            report = IncidentReport(
                article_id=article.id, position=position, reported_as=model.reported_as.value,
                date=_day(model), admin2=model.location.admin2, admin1=model.location.admin1,
                event_type=model.event_type.value, killed_total=model.killed.total, killed_militants=model.killed.militants,
                injured_total=model.injured.total, payload=payload, extractor_version=item.extractor_version,
            )
            session.add(report)
            key = _key_of_report(payload, article.published)
            incident = self._find_incident(session, key)
            if incident is None and model.reported_as.value == "main":
                incident = self._new_incident(session, model)
                outcome.incidents_new += 1
                action = "create"
            elif incident is not None:
                outcome.incidents_merged += 1
                action = "merge"
            else:
                continue  # a background mention of an event we do not hold: kept, with no incident
            before = _snapshot(incident) if action == "merge" else None
            report.incident = incident
            session.flush()
            session.refresh(incident, ["reports"])
            self._recompute(session, incident)
            session.add(AuditEntry(incident_id=incident.id, actor="ingest", action=action, at=_now(), before=before,
                                   after=_snapshot(incident)))
            outcome.incident_ids.append(incident.id)

    def _find_incident(self, session: Session, key: ReportKey) -> Incident | None:
        ref = key.date or key.published
        if ref is None:
            return None
        window = timedelta(days=DATE_WINDOW_DAYS + 1)
        query = select(Incident).where(Incident.date >= ref - window, Incident.date <= ref + window)
        if key.admin1:
            query = query.where(Incident.admin1 == key.admin1)
        elif key.country:
            query = query.where(Incident.country == key.country)
        for candidate in session.scalars(query.order_by(Incident.id)):
            if candidate.review_state == "rejected":
                continue
            if same_incident(key, _key_of_incident(candidate)):
                return candidate
        return None

    def _new_incident(self, session: Session, model: IncidentModel) -> Incident:
        now = _now()
        incident = Incident(event_type=model.event_type.value, confidence=model.confidence, review_state="unreviewed",
                            locked_fields=[], row_version=1, created_at=now, updated_at=now)
        session.add(incident)
        session.flush()
        return incident

    # -- the merged view -----------------------------------------------------------------------

    def _recompute(self, session: Session, incident: Incident) -> None:
        """Set the incident's fields from its reports, leaving alone what an editor set."""
        locked = set(incident.locked_fields or [])
        reports = sorted(incident.reports, key=lambda r: (r.article.published or datetime.min.date(), r.id or 0))
        main = [r for r in reports if r.reported_as == "main"] or reports
        if not main:
            return
        payloads = [r.payload for r in main]

        def put(column: str, value) -> None:
            if column not in locked:
                setattr(incident, column, value)

        days = Counter(r.date for r in main if r.date is not None)
        put("date", days.most_common(1)[0][0] if days else None)
        put("date_precision", "day" if days else None)
        located = max(payloads, key=lambda p: _precision_rank(p.get("location") or {}))
        loc = located.get("location") or {}
        if "place" not in locked:
            for column in ("place", "admin2", "admin1", "country", "iso3166_2", "lat", "lon"):
                put(column, loc.get(column))
            incident.place_id = self._place_id(session, loc)
        types = Counter(p["event_type"] for p in payloads if p["event_type"] != "other")
        put("event_type", types.most_common(1)[0][0] if types else "other")
        toll_reports = [TollReport(published=r.article.published, position=i, victims=_victims(r.payload["killed"]),
                                   value=tuple(r.payload["killed"].get(f) for f in TOLL_FIELDS)) for i, r in enumerate(main)]
        chosen = best_toll(toll_reports)
        if chosen is not None and "killed" not in locked:
            for name, value in zip(TOLL_FIELDS, chosen.value, strict=True):
                setattr(incident, f"killed_{name}", value)
        injured_reports = [TollReport(published=r.article.published, position=i, victims=r.payload["injured"].get("total"),
                                      value=tuple(r.payload["injured"].get(f) for f in TOLL_FIELDS)) for i, r in enumerate(main)]
        chosen = best_toll(injured_reports)
        if chosen is not None and "injured" not in locked:
            for name, value in zip(TOLL_FIELDS, chosen.value, strict=True):
                setattr(incident, f"injured_{name}", value)
        put("confidence", max(p.get("confidence", 0.5) for p in payloads))
        if "perpetrators" not in locked:
            best: dict[str, str] = {}
            for p in payloads:
                for perp in p.get("perpetrators") or []:
                    name, status = perp["name"], perp["status"]
                    if name not in best or STATUS_RANK[status] < STATUS_RANK[best[name]]:
                        best[name] = status
            incident.perpetrators.clear()
            session.flush()
            for name, status in sorted(best.items()):
                incident.perpetrators.append(IncidentPerpetrator(actor=self._actor(session, name), status=status))
        incident.updated_at = _now()
        incident.row_version = (incident.row_version or 0) + 1

    def _actor(self, session: Session, name: str) -> Actor:
        found = session.scalar(select(Actor).where(Actor.name == name))
        if found is None:
            found = Actor(name=name, kind="group")
            session.add(found)
            session.flush()
        return found

    def _place_id(self, session: Session, loc: dict) -> int | None:
        name = loc.get("place") or loc.get("admin2") or loc.get("admin1") or loc.get("country")
        if not name:
            return None
        query = select(Place.id).where(
            Place.name == name, Place.admin2.is_(None) if loc.get("admin2") is None else Place.admin2 == loc.get("admin2"),
            Place.admin1.is_(None) if loc.get("admin1") is None else Place.admin1 == loc.get("admin1"),
            Place.country.is_(None) if loc.get("country") is None else Place.country == loc.get("country"),
        )
        found = session.scalar(query)
        if found is None:
            place = Place(name=name, admin2=loc.get("admin2"), admin1=loc.get("admin1"), country=loc.get("country"),
                          iso3166_2=loc.get("iso3166_2"), lat=loc.get("lat"), lon=loc.get("lon"))
            session.add(place)
            session.flush()
            found = place.id
        return found

    def _add_claims(self, session: Session, article: Article, item: ExtractedArticle, outcome: WriteOutcome) -> None:
        from datetime import date

        for claim in item.result.claims:
            session.add(ClaimRow(
                article_id=article.id, source=claim.source, region_name=claim.region.name, region_country=claim.region.country,
                region_admin1=claim.region.admin1, region_admin2=claim.region.admin2, period_label=claim.period.label,
                period_start=date.fromisoformat(claim.period.start) if claim.period.start else None,
                period_end=date.fromisoformat(claim.period.end) if claim.period.end else None,
                metric=claim.metric.value, unit=claim.unit.value, value=claim.value, qualifier=claim.qualifier.value,
                evidence=claim.evidence.model_dump(mode="json"),
            ))
            outcome.claims += 1


def _day(model: IncidentModel):
    from datetime import date

    if model.date and len(model.date) == 10:
        return date.fromisoformat(model.date)
    return None


def _victims(killed: dict) -> int | None:
    if killed.get("total") is None:
        return None
    return killed["total"] - (killed.get("militants") or 0)


def _precision_rank(loc: dict) -> int:
    return {"place": 4, "admin2": 3, "admin1": 2, "country": 1}.get(loc.get("precision") or "", 0)
