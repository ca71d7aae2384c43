"""Incident: one event of violence as one article reports it."""

from __future__ import annotations

from pydantic import BaseModel, Field

from .article import Span
from .vocab import AttributionStatus, DatePrecision, EventType, LocationPrecision, Qualifier, ReportedAs


class Location(BaseModel):
    place: str | None = None
    admin2: str | None = None
    admin1: str | None = None
    country: str | None = None
    iso3166_2: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: LocationPrecision | None = None


class Perpetrator(BaseModel):
    name: str
    status: AttributionStatus


class Toll(BaseModel):
    """Killed or injured. ``total`` counts everyone, attackers included; the split says who.

    Unknown is ``None``, never 0.
    """

    total: int | None = None
    civilians: int | None = None
    security: int | None = None
    militants: int | None = None
    foreigners: int | None = None
    qualifier: Qualifier | None = None

    @property
    def victims(self) -> int | None:
        """Everyone but the militants: what the monitors call the toll."""
        if self.total is None:
            return None
        return self.total - (self.militants or 0)


class Incident(BaseModel):
    date: str | None = Field(default=None, description="YYYY-MM-DD, YYYY-MM for month precision, YYYY for year")
    date_precision: DatePrecision | None = None
    location: Location = Field(default_factory=Location)
    event_type: EventType = EventType.OTHER
    perpetrators: list[Perpetrator] = Field(default_factory=list)
    killed: Toll = Field(default_factory=Toll)
    injured: Toll = Field(default_factory=Toll)
    reported_as: ReportedAs = ReportedAs.MAIN
    confidence: float = Field(default=0.5, ge=0, le=1)
    evidence: list[Span] = Field(default_factory=list)
