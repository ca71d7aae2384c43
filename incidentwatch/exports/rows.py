"""The rows every export writes: one ``ExportRow`` per incident of a selection, with its
perpetrators, its sources and the evidence sentences behind its figures.

``iter_rows`` streams them: incidents come from the database ``CHUNK`` at a time (``yield_per``),
and each chunk's perpetrators and reports are loaded with one query each, so memory stays
bounded whatever the number of incidents. Order: by date (undated last), then id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..analytics import Selection, apply
from ..store.tables import Actor, Article, Incident, IncidentPerpetrator, IncidentReport

CHUNK = 500  # incidents per database round trip; the IN lists of the side queries stay small
EVIDENCE_CHARS = 1000  # an evidence sentence longer than this is cut (article text is hostile)
MAX_EVIDENCE = 20  # sentences carried per incident


@dataclass(frozen=True)
class Perpetrator:
    name: str
    status: str  # claimed, attributed, suspected, denied

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"


@dataclass(frozen=True)
class ExportRow:
    id: int
    date: date | None
    date_precision: str | None
    place: str | None
    district: str | None
    province: str | None
    country: str | None
    iso3166_2: str | None
    lat: float | None
    lon: float | None
    event_type: str
    perpetrators: tuple[Perpetrator, ...]
    killed_total: int | None
    killed_civilians: int | None
    killed_security: int | None
    killed_militants: int | None
    killed_foreigners: int | None
    killed_qualifier: str | None
    injured_total: int | None
    injured_civilians: int | None
    injured_security: int | None
    injured_militants: int | None
    injured_foreigners: int | None
    injured_qualifier: str | None
    review_state: str
    confidence: float
    sources: int  # distinct articles reporting it
    outlets: tuple[str, ...]
    urls: tuple[str, ...]
    article_ids: tuple[int, ...]
    evidence: tuple[str, ...]  # the sentences the reports took their figures from
    updated_at: datetime | None
    locked_fields: tuple[str, ...] = ()
    # the toll's estimates (store/tolls.py): victims killed, militants killed and injured
    killed_low: int | None = None
    killed_best: int | None = None
    killed_high: int | None = None
    militants_low: int | None = None
    militants_best: int | None = None
    militants_high: int | None = None
    injured_low: int | None = None
    injured_best: int | None = None
    injured_high: int | None = None
    killed_best_source: str | None = None  # who gave best, and when: "ISPR, 2024-05-14"


TOLL_FIELDS = ("total", "civilians", "security", "militants", "foreigners")
ESTIMATES = tuple(f"{measure}_{kind}" for measure in ("killed", "militants", "injured") for kind in ("low", "best", "high"))


def iter_rows(session: Session, selection: Selection, *, chunk: int = CHUNK) -> Iterator[ExportRow]:
    """The selection's incidents as export rows, streamed ``chunk`` at a time."""
    query = (apply(select(Incident), selection)
             .order_by(Incident.date.is_(None), Incident.date, Incident.id)
             .execution_options(yield_per=chunk))
    for batch in session.scalars(query).partitions(chunk):
        yield from _rows_of(session, list(batch))  # the identity map holds them weakly: they go with the chunk


def _rows_of(session: Session, incidents: list[Incident]) -> Iterator[ExportRow]:
    ids = [i.id for i in incidents]
    perpetrators: dict[int, list[Perpetrator]] = defaultdict(list)
    for incident_id, name, status in session.execute(
        select(IncidentPerpetrator.incident_id, Actor.name, IncidentPerpetrator.status)
        .join(Actor, Actor.id == IncidentPerpetrator.actor_id)
        .where(IncidentPerpetrator.incident_id.in_(ids))
        .order_by(IncidentPerpetrator.incident_id, Actor.name)
    ):
        perpetrators[incident_id].append(Perpetrator(name, status))
    reports: dict[int, list] = defaultdict(list)
    for report in session.execute(
        select(IncidentReport.incident_id, IncidentReport.reported_as, IncidentReport.published,
               IncidentReport.killed_total, IncidentReport.payload, Article.id, Article.outlet, Article.url)
        .join(Article, Article.id == IncidentReport.article_id)
        .where(IncidentReport.incident_id.in_(ids))
        .order_by(IncidentReport.incident_id, IncidentReport.published, IncidentReport.id)
    ):
        reports[report[0]].append(report)
    for incident in incidents:
        mine = reports.get(incident.id, [])
        article_ids: list[int] = []
        outlets: list[str] = []
        urls: list[str] = []
        evidence: list[str] = []
        for _, _, _, _, payload, article_id, outlet, url in mine:
            if article_id not in article_ids:
                article_ids.append(article_id)
            if outlet and outlet not in outlets:
                outlets.append(outlet)
            if url and url not in urls:
                urls.append(url)
            for span in (payload or {}).get("evidence") or []:
                text = " ".join(str(span.get("text") or "").split())[:EVIDENCE_CHARS]
                if text and text not in evidence and len(evidence) < MAX_EVIDENCE:
                    evidence.append(text)
        yield ExportRow(
            id=incident.id, date=incident.date, date_precision=incident.date_precision, place=incident.place,
            district=incident.admin2, province=incident.admin1, country=incident.country,
            iso3166_2=incident.iso3166_2, lat=incident.lat, lon=incident.lon, event_type=incident.event_type,
            perpetrators=tuple(perpetrators.get(incident.id, ())),
            killed_total=incident.killed_total, killed_civilians=incident.killed_civilians,
            killed_security=incident.killed_security, killed_militants=incident.killed_militants,
            killed_foreigners=incident.killed_foreigners, killed_qualifier=incident.killed_qualifier,
            injured_total=incident.injured_total, injured_civilians=incident.injured_civilians,
            injured_security=incident.injured_security, injured_militants=incident.injured_militants,
            injured_foreigners=incident.injured_foreigners, injured_qualifier=incident.injured_qualifier,
            review_state=incident.review_state, confidence=incident.confidence, sources=len(article_ids),
            outlets=tuple(outlets), urls=tuple(urls), article_ids=tuple(article_ids), evidence=tuple(evidence),
            updated_at=incident.updated_at, locked_fields=tuple(incident.locked_fields or ()),
            **{name: getattr(incident, name) for name in ESTIMATES}, killed_best_source=best_source(incident),
        )


def best_source(incident: Incident) -> str | None:
    """Who gave the best victims figure and when ("ISPR, 2024-05-14"); "editor" for a locked toll."""
    if "killed" in (incident.locked_fields or ()):
        return "editor"
    best = ((incident.toll_sources or {}).get("killed") or {}).get("best")
    if not best:
        return None
    return ", ".join(str(part) for part in (best.get("source"), best.get("published")) if part)


# --- the flat record shared by CSV, JSON, GeoJSON and Parquet ----------------------------------

COLUMNS = (
    "id", "date", "date_precision", "place", "district", "province", "country", "iso3166_2", "lat", "lon",
    "event_type", "perpetrators", "killed_total", "killed_civilians", "killed_security", "killed_militants",
    "killed_foreigners", "killed_qualifier", "injured_total", "injured_civilians", "injured_security",
    "injured_militants", "injured_foreigners", "injured_qualifier", *ESTIMATES, "killed_best_source", "review_state", "confidence", "sources",
    "outlets", "urls", "article_ids", "evidence",
)


def record(row: ExportRow) -> dict:
    """The row as a JSON-ready dict in ``COLUMNS`` order: lists stay lists, dates are ISO strings,
    perpetrators are ``{"name", "status"}`` objects."""
    out = {name: getattr(row, name) for name in COLUMNS}
    out["date"] = row.date.isoformat() if row.date else None
    out["perpetrators"] = [{"name": p.name, "status": p.status} for p in row.perpetrators]
    for name in ("outlets", "urls", "article_ids", "evidence"):
        out[name] = list(out[name])
    return out
