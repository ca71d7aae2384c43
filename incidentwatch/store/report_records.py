"""Reports as plain records for the writer's merges: what ``merged_view`` folds in, without the
ORM's instrumented objects.

- ``ReportRecord``: every column of ``incident_reports``; the writer builds one per new report
  (inserted with one Core statement) and reads an incident's stored reports into them when its
  merged view must be recomputed (``read``: one statement, no objects in the session).
- ``ReportFields``: the fields ``merged_view`` reads, which a ``ReportRecord`` and an
  ``IncidentReport`` (the web's edits) both have.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from .tables import IncidentReport

COLUMNS = tuple(column.key for column in IncidentReport.__table__.columns)


class ReportFields(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def article_id(self) -> int: ...
    @property
    def published(self) -> date | None: ...
    @property
    def reported_as(self) -> str: ...
    @property
    def date(self) -> date | None: ...
    @property
    def payload(self) -> dict: ...
    @property
    def toll_source(self) -> str | None: ...
    @property
    def toll_tier(self) -> int | None: ...
    @property
    def toll_reason(self) -> str | None: ...


@dataclass(slots=True)
class ReportRecord:
    id: int
    article_id: int
    incident_id: int | None
    position: int
    reported_as: str
    published: date | None
    date: date | None
    admin2: str | None
    admin1: str | None
    event_type: str
    killed_total: int | None
    killed_militants: int | None
    injured_total: int | None
    payload: dict
    toll_source: str | None
    toll_tier: int | None
    toll_reason: str | None
    extractor_version: str

    def row(self) -> dict[str, Any]:
        """The record as the insert's parameters."""
        return {column: getattr(self, column) for column in COLUMNS}


_OF_INCIDENT = select(*IncidentReport.__table__.columns).where(IncidentReport.incident_id == bindparam("incident"))


def read(session: Session, incident_id: int) -> list[ReportRecord]:
    """The incident's stored reports (those the session flushed)."""
    return [ReportRecord(**row._mapping) for row in session.connection().execute(_OF_INCIDENT, {"incident": incident_id})]
