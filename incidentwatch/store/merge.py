"""Merge: decide whether a new report describes an incident already in the database, and
which report's toll the incident shows.

Pure functions over small typed records, so the rules can be tested without a database.

Two reports are the same incident when (all of):
1. their dates are within ``DATE_WINDOW_DAYS`` (or either is unknown and both come from
   articles published within that window);
2. they are in the same district, or, when one names only the province, the same province; or
   their coordinates lie within ``NEARBY_KM`` (a town and its district headquarters);
3. their event types are compatible (the same, or one of them ``other``, or an attack and the
   operation that answered it are *not* merged: see ``COMPATIBLE``);
4. their named perpetrators do not conflict (no two different groups both *claimed* it);
5. if both name a place below the district and the places differ, they are different
   incidents ("an IED in Domel" and "a shooting in Bannu city" on the same day).

The incident's toll is the best-supported figure: the value most reports give; when a later
report gives a higher toll (it rose during the day), the latest report wins.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import date

DATE_WINDOW_DAYS = 1  # reports of one attack date it to the same day, or the next for late-night attacks
NEARBY_KM = 25.0  # a town and its district's headquarters; two districts' centres are farther apart

# Event types that may describe the same event in different reports.
COMPATIBLE: dict[str, set[str]] = {
    "suicide_bombing": {"suicide_bombing", "bombing", "other"},
    "bombing": {"bombing", "suicide_bombing", "other"},
    "armed_assault": {"armed_assault", "targeted_killing", "clash", "other"},
    "targeted_killing": {"targeted_killing", "armed_assault", "other"},
    "clash": {"clash", "armed_assault", "security_operation", "other"},
    "security_operation": {"security_operation", "clash", "other"},
    "kidnapping": {"kidnapping", "other"},
    "airstrike": {"airstrike", "other"},
    "other": {"suicide_bombing", "bombing", "armed_assault", "targeted_killing", "clash", "security_operation", "kidnapping", "airstrike", "other"},
}


_Date = date  # inside ReportKey's body, "date" names its field


@dataclass(frozen=True)
class ReportKey:
    """What merging looks at in a report or an incident."""

    date: date | None
    published: _Date | None
    place: str | None
    admin2: str | None
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    event_type: str
    claimed_by: frozenset[str] = frozenset()


def _km(a: ReportKey, b: ReportKey) -> float | None:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))  # type: ignore[arg-type]
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _dates_close(a: ReportKey, b: ReportKey) -> bool:
    if a.date is not None and b.date is not None:
        return abs((a.date - b.date).days) <= DATE_WINDOW_DAYS
    ref_a, ref_b = a.date or a.published, b.date or b.published
    if ref_a is None or ref_b is None:
        return False
    return abs((ref_a - ref_b).days) <= DATE_WINDOW_DAYS + 1


def _places_agree(a: ReportKey, b: ReportKey) -> bool:
    if a.country and b.country and a.country != b.country:
        return False
    if a.admin2 and b.admin2:
        if a.admin2 == b.admin2:
            return True
        distance = _km(a, b)
        return distance is not None and distance <= NEARBY_KM
    if a.admin1 and b.admin1:
        return a.admin1 == b.admin1
    return False


def _sub_district_places_differ(a: ReportKey, b: ReportKey) -> bool:
    def local(k: ReportKey) -> str | None:
        if not k.place or k.place.lower() in {(k.admin2 or "").lower(), (k.admin1 or "").lower()}:
            return None
        return k.place.lower()

    pa, pb = local(a), local(b)
    if pa is None or pb is None or pa == pb:
        return False
    distance = _km(a, b)
    return distance is None or distance > 5.0


def same_incident(a: ReportKey, b: ReportKey) -> bool:
    """True when two reports describe one incident (see the module docstring)."""
    if not _dates_close(a, b) or not _places_agree(a, b):
        return False
    if b.event_type not in COMPATIBLE.get(a.event_type, {a.event_type}):
        return False
    if a.claimed_by and b.claimed_by and not a.claimed_by & b.claimed_by:
        return False
    return not _sub_district_places_differ(a, b)


@dataclass(frozen=True)
class TollReport:
    published: date | None
    position: int  # order of arrival, for equal dates
    victims: int | None  # killed minus militants
    value: tuple[int | None, ...]  # the whole toll, as stored


def best_toll(reports: list[TollReport]) -> TollReport | None:
    """The toll an incident shows: the most reported figure, unless a later report raised it."""
    stated = [r for r in reports if r.victims is not None]
    if not stated:
        return None
    by_time = sorted(stated, key=lambda r: (r.published or date.min, r.position))
    latest = by_time[-1]
    if all(latest.victims >= (r.victims or 0) for r in stated):  # type: ignore[operator]
        return latest  # the toll rose (or held): the latest report knows most
    counts = Counter(r.victims for r in stated)
    top = max(counts.values())
    candidates = [r for r in by_time if counts[r.victims] == top]
    return candidates[-1]
