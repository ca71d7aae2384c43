"""Tallies: incidents, killed and injured (in all and by victim category) of a selection, grouped
by period, place, type, group or victim category, with the change on the previous period and
each row's share of the total.

The database does the adding up: one ``GROUP BY`` for the rows, over a bucket expression for
the time dimension (a year, month or ISO-week start computed in SQL, so a million incidents
come back as a few hundred groups), plus small queries for the period before. Quarters and
years are finished here from month starts, so the same code serves SQLite and PostgreSQL.

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
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum

from sqlalchemy import Date, case, func, literal, or_, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from ..models import VictimCategory
from ..store.tables import Actor, Incident, IncidentPerpetrator
from .periods import Granularity, Period, aligned, bucket_of, buckets, range_period
from .selection import INJURED_COLUMN, KILLED_COLUMN, Selection, SelectionError, apply


class Dimension(StrEnum):
    YEAR = "year"
    QUARTER = "quarter"
    MONTH = "month"
    WEEK = "week"
    COUNTRY = "country"
    PROVINCE = "province"
    DISTRICT = "district"
    EVENT_TYPE = "event_type"
    GROUP = "group"
    CATEGORY = "category"

    @property
    def granularity(self) -> Granularity | None:
        return {Dimension.YEAR: Granularity.YEAR, Dimension.QUARTER: Granularity.QUARTER,
                Dimension.MONTH: Granularity.MONTH, Dimension.WEEK: Granularity.WEEK}.get(self)

    @property
    def partitions(self) -> bool:
        """Whether every incident has exactly one value of this dimension (so rows add up)."""
        return self not in (Dimension.GROUP, Dimension.CATEGORY)


DIMENSION_ALIASES = {
    "type": Dimension.EVENT_TYPE, "event type": Dimension.EVENT_TYPE, "event-type": Dimension.EVENT_TYPE,
    "victim category": Dimension.CATEGORY, "victim-category": Dimension.CATEGORY, "victim_category": Dimension.CATEGORY,
    "victims": Dimension.CATEGORY, "perpetrator": Dimension.GROUP, "admin1": Dimension.PROVINCE,
    "admin2": Dimension.DISTRICT,
}


class DimensionError(SelectionError, ValueError):
    """``--by`` names no dimension, or names two time dimensions or one twice."""


def parse_dimension(text: str) -> Dimension:
    """A dimension from what a user typed: ``quarter``, ``province``, ``type``, ``victim category``...

    Raises:
        DimensionError: the text names no dimension.
    """
    key = " ".join(text.strip().lower().split())
    if key in DIMENSION_ALIASES:
        return DIMENSION_ALIASES[key]
    try:
        return Dimension(key.replace(" ", "_").replace("-", "_"))
    except ValueError:
        known = ", ".join(d.value for d in Dimension)
        raise DimensionError("dimension", text, f"unknown; known: {known} (and type, victim category)") from None


def parse_dimensions(values: Iterable[Dimension | str]) -> tuple[Dimension, ...]:
    """The dimensions of a tally, checked: at most one time dimension, none twice.

    Raises:
        DimensionError: an unknown name, two time dimensions, or one given twice.
    """
    dims = tuple(v if isinstance(v, Dimension) else parse_dimension(v) for v in values)
    times = [d for d in dims if d.granularity]
    if len(times) > 1:
        raise DimensionError("dimensions", ", ".join(times), "at most one time dimension (year, quarter, month, week)")
    twice = sorted({d for d in dims if dims.count(d) > 1})
    if twice:
        raise DimensionError("dimension", twice[0].value, "given twice")
    return dims


UNKNOWN = "unknown"
UNATTRIBUTED = "unattributed"
UNSPECIFIED = "unspecified"
CATEGORIES = (*VictimCategory, UNSPECIFIED)


@dataclass(frozen=True)
class Figures:
    """What a set of incidents adds up to."""

    incidents: int = 0
    killed: int = 0
    killed_civilians: int = 0
    killed_security: int = 0
    killed_militants: int = 0
    killed_foreigners: int = 0
    injured: int = 0
    injured_civilians: int = 0
    injured_security: int = 0
    injured_militants: int = 0
    injured_foreigners: int = 0

    @property
    def killed_unspecified(self) -> int:
        known = self.killed_civilians + self.killed_security + self.killed_militants + self.killed_foreigners
        return max(0, self.killed - known)

    @property
    def injured_unspecified(self) -> int:
        known = self.injured_civilians + self.injured_security + self.injured_militants + self.injured_foreigners
        return max(0, self.injured - known)

    def killed_of(self, category: str) -> int:
        return getattr(self, f"killed_{category}")

    def injured_of(self, category: str) -> int:
        return getattr(self, f"injured_{category}")

    def __add__(self, other: Figures) -> Figures:
        return Figures(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(Figures)))

    def as_dict(self) -> dict[str, int]:
        out = {f.name: getattr(self, f.name) for f in fields(Figures)}
        out["killed_unspecified"] = self.killed_unspecified
        out["injured_unspecified"] = self.injured_unspecified
        return out


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


# --- SQL ---------------------------------------------------------------------------------------

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


def _aggregates() -> list:
    killed = [KILLED_COLUMN[c] for c in VictimCategory]
    injured = [INJURED_COLUMN[c] for c in VictimCategory]
    return [func.count(), _sum(Incident.killed_total), *map(_sum, killed), _sum(Incident.injured_total), *map(_sum, injured)]


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


def _district_label(district: str | None, province: str | None) -> str:
    if province is None:
        return district or UNKNOWN
    return f"{district or UNKNOWN} ({province})"


def is_unknown_label(label: str) -> bool:
    """Whether a row label stands for no known value: ``unknown``, ``unattributed``, ``unknown (Balochistan)``."""
    return label in (UNKNOWN, UNATTRIBUTED) or label.startswith(f"{UNKNOWN} (")


@dataclass(frozen=True)
class _Tally:
    """Figures of one group of a query, with its incidents per victim category."""

    figures: Figures
    by_category: tuple[int, ...] = (0,) * len(CATEGORIES)

    def __add__(self, other: _Tally) -> _Tally:
        return _Tally(self.figures + other.figures, tuple(a + b for a, b in zip(self.by_category, other.by_category, strict=True)))


_Key = tuple  # (Period?, label, ...): the time bucket first, then the other SQL keys in ``by`` order


def _tally(session: Session, selection: Selection, *, time: Granularity | None, keys: Sequence[Dimension],
           categories: bool) -> dict[_Key, _Tally]:
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
    aggregates = _aggregates() + (_category_counts() if categories else [])
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
    out: dict[_Key, _Tally] = {}
    n = len(columns)
    for row in session.execute(query):
        values = row[n:]
        tally = _Tally(Figures(*(int(v or 0) for v in values[:11])),
                       tuple(int(v or 0) for v in values[11:]) if categories else (0,) * len(CATEGORIES))
        if not n and tally.figures.incidents == 0:
            continue
        key: list = []
        i = 0
        if time:
            key.append(bucket_of(row[0], time))
            i = 1
        for d in keys:
            if d is Dimension.DISTRICT:
                key.append(_district_label(row[i + 1], row[i]))
                i += 2
            else:
                key.append(row[i] or (UNATTRIBUTED if d is Dimension.GROUP else UNKNOWN))
                i += 1
        k = tuple(key)
        out[k] = out[k] + tally if k in out else tally
    return out


def _split(tallies: dict[_Key, _Tally], categories: bool) -> dict[_Key, Figures]:
    """Figures per key; with ``categories``, per (key..., category) with the category's part."""
    if not categories:
        return {k: t.figures for k, t in tallies.items()}
    out: dict[_Key, Figures] = {}
    for key, tally in tallies.items():
        f = tally.figures
        for category, incidents in zip(CATEGORIES, tally.by_category, strict=True):
            if category == UNSPECIFIED:
                part = Figures(incidents=incidents, killed=f.killed_unspecified, injured=f.injured_unspecified)
            else:
                part = Figures(incidents=incidents, killed=f.killed_of(category), injured=f.injured_of(category),
                               **{f"killed_{category}": f.killed_of(category), f"injured_{category}": f.injured_of(category)})
            out[(*key, str(category))] = part
    return out


def _total(session: Session, selection: Selection, *, time: Granularity | None = None) -> Figures:
    return sum((t.figures for t in _tally(session, selection, time=time, keys=(), categories=False).values()), Figures())


# --- the tally ---------------------------------------------------------------------------------

def _period_of(selection: Selection) -> Period | None:
    if selection.date_from and selection.date_to:
        return aligned(range_period(selection.date_from, selection.date_to))
    return None


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def stats(session: Session, selection: Selection, by: Iterable[Dimension | str] = ()) -> StatsTable:
    """Tally ``selection`` grouped by the dimensions ``by`` (none: one total row).

    See the module docstring for what is counted where, the previous periods and the order.

    Raises:
        DimensionError: an unknown dimension, two time dimensions, or one given twice.
    """
    dims = parse_dimensions(by)
    time_dim = next((d for d in dims if d.granularity), None)
    time = time_dim.granularity if time_dim else None
    keys = [d for d in dims if d.granularity is None and d is not Dimension.CATEGORY]
    with_categories = Dimension.CATEGORY in dims
    period = _period_of(selection)

    def rows_of(sel: Selection) -> dict[_Key, _Tally]:
        return _tally(session, sel, time=time, keys=keys, categories=with_categories)

    now_tallies = rows_of(selection)
    now = _split(now_tallies, with_categories)

    # totals (per period too, for shares): added up from the rows unless an incident can be in two
    if Dimension.GROUP in keys:
        time_totals = {k: t.figures for k, t in _tally(session, selection, time=time, keys=(), categories=False).items()}
    else:
        time_totals = defaultdict(Figures)
        for k, t in now_tallies.items():
            time_totals[k[:1] if time else ()] += t.figures
    total = sum(time_totals.values(), Figures())

    previous_period = period.previous() if period is not None else None
    previous_selection = (replace(selection, date_from=previous_period.start, date_to=previous_period.last)
                          if previous_period is not None else None)
    previous_total = _total(session, previous_selection) if previous_selection is not None else None

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
    return StatsTable(by=dims, selection=selection, rows=rows, total=total, period=period,
                      previous_total=previous_total, previous_period=previous_period)


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
