"""A tally read from the monthly rollups the database keeps (``store/rollups.py``): a few
thousand rows summed instead of every incident. ``tallies.tally`` decides when they can answer
and which one; this module only reads one, in whole months."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store.tables import ROLLUP_TABLES, ROLLUP_VALUES, Actor
from .dimensions import Dimension, key_labels
from .figures import CATEGORIES, Figures, Tally, accumulate
from .periods import Granularity, bucket_of
from .selection import Selection, matches

# what each rollup can group and filter by (its keys), in the order they are tried: the first
# that holds every dimension and filter a tally needs answers it
ROLLUP_DIMENSIONS = {
    "rollup_place": frozenset({Dimension.COUNTRY, Dimension.PROVINCE, Dimension.EVENT_TYPE}),
    "rollup_district": frozenset({Dimension.COUNTRY, Dimension.PROVINCE, Dimension.DISTRICT}),
    "rollup_group": frozenset({Dimension.COUNTRY, Dimension.PROVINCE, Dimension.GROUP}),
    "rollup_district_group": frozenset({Dimension.COUNTRY, Dimension.PROVINCE, Dimension.DISTRICT, Dimension.GROUP}),
    # only with a victim-category filter (an incident is in it once per category it hit)
    "rollup_category_group": frozenset({Dimension.COUNTRY, Dimension.PROVINCE, Dimension.GROUP, Dimension.CATEGORY}),
}


@dataclass(frozen=True)
class Months:
    """Whole months, as a rollup keys them (year * 100 + month), both ends inclusive; None: open.
    ``dated``: leave out the undated incidents (month 0)."""

    first: int | None = None
    last: int | None = None
    dated: bool = False

    @staticmethod
    def key(day: date) -> int:
        return day.year * 100 + day.month


def _columns(table, dimension: Dimension) -> list:  # noqa: ANN001 - a rollup Table
    if dimension is Dimension.COUNTRY:
        return [table.c.country]
    if dimension is Dimension.PROVINCE:
        return [table.c.admin1]
    if dimension is Dimension.DISTRICT:
        return [table.c.admin1, table.c.admin2]
    if dimension is Dimension.EVENT_TYPE:
        return [table.c.event_type]
    if dimension is Dimension.GROUP:
        return [table.c.actor_id]  # named after the sums: joining a million-row rollup to the actors first is slower
    raise ValueError(dimension)


def tally_rollup(session: Session, rollup: str, selection: Selection, months: Months, *, time: Granularity | None,
                 keys: Sequence[Dimension], categories: bool) -> dict[tuple, Tally]:
    """The selection's figures in ``months`` per (time bucket, keys...), from ``rollup``; the
    selection's own dates are ignored (``months`` stands for them)."""
    table = ROLLUP_TABLES[rollup]
    columns = [table.c.month] if time else []
    for d in keys:
        columns.extend(_columns(table, d))
    query = select(*columns, *(func.sum(table.c[v]) for v in ROLLUP_VALUES)).select_from(table)
    s = selection
    conditions = []
    if not s.include_rejected:
        conditions.append(table.c.rejected == 0)
    if months.dated:
        conditions.append(table.c.month > 0)
    if months.first is not None:
        conditions.append(table.c.month >= months.first)
    if months.last is not None:
        conditions.append(table.c.month <= months.last)
    # several values of a place or a type: their rows summed (an incident has one of each); the
    # chooser sends several groups or categories to the incidents instead
    if s.country:
        conditions.append(matches(table.c.country, s.country))
    if s.province:
        conditions.append(matches(table.c.admin1, s.province))
    if s.district:
        conditions.append(matches(table.c.admin2, s.district))
    if s.event_type:
        conditions.append(matches(table.c.event_type, [t.value for t in s.event_type]))
    if s.group:
        conditions.append(table.c.actor_id.in_(select(Actor.id).where(matches(Actor.name, s.group))))
    if s.category:
        conditions.append(matches(table.c.category, [c.value for c in s.category]))
    query = query.where(*conditions)
    if columns:
        query = query.group_by(*columns)

    names = dict(session.execute(select(Actor.id, Actor.name)).all()) if Dimension.GROUP in keys else {}
    out: dict[tuple, Tally] = {}
    n = len(columns)
    for row in session.execute(query):
        values = [int(v or 0) for v in row[n:]]
        if values[0] == 0:  # no incident (a rollup keeps rows that every incident left)
            continue
        tally = Tally(Figures(*values[:11]), tuple(values[11:]) if categories else (0,) * len(CATEGORIES))
        bucket = [bucket_of(date(row[0] // 100, row[0] % 100, 1), time)] if time else []
        accumulate(out, (*bucket, *key_labels(keys, row[len(bucket):n], names.get)), tally)  # actor 0: no name
    return out
