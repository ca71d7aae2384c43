"""A tally over the ``incidents`` table itself: one ``GROUP BY`` for the rows, over a bucket
expression for the time dimension (a year, month or ISO-week start computed in SQL, so a
million incidents come back as a few hundred groups). Quarters and years are finished in
Python from month starts, so the same code serves SQLite and PostgreSQL.

``tallies.tally`` calls this where the rollups cannot answer (a text or death-toll filter,
weeks, the days at the ends of a range that cut a month), and the tests check the rollups
against it.

Estimates (``stats --estimate``): ``best`` adds up the incidents' tolls as stored (best victims
plus best militants, with the best report's split). ``low`` and ``high`` add up each incident's
low or high victims plus its low or high militants, and low or high injured; their split is
militants only (the rest is unspecified: no one report gives a low split). An incident without
estimates (loaded in bulk) counts its toll as it stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Date, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from ..models import VictimCategory
from ..store.tables import Actor, Incident, IncidentPerpetrator
from .dimensions import Dimension, key_labels
from .figures import CATEGORIES, Figures, Tally, accumulate
from .periods import Granularity, bucket_of
from .selection import INJURED_COLUMN, KILLED_COLUMN, Selection, apply


class _BucketDay(FunctionElement):
    """A day inside the date's bucket, as coarse as SQL makes cheap: rows group in SQL and the
    exact bucket is finished in Python with ``bucket_of`` (which any day of the bucket gives)."""

    type = Date()
    inherit_cache = True


class _YearStart(_BucketDay):
    name = "iw_year_start"
    inherit_cache = True


class _MonthStart(_BucketDay):  # also serves quarters: three month starts make a quarter
    name = "iw_month_start"
    inherit_cache = True


class _WeekStart(_BucketDay):
    name = "iw_week_start"
    inherit_cache = True


@compiles(_BucketDay)
def _bucket_day_default(element, compiler, **kw):  # noqa: ANN001, ANN202 - any other database: by day
    return compiler.process(list(element.clauses)[0], **kw)


@compiles(_YearStart, "sqlite")
def _year_sqlite(element, compiler, **kw):  # noqa: ANN001, ANN202 - dates are stored as 'YYYY-MM-DD'
    return f"(substr({compiler.process(list(element.clauses)[0], **kw)}, 1, 4) || '-01-01')"


@compiles(_MonthStart, "sqlite")
def _month_sqlite(element, compiler, **kw):  # noqa: ANN001, ANN202
    return f"(substr({compiler.process(list(element.clauses)[0], **kw)}, 1, 7) || '-01')"


@compiles(_WeekStart, "sqlite")
def _week_sqlite(element, compiler, **kw):  # noqa: ANN001, ANN202 - the Monday on or before the day
    return f"date({compiler.process(list(element.clauses)[0], **kw)}, '-6 days', 'weekday 1')"


def _pg_trunc(unit: str):  # noqa: ANN202
    def compile_(element, compiler, **kw):  # noqa: ANN001, ANN202
        return f"CAST(date_trunc('{unit}', {compiler.process(list(element.clauses)[0], **kw)}) AS DATE)"
    return compile_


compiles(_YearStart, "postgresql")(_pg_trunc("year"))
compiles(_MonthStart, "postgresql")(_pg_trunc("month"))
compiles(_WeekStart, "postgresql")(_pg_trunc("week"))  # ISO weeks start on Monday

_BUCKET_SQL = {Granularity.YEAR: _YearStart, Granularity.QUARTER: _MonthStart, Granularity.MONTH: _MonthStart,
               Granularity.WEEK: _WeekStart}


def _sum(column):  # noqa: ANN001, ANN202 - SQLAlchemy column in, SQL expression out
    return func.coalesce(func.sum(column), 0)


ESTIMATES = ("low", "best", "high")


def _aggregates(estimate: str = "best") -> list:
    killed: list[Any]
    injured: list[Any]
    if estimate == "best":
        killed = [KILLED_COLUMN[c] for c in VictimCategory]
        injured = [INJURED_COLUMN[c] for c in VictimCategory]
        return [func.count(), _sum(Incident.killed_total), *map(_sum, killed), _sum(Incident.injured_total),
                *map(_sum, injured)]
    # an incident without estimates (loaded in bulk, say) counts its toll as it stands
    victims = func.coalesce(getattr(Incident, f"killed_{estimate}"),
                            Incident.killed_total - func.coalesce(Incident.killed_militants, 0), 0)
    militants = func.coalesce(getattr(Incident, f"militants_{estimate}"), Incident.killed_militants)
    killed = [militants if c is VictimCategory.MILITANTS else literal(0) for c in VictimCategory]
    injured_now = func.coalesce(getattr(Incident, f"injured_{estimate}"), Incident.injured_total)
    return [func.count(), _sum(victims + func.coalesce(militants, 0)), *map(_sum, killed), _sum(injured_now),
            *(_sum(literal(0)) for _ in VictimCategory)]


def _unsplit():  # noqa: ANN202 - SQL condition
    """Incidents whose killed or injured are not all split into categories."""
    def rest(total, columns):  # noqa: ANN001, ANN202
        return func.coalesce(total, 0) - sum((func.coalesce(c, 0) for c in columns), literal(0))

    return or_(rest(Incident.killed_total, KILLED_COLUMN.values()) > 0, rest(Incident.injured_total, INJURED_COLUMN.values()) > 0)


def _category_counts() -> list:
    """Per category (``CATEGORIES`` order), the incidents in which it was killed or injured."""
    hit = [or_(KILLED_COLUMN[c] > 0, INJURED_COLUMN[c] > 0) for c in VictimCategory] + [_unsplit()]
    return [func.coalesce(func.sum(case((condition, 1), else_=0)), 0) for condition in hit]


def _key_columns(dimension: Dimension) -> list:
    if dimension is Dimension.COUNTRY:
        return [Incident.country]
    if dimension is Dimension.PROVINCE:
        return [Incident.admin1]
    if dimension is Dimension.DISTRICT:  # in the order of ix_incidents_tally_place, so SQLite groups without sorting
        return [Incident.admin1, Incident.admin2]
    if dimension is Dimension.EVENT_TYPE:
        return [Incident.event_type]
    if dimension is Dimension.GROUP:
        return [Actor.name]
    raise ValueError(dimension)


def tally_incidents(session: Session, selection: Selection, *, time: Granularity | None, keys: Sequence[Dimension],
           categories: bool, estimate: str = "best") -> dict[tuple, Tally]:
    """One query: the selection's figures per (time bucket, keys...); {(): ...} without keys."""
    columns: list = []
    if time and not keys and session.get_bind().dialect.name == "sqlite":
        # SQLite sorts to group by an expression, but streams a GROUP BY on the leading column of
        # ix_incidents_tally_date: a few thousand days come back and are rolled up here
        columns.append(Incident.date)
    elif time:
        columns.append(_BUCKET_SQL[time](Incident.date))
    for d in keys:
        columns.extend(_key_columns(d))
    aggregates = _aggregates(estimate) + (_category_counts() if categories else [])
    query = select(*columns, *aggregates)
    if Dimension.GROUP in keys:
        query = (query.select_from(Incident)
                 .outerjoin(IncidentPerpetrator, IncidentPerpetrator.incident_id == Incident.id)
                 .outerjoin(Actor, Actor.id == IncidentPerpetrator.actor_id))
    query = apply(query, selection)
    if time:
        query = query.where(Incident.date.is_not(None))
    if columns:
        query = query.group_by(*columns)
    out: dict[tuple, Tally] = {}
    n = len(columns)
    for row in session.execute(query):
        values = row[n:]
        tally = Tally(Figures(*(int(v or 0) for v in values[:11])),
                       tuple(int(v or 0) for v in values[11:]) if categories else (0,) * len(CATEGORIES))
        if not n and tally.figures.incidents == 0:
            continue
        bucket = [bucket_of(row[0], time)] if time else []
        accumulate(out, (*bucket, *key_labels(keys, row[len(bucket):n])), tally)
    return out
