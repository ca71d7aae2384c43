"""The figures of a selection per (time bucket, keys...): the one place that decides where they
are counted.

From a rollup (``rollup_tally``) when one holds every dimension and filter asked for (country,
province, district, event type, group, a victim-category filter) and no filter it lacks is set
(a minimum death toll, text), the time is not weeks, and a group filter is not grouped by group
(that shows the co-perpetrators of the group's incidents). Several values of a filter are summed
over the rollup's rows (``IN``) where an incident has one value of it (country, province,
district, type); several groups or victim categories are counted from the incidents, since a
rollup holds an incident once per group or category and would count one of two groups twice.
Else from the incidents
(``incident_tally``). The rollups hold whole months: a selection whose ends cut a month takes
those days from the incidents (a few weeks of them, through the date index) and the months
between from the rollup, added up key by key. Both give the same figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

from sqlalchemy.orm import Session

from ..store.tables import ROLLUP_BY_CATEGORY, ROLLUP_BY_GROUP
from .dimensions import Dimension
from .figures import Tally, accumulate
from .incident_tally import tally_incidents
from .periods import Granularity
from .rollup_tally import ROLLUP_DIMENSIONS, Months, tally_rollup
from .selection import Selection


def _needs(selection: Selection, keys: Sequence[Dimension]) -> set[Dimension]:
    """The dimensions a tally groups by, and those it filters on (a victim-category filter as
    CATEGORY: only a rollup by category holds it; grouping by category needs none)."""
    filters = {Dimension.COUNTRY: selection.country, Dimension.PROVINCE: selection.province,
               Dimension.DISTRICT: selection.district, Dimension.EVENT_TYPE: selection.event_type,
               Dimension.GROUP: selection.group, Dimension.CATEGORY: selection.category}
    return {k for k in keys if k is not Dimension.CATEGORY} | {d for d, values in filters.items() if values}


def choose_rollup(selection: Selection, time: Granularity | None, keys: Sequence[Dimension]) -> str | None:
    """The rollup that can answer this tally, or None (count the incidents).

    A rollup by group counts an incident once per group, so it answers only when the tally is
    by group or for one group; the one by victim category (once per category hit) only for a
    victim-category filter, which it then needs."""
    if time is Granularity.WEEK or selection.min_killed is not None or selection.text:
        return None
    if len(selection.group) > 1 or len(selection.category) > 1:
        return None  # a rollup row per group or category: an incident of two of them would count twice
    if selection.group and Dimension.GROUP in keys:
        return None  # a group's incidents by group: its co-perpetrators' rows too, which need each incident's groups
    needs = _needs(selection, keys)
    for name, dims in ROLLUP_DIMENSIONS.items():
        if (needs <= dims and (Dimension.GROUP in needs or name not in ROLLUP_BY_GROUP)
                and (Dimension.CATEGORY in needs) == (name in ROLLUP_BY_CATEGORY)):
            return name
    return None


def _month_end(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def split_months(selection: Selection, time: Granularity | None) -> tuple[Months | None, list[Selection]]:
    """The whole months of the selection's dates (None: there are none) and the selections of
    the days outside them, at either end."""
    start, end = selection.date_from, selection.date_to
    dated = time is not None or start is not None or end is not None
    first = start if start is None or start.day == 1 else _month_end(start) + timedelta(days=1)
    last = end if end is None or end == _month_end(end) else end.replace(day=1) - timedelta(days=1)
    if first is not None and last is not None and first > last:
        return None, [selection]  # no whole month inside: the days alone
    edges = []
    if first is not None and first != start:  # first is None exactly when start is
        edges.append(replace(selection, date_to=first - timedelta(days=1)))
    if last is not None and last != end:
        edges.append(replace(selection, date_from=last + timedelta(days=1)))
    months = Months(first=Months.key(first) if first else None, last=Months.key(last) if last else None, dated=dated)
    return months, edges


def tally(session: Session, selection: Selection, *, time: Granularity | None, keys: Sequence[Dimension],
          categories: bool, use_rollups: bool = True, estimate: str = "best") -> dict[tuple, Tally]:
    """The selection's figures per (time bucket, keys...); ``{(): ...}`` without either (nothing
    for a selection of no incident). ``use_rollups=False``: from the incidents alone, as is a
    ``low`` or ``high`` ``estimate`` (the rollups add up best)."""
    rollup = choose_rollup(selection, time, keys) if use_rollups and estimate == "best" else None
    if rollup is None:
        return tally_incidents(session, selection, time=time, keys=keys, categories=categories, estimate=estimate)
    months, edges = split_months(selection, time)
    parts = [tally_incidents(session, edge, time=time, keys=keys, categories=categories) for edge in edges]
    if months is not None:
        parts.append(tally_rollup(session, rollup, selection, months, time=time, keys=keys, categories=categories))
    out: dict[tuple, Tally] = {}
    for part in parts:
        for key, value in part.items():
            accumulate(out, key, value)
    return out
