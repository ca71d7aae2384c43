"""Tallies: incidents, killed and injured (in all and by victim category) of a selection, grouped
by period, place, type, group or victim category, with the change on the previous period and
each row's share of the total.

The database does the adding up (``tallies.tally``): from the monthly rollups the database
keeps (``store/rollups.py``) wherever they can answer, else with one ``GROUP BY`` over the
incidents; small queries more give the period before. ``use_rollups=False`` reads the incidents
alone: the same figures, which the tests check.

Counting rules:

- an incident counts once in every row it belongs to: an attack claimed by two groups is in both
  groups' rows (group shares may add up to more than 100%; the total counts it once), one no
  group is named for is ``unattributed``;
- ``killed`` is everyone killed, militants included; the categories are disjoint, and what a
  report did not split is ``unspecified`` (the total minus the known split);
- a victim-category row counts the incidents in which that category was killed or injured
  (``unspecified``: incidents whose toll is not wholly split), so its incidents may add up to
  more than the total; its killed and injured add up to the total's;
- a district row is labelled with its province, ``Bannu (Khyber Pakhtunkhwa)``;
- incidents without a date are left out of every tally with a time dimension or a date filter;
- rejected incidents are never counted (see ``Selection``).

Rows:

- time rows cover the selection's dates (or the data's, without dates) with no gaps: an empty
  period is a row of zeros; each is compared with the period before it (the first one with the
  period before the selection, when the selection has a start; without one the database holds
  nothing earlier and ``previous`` is None). A period the selection covers only in part is
  ``partial``;
- other rows are compared with the same row in the period before the selection's, when the
  selection has both a start and an end; a row that had incidents then and none now is shown
  with zeros;
- shares are of the total of the row's period when there is a time dimension and another one
  (``KP`` of 2024Q2's deaths), else of the whole table's total;
- order: time in calendar order, categories in their fixed order, other keys by deaths (most
  first), then incidents, then name, with ``unknown`` and ``unattributed`` last.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from .dimensions import DIMENSION_ALIASES, Dimension, DimensionError, parse_dimension, parse_dimensions
from .figures import CATEGORIES, UNATTRIBUTED, UNKNOWN, UNSPECIFIED, Figures, Tally, is_unknown_label
from .periods import Granularity, Period, aligned, buckets, range_period
from .selection import Selection
from .tallies import tally
from .undated import count_undated

__all__ = ["CATEGORIES", "DIMENSION_ALIASES", "METRICS", "UNATTRIBUTED", "UNKNOWN", "UNSPECIFIED", "Change", "Dimension",
           "DimensionError", "Figures", "StatsRow", "StatsTable", "is_unknown_label", "parse_dimension", "parse_dimensions",
           "stats"]

METRICS = ("incidents", "killed", "injured")


@dataclass(frozen=True)
class Change:
    """A row against the same row of the previous period: ``delta`` in numbers, ``percent``
    (None when the previous figure was 0)."""

    previous: int
    delta: int
    percent: float | None

    @classmethod
    def of(cls, now: int, before: int) -> Change:
        return cls(previous=before, delta=now - before, percent=None if before == 0 else 100.0 * (now - before) / before)


@dataclass(frozen=True)
class StatsRow:
    keys: tuple[str, ...]  # one label per dimension of ``by``: "2024Q2", "Balochistan", ...
    figures: Figures
    period: Period | None = None  # the row's period, when ``by`` has a time dimension
    previous: Figures | None = None  # the same row one period earlier, when there is one
    share: dict[str, float | None] = field(default_factory=dict)  # metric -> percent of the total
    partial: bool = False  # the selection covers only part of ``period``

    def change(self, metric: str) -> Change | None:
        if self.previous is None:
            return None
        return Change.of(getattr(self.figures, metric), getattr(self.previous, metric))

    @property
    def label(self) -> str:
        return " / ".join(self.keys)

    def as_dict(self, by: Sequence[Dimension]) -> dict:
        """The row as JSON-ready data: keys by dimension, figures, previous figures, change, share."""
        return {
            "keys": {str(d): k for d, k in zip(by, self.keys, strict=True)},
            "period": _period_dict(self.period), "partial": self.partial,
            "figures": self.figures.as_dict(),
            "previous": self.previous.as_dict() if self.previous is not None else None,
            "change": _changes(self.change),
            "share": dict(self.share),
        }


@dataclass(frozen=True)
class StatsTable:
    by: tuple[Dimension, ...]
    selection: Selection
    rows: list[StatsRow]
    total: Figures
    period: Period | None  # the selection's dates as a period, when it has both ends
    previous_total: Figures | None  # the same selection one period earlier
    previous_period: Period | None = None  # the period ``previous_total`` covers
    # incidents that match but for the dates and have none: in no period (None: no dates asked for)
    undated: int | None = None
    preset: str | None = None  # the counting preset the figures follow (analytics.preset_stats); None: our own rules

    def total_change(self, metric: str) -> Change | None:
        if self.previous_total is None:
            return None
        return Change.of(getattr(self.total, metric), getattr(self.previous_total, metric))

    def row(self, *keys: str) -> StatsRow | None:
        return next((r for r in self.rows if r.keys == keys), None)

    @property
    def time(self) -> Dimension | None:
        """The time dimension of ``by``, if any."""
        return next((d for d in self.by if d.granularity), None)

    @property
    def is_empty(self) -> bool:
        """No incident matches the selection."""
        return self.total.incidents == 0

    def as_dict(self) -> dict:
        """The table as JSON-ready data (``stats --format json`` prints it)."""
        return {
            "by": [str(d) for d in self.by],
            "selection": self.selection.as_dict(),
            "description": self.selection.describe(),
            "period": _period_dict(self.period),
            "previous_period": _period_dict(self.previous_period),
            "total": self.total.as_dict(),
            "previous_total": self.previous_total.as_dict() if self.previous_total is not None else None,
            "change": _changes(self.total_change),
            "rows": [r.as_dict(self.by) for r in self.rows],
            "undated": self.undated,
            "preset": self.preset,
        }


def _period_dict(period: Period | None) -> dict | None:
    if period is None:
        return None
    return {"label": period.label, "start": period.start.isoformat(), "end": period.last.isoformat()}


def _changes(change_of) -> dict | None:  # noqa: ANN001 - StatsRow.change or StatsTable.total_change
    changes = {m: change_of(m) for m in METRICS}
    if all(c is None for c in changes.values()):
        return None
    return {m: {"previous": c.previous, "delta": c.delta, "percent": c.percent} for m, c in changes.items() if c is not None}


_Key = tuple  # (Period?, label, ...): the time bucket first, then the other keys in ``by`` order


def _split(tallies: dict[_Key, Tally], categories: bool) -> dict[_Key, Figures]:
    """Figures per key; with ``categories``, per (key..., category) with the category's part."""
    if not categories:
        return {k: t.figures for k, t in tallies.items()}
    out: dict[_Key, Figures] = {}
    for key, counted in tallies.items():
        f = counted.figures
        for category, incidents in zip(CATEGORIES, counted.by_category, strict=True):
            if category == UNSPECIFIED:
                part = Figures(incidents=incidents, killed=f.killed_unspecified, injured=f.injured_unspecified)
            else:
                part = Figures(incidents=incidents, killed=f.killed_of(category), injured=f.injured_of(category),
                               **{f"killed_{category}": f.killed_of(category), f"injured_{category}": f.injured_of(category)})
            out[(*key, str(category))] = part
    return out


# --- the tally ---------------------------------------------------------------------------------

def _period_of(selection: Selection) -> Period | None:
    if selection.date_from and selection.date_to:
        return aligned(range_period(selection.date_from, selection.date_to))
    return None


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def stats(session: Session, selection: Selection, by: Iterable[Dimension | str] = (), *,
          use_rollups: bool = True) -> StatsTable:
    """Tally ``selection`` grouped by the dimensions ``by`` (none: one total row).

    See the module docstring for what is counted where, the previous periods and the order.
    ``use_rollups=False`` counts from the incidents alone (slower over many; the same figures).

    Raises:
        DimensionError: an unknown dimension, two time dimensions, or one given twice.
    """
    dims = parse_dimensions(by)
    time_dim = next((d for d in dims if d.granularity), None)
    time = time_dim.granularity if time_dim else None
    keys = [d for d in dims if d.granularity is None and d is not Dimension.CATEGORY]
    with_categories = Dimension.CATEGORY in dims
    period = _period_of(selection)

    def count(sel: Selection, *, time: Granularity | None, keys: Sequence[Dimension] = (),
              categories: bool = False) -> dict[_Key, Tally]:
        return tally(session, sel, time=time, keys=keys, categories=categories, use_rollups=use_rollups)

    def rows_of(sel: Selection) -> dict[_Key, Tally]:
        return count(sel, time=time, keys=keys, categories=with_categories)

    def total_of(sel: Selection) -> Figures:
        return sum((t.figures for t in count(sel, time=None).values()), Figures())

    now_tallies = rows_of(selection)
    now = _split(now_tallies, with_categories)

    # totals (per period too, for shares): added up from the rows unless an incident can be in two
    if Dimension.GROUP in keys:
        time_totals = {k: t.figures for k, t in count(selection, time=time).items()}
    else:
        time_totals = defaultdict(Figures)
        for k, t in now_tallies.items():
            time_totals[k[:1] if time else ()] += t.figures
    total = sum(time_totals.values(), Figures())

    previous_period = period.previous() if period is not None else None
    previous_selection = (replace(selection, date_from=previous_period.start, date_to=previous_period.last)
                          if previous_period is not None else None)
    previous_total = total_of(previous_selection) if previous_selection is not None else None

    # which combinations of the other keys get a row
    everything = [(str(c),) for c in CATEGORIES] if with_categories and not keys else None

    def combos(*tables: dict[_Key, Figures]) -> list[tuple]:
        if everything is not None:
            return everything
        if not keys and not with_categories:
            return [()]
        found = {k[1:] if time else k for table in tables for k, f in table.items() if f.incidents > 0}
        return sorted(found)

    rows: list[StatsRow] = []
    if time:
        periods = sorted(k[0] for k in now)
        start = selection.date_from or (periods[0].start if periods else None)
        end = selection.date_to or (periods[-1].last if periods else None)
        row_periods = buckets(start, end, time) if start and end else []
        prior: dict[_Key, Figures] = {}
        if selection.date_from is not None and row_periods:
            first = row_periods[0].previous()
            prior = _split(rows_of(replace(selection, date_from=first.start, date_to=first.last)), with_categories)
        for index, p in enumerate(row_periods):
            base = time_totals.get((p,), Figures()) if (keys or with_categories) else total
            for rest in combos(now, prior):
                figures = now.get((p, *rest), Figures())
                if index:
                    previous: Figures | None = now.get((row_periods[index - 1], *rest), Figures())
                elif selection.date_from is not None:
                    previous = prior.get((p.previous(), *rest), Figures())
                else:
                    previous = None  # the database holds nothing earlier
                partial = bool((selection.date_from and p.start < selection.date_from)
                               or (selection.date_to and p.last > selection.date_to))
                rows.append(StatsRow(keys=(p.label, *rest), figures=figures, period=p, previous=previous,
                                     share=_shares(figures, base), partial=partial))
    else:
        before = _split(rows_of(previous_selection), with_categories) if previous_selection is not None else {}
        for key in combos(now, before):
            figures = now.get(key, Figures())
            previous = before.get(key, Figures()) if previous_selection is not None else None
            rows.append(StatsRow(keys=key, figures=figures, previous=previous, share=_shares(figures, total)))

    # internal keys are (time, other keys..., category); ``by`` may order them otherwise
    internal = ([time_dim] if time_dim else []) + keys + ([Dimension.CATEGORY] if with_categories else [])
    position = [internal.index(d) for d in dims]
    if position != list(range(len(dims))):
        rows = [replace(r, keys=tuple(r.keys[i] for i in position)) for r in rows]
    rows.sort(key=_sorter(rows, dims))
    dated = bool(time or selection.date_from or selection.date_to)
    return StatsTable(by=dims, selection=selection, rows=rows, total=total, period=period,
                      previous_total=previous_total, previous_period=previous_period,
                      undated=count_undated(session, selection) if dated else None)


def _shares(figures: Figures, base: Figures) -> dict[str, float | None]:
    return {m: _percent(getattr(figures, m), getattr(base, m)) for m in METRICS}


def _sorter(rows: list[StatsRow], dims: tuple[Dimension, ...]):  # noqa: ANN202 - a sort key function
    """Time in calendar order, categories in their order, other keys by deaths, then incidents."""
    weight: list[dict[str, tuple[int, int]]] = [defaultdict(lambda: (0, 0)) for _ in dims]
    for row in rows:
        for i, key in enumerate(row.keys):
            killed, incidents = weight[i][key]
            weight[i][key] = (killed + row.figures.killed, incidents + row.figures.incidents)

    def sort_key(row: StatsRow) -> tuple:
        parts: list = []
        for i, (dim, key) in enumerate(zip(dims, row.keys, strict=True)):
            if dim.granularity:
                parts.append((0, row.period.start.toordinal() if row.period else 0, 0, key))
            elif dim is Dimension.CATEGORY:
                parts.append((0, CATEGORIES.index(key), 0, key))
            else:
                killed, incidents = weight[i][key]
                parts.append((int(is_unknown_label(key)), -killed, -incidents, key))
        return tuple(parts)

    return sort_key
