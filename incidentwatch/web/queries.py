"""The reading queries of the API and pages: a page of incidents, one incident with its reports,
articles, the review queue. Filters always go through ``analytics.selection.apply``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session, selectinload

from ..analytics import Selection, apply
from ..analytics.tallies import choose_rollup, tally
from ..store.tables import Article, AuditEntry, ClaimRow, Incident, IncidentPerpetrator, IncidentReport


class SortKey(StrEnum):
    DATE = "date"
    KILLED = "killed"
    INJURED = "injured"
    CONFIDENCE = "confidence"
    ID = "id"


class Order(StrEnum):
    ASC = "asc"
    DESC = "desc"


SORT_COLUMN = {SortKey.DATE: Incident.date, SortKey.KILLED: Incident.killed_total, SortKey.INJURED: Incident.injured_total,
               SortKey.CONFIDENCE: Incident.confidence, SortKey.ID: Incident.id}


@dataclass(frozen=True)
class IncidentRows:
    rows: list[Incident]
    report_counts: dict[int, int]
    count: int


def report_counts(session: Session, ids: list[int]) -> dict[int, int]:
    if not ids:
        return {}
    query = (select(IncidentReport.incident_id, func.count(IncidentReport.id))
             .where(IncidentReport.incident_id.in_(ids)).group_by(IncidentReport.incident_id))
    return {incident_id: n for incident_id, n in session.execute(query) if incident_id is not None}


ROLLUP_COUNTS = frozenset({"rollup_place", "rollup_district"})  # an incident in one row of each


def count_incidents(session: Session, selection: Selection, *, review_state: str | None = None) -> int:
    """How many incidents the selection holds (on every page of ``list_incidents``).

    A whole province (no dates, no district) that the monthly rollups answer is counted from
    them, as ``stats`` counts it (``analytics.tallies``: the same figures as the incidents'):
    some hundreds of rows instead of every incident of the province (Khyber Pakhtunkhwa's 39,000
    of 100,000: 2 instead of 6 ms on SQLite, 14 instead of 27 ms on PostgreSQL). Narrower
    selections are counted from the incidents, through the list's or the district's index,
    which is quicker for them than the rollups' months."""
    if (review_state is None and selection.province and not selection.district
            and selection.date_from is None and selection.date_to is None
            and choose_rollup(selection, None, ()) in ROLLUP_COUNTS):
        found = tally(session, selection, time=None, keys=(), categories=False).get(())
        return found.figures.incidents if found is not None else 0
    extra = [Incident.review_state == review_state] if review_state is not None else []
    return session.scalar(apply(select(func.count(Incident.id)), selection).where(*extra)) or 0


def list_incidents(session: Session, selection: Selection, *, sort: SortKey = SortKey.DATE, order: Order = Order.DESC,
                   limit: int = 50, offset: int = 0, review_state: str | None = None,
                   count: int | None = None) -> IncidentRows:
    """One page of the selection's incidents, with their perpetrators and report counts, and the
    number of incidents on all pages. Ties are broken by id, so pages never overlap; unknown
    dates and tolls go last either way.

    The page is found in two steps: the ids of the page first (a narrow query that an index on
    the sort column can answer without sorting, or that sorts ids rather than whole rows), then
    those rows. ``NULLS LAST`` rather than an ``IS NULL`` sort key, for the same reason: SQLite
    walks ``ix_incidents_date`` backwards for the default order instead of sorting every row of
    the selection (138 ms to 0.2 ms for Khyber Pakhtunkhwa's 40,000 of 100,000 incidents,
    benchmarks/api_bench.py). ``count``: the selection's count when the caller knows it
    (``web/counts.py`` keeps it per change token), else it is counted."""
    extra = [Incident.review_state == review_state] if review_state is not None else []
    if count is None:
        count = count_incidents(session, selection, review_state=review_state)
    column = SORT_COLUMN[sort]
    if order is Order.DESC:
        direction = (column.desc().nulls_last(), Incident.id.desc())
    else:
        direction = (column.asc().nulls_last(), Incident.id.asc())
    ids = list(session.scalars(apply(select(Incident.id), selection).where(*extra)
                               .order_by(*direction).limit(limit).offset(offset)))
    rows: list[Incident] = []
    if ids:
        query = (select(Incident).where(Incident.id.in_(ids))
                 .options(selectinload(Incident.perpetrators).joinedload(IncidentPerpetrator.actor)))
        by_id = {row.id: row for row in session.scalars(query)}
        rows = [by_id[i] for i in ids if i in by_id]
    return IncidentRows(rows=rows, report_counts=report_counts(session, ids), count=count)


def get_incident(session: Session, incident_id: int) -> Incident | None:
    query = (select(Incident).where(Incident.id == incident_id)
             .options(selectinload(Incident.perpetrators).joinedload(IncidentPerpetrator.actor),
                      selectinload(Incident.reports).joinedload(IncidentReport.article)))
    return session.scalars(query).first()


def sorted_reports(incident: Incident) -> list[IncidentReport]:
    """Reports in publication order (the first account first)."""
    return sorted(incident.reports, key=lambda r: (r.published is None, r.published or 0, r.id))


def audit_entries(session: Session, incident_id: int) -> list[AuditEntry]:
    query = select(AuditEntry).where(AuditEntry.incident_id == incident_id).order_by(AuditEntry.at, AuditEntry.id)
    return list(session.scalars(query))


@dataclass(frozen=True)
class ArticleRows:
    rows: list[Article]
    counts: dict[int, tuple[int, int]]  # article id -> (reports, claims)
    count: int


def article_counts(session: Session, ids: list[int]) -> dict[int, tuple[int, int]]:
    if not ids:
        return {}
    reports = dict(session.execute(select(IncidentReport.article_id, func.count(IncidentReport.id))
                                   .where(IncidentReport.article_id.in_(ids)).group_by(IncidentReport.article_id)).all())
    claims = dict(session.execute(select(ClaimRow.article_id, func.count(ClaimRow.id))
                                  .where(ClaimRow.article_id.in_(ids)).group_by(ClaimRow.article_id)).all())
    return {i: (reports.get(i, 0), claims.get(i, 0)) for i in ids}


def list_articles(session: Session, *, text: str | None, outlet: str | None, current_only: bool, limit: int,
                  offset: int) -> ArticleRows:
    """Articles, newest publication first, optionally by title text or outlet."""
    from ..analytics.selection import escape_like

    conditions: list[ColumnElement[bool]] = []
    if text:
        conditions.append(func.lower(Article.title).like(f"%{escape_like(text.lower())}%", escape="\\"))
    if outlet:
        conditions.append(Article.outlet == outlet)
    if current_only:
        conditions.append(Article.is_current.is_(True))
    count = session.scalar(select(func.count(Article.id)).where(*conditions)) or 0
    query = (select(Article).where(*conditions)
             .order_by(Article.published.is_(None), Article.published.desc(), Article.id.desc()).limit(limit).offset(offset))
    rows = list(session.scalars(query))
    return ArticleRows(rows=rows, counts=article_counts(session, [a.id for a in rows]), count=count)


def get_article(session: Session, article_id: int) -> Article | None:
    query = (select(Article).where(Article.id == article_id)
             .options(selectinload(Article.reports), selectinload(Article.claims)))
    return session.scalars(query).first()


@dataclass(frozen=True)
class MapPoint:
    """A cluster of incidents about 10 km across, named by one of its places."""

    lat: float
    lon: float
    incidents: int
    killed: int
    place: str | None
    district: str | None
    province: str | None


def map_points(session: Session, selection: Selection, *, limit: int = 1500) -> list[MapPoint]:
    """The selection's incidents clustered to 0.1 degree (about 10 km), the clusters with most
    incidents first, each named by its (alphabetically) first place, district and province."""
    from sqlalchemy import Numeric, cast

    lat = func.round(cast(Incident.lat, Numeric), 1)
    lon = func.round(cast(Incident.lon, Numeric), 1)
    n = func.count(Incident.id)
    query = (apply(select(lat, lon, n, func.sum(func.coalesce(Incident.killed_total, 0)), func.min(Incident.place),
                          func.min(Incident.admin2), func.min(Incident.admin1)), selection)
             .where(Incident.lat.is_not(None), Incident.lon.is_not(None)).group_by(lat, lon).order_by(n.desc()).limit(limit))
    return [MapPoint(float(a), float(b), int(c), int(k or 0), place, district, province)
            for a, b, c, k, place, district, province in session.execute(query)]


def date_extent(session: Session, selection: Selection) -> tuple[date | None, date | None]:
    """The first and last incident date of the selection."""
    first, last = session.execute(apply(select(func.min(Incident.date), func.max(Incident.date)), selection)).one()
    return first, last
