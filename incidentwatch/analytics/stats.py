"""Tallies: incidents, killed and injured (in all and by victim category) of a selection, grouped
by period, place, type, group or victim category, with the change on the previous period and
each row's share of the total.

The database does the adding up (one ``GROUP BY`` per query, over indexed columns); periods are
rolled up here from per-day sums, so the same code serves SQLite and PostgreSQL and ISO weeks
need no SQL dialect. Counting rules:

- an incident counts once in every row it belongs to: an attack claimed by two groups is in both
  groups' rows (so group shares may add up to more than 100%), and a victim-category row counts
  the incidents in which that category was killed or injured;
- ``killed`` is everyone killed, militants included; the categories are disjoint, and what a
  report did not split is ``unspecified``;
- incidents without a date are left out of every tally with a period or a date filter;
- rejected incidents are never counted (see ``Selection``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum

from sqlalchemy import func, literal, or_, select
from sqlalchemy.orm import Session

from ..models import VictimCategory
from ..store.tables import Actor, Incident, IncidentPerpetrator
from .periods import Granularity, Period, bucket_of, buckets, parse_period, range_period
from .selection import INJURED_COLUMN, KILLED_COLUMN, Selection, apply


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

    def change(self, metric: str) -> Change | None:
        if self.previous is None:
            return None
        return Change.of(getattr(self.figures, metric), getattr(self.previous, metric))

    @property
    def label(self) -> str:
        return " / ".join(self.keys)


@dataclass(frozen=True)
class StatsTable:
    by: tuple[Dimension, ...]
    selection: Selection
    rows: list[StatsRow]
    total: Figures
    period: Period | None  # the selection's dates as a period, when it has both ends
    previous_total: Figures | None  # the same selection one period earlier

    def total_change(self, metric: str) -> Change | None:
        if self.previous_total is None:
            return None
        return Change.of(getattr(self.total, metric), getattr(self.previous_total, metric))

    def row(self, *keys: str) -> StatsRow | None:
        return next((r for r in self.rows if r.keys == keys), None)


def _sum(column):  # noqa: ANN001, ANN202 - SQLAlchemy column in, SQL expression out
    return func.coalesce(func.sum(func.coalesce(column, 0)), 0)


def _aggregates() -> list:
    killed = [KILLED_COLUMN[c] for c in VictimCategory]
    injured = [INJURED_COLUMN[c] for c in VictimCategory]
    return [func.count(Incident.id.distinct()), _sum(Incident.killed_total), *map(_sum, killed),
            _sum(Incident.injured_total), *map(_sum, injured)]


def _figures(values: Sequence) -> Figures:
    return Figures(*(int(v or 0) for v in values))


def _key_columns(dimension: Dimension) -> list:
    if dimension is Dimension.COUNTRY:
        return [func.coalesce(Incident.country, UNKNOWN)]
    if dimension is Dimension.PROVINCE:
        return [func.coalesce(Incident.admin1, UNKNOWN)]
    if dimension is Dimension.DISTRICT:
        return [func.coalesce(Incident.admin2, UNKNOWN), func.coalesce(Incident.admin1, UNKNOWN)]
    if dimension is Dimension.EVENT_TYPE:
        return [Incident.event_type]
    if dimension is Dimension.GROUP:
        return [func.coalesce(Actor.name, UNATTRIBUTED)]
    raise ValueError(dimension)


def _district_label(district: str, province: str) -> str:
    return district if district == UNKNOWN else f"{district} ({province})"


def _grouped(session: Session, selection: Selection, by: Sequence[Dimension], extra=None) -> dict[tuple, Figures]:  # noqa: ANN001
    """Figures per combination of keys (a day for the time dimension), by one query.

    The victim-category dimension is not grouped in SQL: it splits the figures afterwards.
    """
    time = next((d for d in by if d.granularity), None)
    place_dims = [d for d in by if not d.granularity and d is not Dimension.CATEGORY]
    keys: list = [Incident.date] if time else []
    for d in place_dims:
        keys.extend(_key_columns(d))
    query = select(*keys, *_aggregates()) if keys else select(literal(1), *_aggregates())
    if Dimension.GROUP in place_dims:
        query = (query.select_from(Incident)
                 .outerjoin(IncidentPerpetrator, IncidentPerpetrator.incident_id == Incident.id)
                 .outerjoin(Actor, Actor.id == IncidentPerpetrator.actor_id))
    query = apply(query, selection)
    if extra is not None:
        query = query.where(extra)
    if time or selection.date_from or selection.date_to:
        query = query.where(Incident.date.is_not(None))
    if keys:
        query = query.group_by(*keys)
    out: dict[tuple, Figures] = {}
    for row in session.execute(query):
        n = len(keys) if keys else 1
        raw_keys, values = tuple(row[:n]), row[n:]
        if not keys:
            raw_keys = ()
        labels: list = []
        i = 0
        if time:
            labels.append(raw_keys[0])
            i = 1
        for d in place_dims:
            if d is Dimension.DISTRICT:
                labels.append(_district_label(str(raw_keys[i]), str(raw_keys[i + 1])))
                i += 2
            else:
                labels.append(str(raw_keys[i]))
                i += 1
        key = tuple(labels)
        out[key] = out.get(key, Figures()) + _figures(values)
    return out


def _category_figures(figures: Figures, category: str) -> Figures:
    """The part of ``figures`` about one victim category (its incidents counted separately)."""
    if category == UNSPECIFIED:
        return Figures(killed=figures.killed_unspecified, injured=figures.injured_unspecified)
    return Figures(killed=figures.killed_of(category), injured=figures.injured_of(category),
                   **{f"killed_{category}": figures.killed_of(category), f"injured_{category}": figures.injured_of(category)})


def _category_incidents(session: Session, selection: Selection, by: Sequence[Dimension]) -> dict[tuple, int]:
    """Incidents per (other keys..., category) in which that category was killed or injured."""
    out: dict[tuple, int] = {}
    for category in VictimCategory:
        for key, figures in _grouped(session, replace(selection, category=category), by).items():
            out[(*key, category.value)] = figures.incidents
    for key, figures in _grouped(session, selection, by, extra=_unsplit()).items():
        out[(*key, UNSPECIFIED)] = figures.incidents
    return out


def _unsplit():  # noqa: ANN202 - SQL condition
    """Incidents whose killed or injured are not all split into categories."""
    def rest(total, columns):  # noqa: ANN001, ANN202
        return func.coalesce(total, 0) - sum((func.coalesce(c, 0) for c in columns), literal(0))

    return or_(rest(Incident.killed_total, KILLED_COLUMN.values()) > 0, rest(Incident.injured_total, INJURED_COLUMN.values()) > 0)


def _period_of(selection: Selection) -> Period | None:
    if selection.date_from and selection.date_to:
        return range_period(selection.date_from, selection.date_to)
    return None


def _aligned(period: Period) -> Period:
    """A range that is exactly one year, quarter, month or week becomes that period (so its
    previous period is the previous quarter, not the same number of days before)."""
    for granularity in (Granularity.YEAR, Granularity.QUARTER, Granularity.MONTH, Granularity.WEEK):
        bucket = bucket_of(period.start, granularity)
        if bucket.start == period.start and bucket.end == period.end:
            return bucket
    return period


def stats(session: Session, selection: Selection, by: Iterable[Dimension | str] = ()) -> StatsTable:
    """Tally ``selection`` grouped by the dimensions ``by`` (none: one total row).

    At most one time dimension (year, quarter, month or week) may be given. Time rows cover the
    selection's dates without gaps (empty periods have zero rows); each has the previous period's
    figures for the same other keys. Without a time dimension, when the selection has both dates,
    each row is compared with the same row in the period just before.
    """
    dims = tuple(Dimension(d) for d in by)
    times = [d for d in dims if d.granularity]
    if len(times) > 1:
        raise ValueError("at most one time dimension (year, quarter, month, week)")
    if len(set(dims)) != len(dims):
        raise ValueError("a dimension is given twice")
    time = times[0] if times else None
    period = _period_of(selection)
    if period is not None:
        period = _aligned(period)

    base = _grouped(session, selection, dims)
    cat_incidents = _category_incidents(session, selection, dims) if Dimension.CATEGORY in dims else {}

    # previous period of the whole selection
    previous_base: dict[tuple, Figures] = {}
    previous_selection = None
    if period is not None:
        before = period.previous()
        previous_selection = replace(selection, date_from=before.start, date_to=before.last)
    elif time is not None and base:
        first_day = min(k[0] for k in base)
        before = bucket_of(first_day, time.granularity).previous()
        previous_selection = replace(selection, date_from=before.start, date_to=before.last)
    if previous_selection is not None:
        previous_base = _grouped(session, previous_selection, dims)
    prev_cat_incidents = (_category_incidents(session, previous_selection, dims)
                          if previous_selection is not None and Dimension.CATEGORY in dims else {})

    def rollup(grouped: dict[tuple, Figures], cat_counts: dict[tuple, int]) -> dict[tuple, Figures]:
        rolled: dict[tuple, Figures] = defaultdict(Figures)
        for key, figures in grouped.items():
            labels = list(key)
            if time is not None:
                labels[0] = bucket_of(key[0], time.granularity).label
            if Dimension.CATEGORY in dims:
                for category in CATEGORIES:
                    part = _category_figures(figures, str(category))
                    rolled[(*labels, str(category))] += part
            else:
                rolled[tuple(labels)] += figures
        if Dimension.CATEGORY in dims:
            # incidents per category cannot be summed from figures: they were counted in SQL
            counts: dict[tuple, int] = defaultdict(int)
            for key, n in cat_counts.items():
                labels = list(key)
                if time is not None:
                    labels[0] = bucket_of(key[0], time.granularity).label
                counts[tuple(labels)] += n
            rolled = {k: replace(v, incidents=counts.get(k, 0)) for k, v in rolled.items()}
        return dict(rolled)

    now = rollup(base, cat_incidents)
    before = rollup(previous_base, prev_cat_incidents)

    # reorder keys to follow ``dims`` (time first in the grouped key, category last)
    order = ([time] if time else []) + [d for d in dims if not d.granularity and d is not Dimension.CATEGORY]
    if Dimension.CATEGORY in dims:
        order.append(Dimension.CATEGORY)
    position = [order.index(d) for d in dims]

    def reorder(key: tuple) -> tuple:
        return tuple(key[i] for i in position)

    total = _total(session, selection)
    previous_total = _total(session, previous_selection) if previous_selection is not None else None

    # time rows without gaps: every bucket of the selection's range, or of the data's range
    periods: list[Period] = []
    if time is not None:
        days = [k[0] for k in base]
        start = selection.date_from or (min(days) if days else None)
        end = selection.date_to or (max(days) if days else None)
        if start and end:
            periods = buckets(start, end, time.granularity)
        others = sorted({k[1:] for k in now}) or ([()] if not (set(dims) - {time}) else [])
        for p in periods:
            for rest in others:
                now.setdefault((p.label, *rest), Figures())

    by_label = {p.label: p for p in periods}
    rows: list[StatsRow] = []
    for key, figures in now.items():
        row_period = by_label.get(key[0]) if time is not None else None
        if time is not None:
            previous = _previous_bucket(key, now, before, time)
        elif previous_selection is not None:
            previous = before.get(key, Figures())
        else:
            previous = None
        share_base = total
        if Dimension.CATEGORY in dims:
            share_base = Figures(incidents=total.incidents, killed=total.killed, injured=total.injured)
        share = {m: _percent(getattr(figures, m), getattr(share_base, m)) for m in METRICS}
        rows.append(StatsRow(keys=reorder(key), figures=figures, period=row_period, previous=previous, share=share))
    if Dimension.CATEGORY in dims and len(dims) > 1:  # (type, category): no row for a category a type never hit
        rows = [r for r in rows if r.figures != Figures() or (r.previous is not None and r.previous != Figures())]
    rows.sort(key=lambda r: _sort_key(r, dims, by_label))
    return StatsTable(by=dims, selection=selection, rows=rows, total=total, period=period, previous_total=previous_total)


def _previous_bucket(key: tuple, now: dict[tuple, Figures], before: dict[tuple, Figures], time: Dimension) -> Figures:
    """The same other keys one bucket earlier: from this query's rows, or the query before the range."""
    label = key[0]
    start = parse_period(label).start
    prior = bucket_of(start, time.granularity).previous().label
    prior_key = (prior, *key[1:])
    if prior_key in now:
        return now[prior_key]
    return before.get(prior_key, Figures())


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def _total(session: Session, selection: Selection) -> Figures:
    query = apply(select(*_aggregates()), selection)
    if selection.date_from or selection.date_to:
        query = query.where(Incident.date.is_not(None))
    return _figures(session.execute(query).one())


def _sort_key(row: StatsRow, dims: tuple[Dimension, ...], periods: dict[str, Period]) -> tuple:
    """Time rows in calendar order; other rows by deaths, most first, then name."""
    parts: list = []
    for dim, key in zip(dims, row.keys, strict=True):
        if dim.granularity:
            period = periods.get(key)
            parts.append((0, period.start.toordinal() if period else 0, key))
        elif dim is Dimension.CATEGORY:
            parts.append((0, CATEGORIES.index(key) if key in CATEGORIES else 99, key))
        else:
            parts.append((1, 0, key))
    if not any(d.granularity for d in dims):
        return (-row.figures.killed, -row.figures.incidents, *parts)
    return tuple(parts)
