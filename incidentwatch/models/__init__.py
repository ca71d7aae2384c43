"""Boundary types. No I/O here and no imports from the rest of the package."""

from .article import CleanArticle, RawArticle, Sentence, Span
from .claim import Claim, Period, Region
from .extraction import SCHEMA_VERSION, ArticleMeta, ExtractionResult
from .incident import Incident, Location, Perpetrator, Toll
from .place import Place
from .vocab import (
    AttributionStatus,
    DatePrecision,
    EventType,
    LocationPrecision,
    Metric,
    Qualifier,
    RejectReason,
    ReportedAs,
    Unit,
    VictimCategory,
)

__all__ = [
    "SCHEMA_VERSION", "ArticleMeta", "AttributionStatus", "Claim", "CleanArticle", "DatePrecision",
    "EventType", "ExtractionResult", "Incident", "Location", "LocationPrecision", "Metric", "Period",
    "Perpetrator", "Place", "Qualifier", "RawArticle", "Region", "RejectReason", "ReportedAs", "Sentence",
    "Span", "Toll", "Unit", "VictimCategory",
]
