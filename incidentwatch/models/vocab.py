"""Closed vocabularies of the output contract.

Every enum's values are the JSON strings of ``incidentwatch.extraction/1``.
"""

from __future__ import annotations

from enum import StrEnum


class EventType(StrEnum):
    SUICIDE_BOMBING = "suicide_bombing"
    BOMBING = "bombing"
    ARMED_ASSAULT = "armed_assault"
    TARGETED_KILLING = "targeted_killing"
    KIDNAPPING = "kidnapping"
    AIRSTRIKE = "airstrike"
    SECURITY_OPERATION = "security_operation"
    CLASH = "clash"
    OTHER = "other"


class Qualifier(StrEnum):
    EXACT = "exact"
    AT_LEAST = "at_least"
    APPROX = "approx"
    OVER = "over"


class DatePrecision(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


class AttributionStatus(StrEnum):
    CLAIMED = "claimed"
    ATTRIBUTED = "attributed"
    SUSPECTED = "suspected"
    DENIED = "denied"


class ReportedAs(StrEnum):
    MAIN = "main"
    BACKGROUND = "background"


class LocationPrecision(StrEnum):
    PLACE = "place"
    ADMIN2 = "admin2"
    ADMIN1 = "admin1"
    COUNTRY = "country"


class Metric(StrEnum):
    INCIDENTS = "incidents"
    ATTACKS = "attacks"
    KILLED = "killed"
    INJURED = "injured"
    KILLED_CIVILIANS = "killed_civilians"
    KILLED_SECURITY = "killed_security"
    KILLED_MILITANTS = "killed_militants"
    INJURED_CIVILIANS = "injured_civilians"
    INJURED_SECURITY = "injured_security"
    ARRESTED = "arrested"
    OPERATIONS = "operations"


class Unit(StrEnum):
    COUNT = "count"
    PERCENT_OF_TOTAL = "percent_of_total"
    PERCENT_CHANGE = "percent_change"


class VictimCategory(StrEnum):
    """Who was killed or injured; the keys of a toll's split."""

    CIVILIANS = "civilians"
    SECURITY = "security"
    MILITANTS = "militants"
    FOREIGNERS = "foreigners"


class RejectReason(StrEnum):
    """Why an input could not be read; counted in run summaries."""

    EMPTY = "empty"
    BINARY = "binary"
    NOT_UTF8 = "not_utf8"
    TOO_LARGE = "too_large"
    NO_ARTICLE = "no_article"
    NOT_ENGLISH = "not_english"
    MALFORMED = "malformed"
    NOT_FOUND = "not_found"
    UNREACHABLE = "unreachable"
    PRIVATE_ADDRESS = "private_address"
    HTTP_ERROR = "http_error"
