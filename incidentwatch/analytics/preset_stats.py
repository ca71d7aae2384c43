"""``stats`` counted the way a monitor counts (``stats --preset crss``, ``/api/stats?preset=``).

The tally is taken once per event type the preset counts (``presets.CountingPreset.event_types``)
and the tables are added up row by row: figures, previous figures, partial periods; shares are
worked out again over the added totals. With ``perpetrators_killed: false`` the militants are
taken out of ``killed``. An event-type filter the preset does not count is refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from sqlalchemy.orm import Session

from .dimensions import Dimension
from .figures import Figures
from .presets import CountingPreset
from .selection import Selection, SelectionError
from .stats import StatsRow, StatsTable, _shares, _sorter, stats


def _adjust(figures: Figures, preset: CountingPreset) -> Figures:
    if preset.perpetrators_killed:
        return figures
    return replace(figures, killed=figures.killed - figures.killed_militants)


def _add(a: Figures | None, b: Figures | None) -> Figures | None:
    if a is None:
        return b
    return a if b is None else a + b


def preset_stats(session: Session, selection: Selection, by: Iterable[Dimension | str], preset: CountingPreset, *,
                 estimate: str = "best") -> StatsTable:
    """``stats(session, selection, by)`` over the event types ``preset`` counts.

    Raises:
        SelectionError: the selection's event type is one the preset does not count.
        DimensionError: as ``stats``.
    """
    if selection.event_type:
        for t in selection.event_type:
            if not preset.counts_type(t.value):
                raise SelectionError("type", t.value, f"the {preset.name} preset does not count this type")
        types = list(selection.event_type)
    else:
        types = list(preset.event_types)
    tables = [stats(session, replace(selection, event_type=(t,)), by, estimate=estimate) for t in types]
    first = tables[0]
    merged: dict[tuple, StatsRow] = {}
    for table in tables:
        for row in table.rows:
            known = merged.get(row.keys)
            if known is None:
                merged[row.keys] = replace(row, share={})
            else:
                merged[row.keys] = replace(known, figures=known.figures + row.figures,
                                           previous=_add(known.previous, row.previous), partial=known.partial or row.partial)
    rows = [replace(r, figures=_adjust(r.figures, preset),
                    previous=None if r.previous is None else _adjust(r.previous, preset)) for r in merged.values()]
    # the total: each type's total once (a group or category row may hold an incident twice)
    total = _adjust(sum((t.total for t in tables), Figures()), preset)
    previous_total = None
    if first.previous_total is not None:
        previous_total = _adjust(sum((t.previous_total for t in tables if t.previous_total is not None), Figures()), preset)
    time = first.time
    if time is not None and len(first.by) > 1:
        # each period's total, counted by time alone: an incident in two groups' rows counts once
        position = first.by.index(time)
        per_period: dict[str, Figures] = defaultdict(Figures)
        for t in types:
            for r in stats(session, replace(selection, event_type=(t,)), [time], estimate=estimate).rows:
                per_period[r.keys[0]] += r.figures
        per_period = {k: _adjust(v, preset) for k, v in per_period.items()}
        rows = [replace(r, share=_shares(r.figures, per_period.get(r.keys[position], Figures()))) for r in rows]
    else:
        rows = [replace(r, share=_shares(r.figures, total)) for r in rows]
    rows.sort(key=_sorter(rows, first.by))
    return StatsTable(by=first.by, selection=selection, rows=rows, total=total, period=first.period,
                      previous_total=previous_total, previous_period=first.previous_period, preset=preset.key,
                      estimate=estimate,
                      undated=None if first.undated is None else sum(t.undated or 0 for t in tables))
