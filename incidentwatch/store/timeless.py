"""Candidates for a report or an incident that has no days to go by (``merge.ReportKey.timeless``:
no date, and no publication date of its article): the writer's candidate query keeps to a
report's days, which such a report does not have.

- a timeless report: the most recent ``CANDIDATES`` incidents of its province (and district,
  or none named), whatever their dates; of its country, when it names no province;
- a report with days: also the most recent ``CANDIDATES`` timeless incidents of its province
  (and district, or none named).

Both read each candidate's ``merge_state`` (its signature, ``signature.py``), which
``merge.same_incident`` needs to join on shared details. Both are bounded by ``CANDIDATES``,
so their cost does not grow with the database: the second through the partial index
``ix_incidents_undated_published`` (the incidents without a date), the first through the
province's incidents, newest first. For a report with days, the writer runs the second
(``query``) inside its own candidate statement, its rows marked ``SIGNED``: one statement a
report.

``unique_terms`` tells which of the candidates' words only one holds (``merge.UNIQUE_WEIGHT``);
``needs_signature`` says when the signature of a row of the days' query must be read (two
undated reports, ``merge._undated_apart``), which the writer does for all such rows in one
statement.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, or_, select
from sqlalchemy.orm import Session

from . import signature
from .merge import ReportKey
from .tables import Incident

CANDIDATES = 50  # a province's most recent incidents: weeks of them

_COLUMNS = (Incident.id, Incident.date, Incident.published, Incident.place, Incident.admin2, Incident.admin1,
            Incident.country, Incident.lat, Incident.lon, Incident.event_type, Incident.merge_state)


# the writer's candidate statement marks the rows of ``query`` with this ``undated`` value: they
# carry their signature (``merge_state``), the other rows only a NULL in its place
SIGNED = 2


@lru_cache(maxsize=8)
def query(undated_only: bool, admin2: bool, admin1: bool = True):  # noqa: ANN202 - a Select
    """The province's most recent incidents (``undated_only``: those with no date and no
    publication date), in the district or none named when ``admin2``; the country's when not
    ``admin1`` (a report placed in the country only)."""
    statement = select(*_COLUMNS).where(Incident.country == bindparam("country"), Incident.review_state != "rejected")
    if admin1:
        statement = statement.where(Incident.admin1 == bindparam("admin1"))
    if undated_only:
        statement = statement.where(Incident.date.is_(None), Incident.published.is_(None))
    if admin2:
        statement = statement.where(or_(Incident.admin2 == bindparam("admin2"), Incident.admin2.is_(None)))
    return statement.order_by(Incident.id.desc()).limit(CANDIDATES)


def candidates(session: Session, key: ReportKey) -> Sequence[Any]:
    """The rows ``key`` may join besides its days' candidates (see the module docstring); a
    report placed in the country only ("a blast in north-west Pakistan") reads the country's
    (``merge._country_only``: the shared details decide); none without a country."""
    if key.country is None:
        return []
    if key.admin1 is None:
        if key.admin2 is not None:
            return []
        statement = query(undated_only=not key.timeless, admin2=False, admin1=False)
        return session.connection().execute(statement, {"country": key.country}).all()
    params = {"country": key.country, "admin1": key.admin1}
    if key.admin2 is not None:
        params["admin2"] = key.admin2
    statement = query(undated_only=not key.timeless, admin2=key.admin2 is not None)
    return session.connection().execute(statement, params).all()


def terms_of_row(row: Any) -> frozenset[str]:
    """A candidate row's signature (none for the rows of the days' query, which need none)."""
    state = getattr(row, "merge_state", None)  # a row's attribute: cheaper than its ``_mapping``, read for every candidate
    return frozenset((state or {}).get(signature.KEY) or ())


def places_of_row(row: Any) -> frozenset[str]:
    """A candidate row's places below the district, as its reports named them (none for the
    rows of the days' query: ``merge.needs_state`` says when to load them)."""
    state = getattr(row, "merge_state", None)
    return frozenset((state or {}).get("places") or ())


def unique_terms(rows: Sequence[Any]) -> frozenset[str]:
    """The signature words that only one of the candidate rows holds: shared with the report,
    such a word tells its incident from the province's others (``merge.UNIQUE_WEIGHT``)."""
    seen: dict[str, int] = {}
    for row in rows:
        for term in terms_of_row(row):
            seen[term] = seen.get(term, 0) + 1
    return frozenset(term for term, count in seen.items() if count == 1)


def needs_signature(key: ReportKey, row: Any) -> bool:
    """A report and a candidate of the days' query that both give no date: joined by their
    publication window alone, they must not share nothing (``merge._undated_apart``), which only
    the candidate's signature (its loaded row) tells."""
    return key.date is None and not key.background and bool(key.terms) and row.date is None and not carries_signature(row)


def carries_signature(row: Any) -> bool:
    """Whether a candidate row comes with its signature: a row of ``query`` (alone, or in the
    writer's candidate statement, marked ``SIGNED``)."""
    return hasattr(row, "merge_state") and getattr(row, "undated", SIGNED) == SIGNED
