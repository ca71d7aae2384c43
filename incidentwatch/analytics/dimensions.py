"""The dimensions a tally is grouped by (``--by``): a time (year, quarter, month, week), a
place (country, province, district), the event type, the perpetrator group, the victim
category; and the names users type for them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum

from .figures import UNATTRIBUTED, UNKNOWN, district_label
from .periods import Granularity
from .selection import SelectionError


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


def key_labels(keys: Sequence[Dimension], values: Sequence, group_name: Callable = lambda v: v) -> list[str]:
    """The row labels of a query's key columns, in ``keys`` order (a district has two columns,
    province then district); ``group_name`` turns a group column into its name."""
    labels: list[str] = []
    i = 0
    for d in keys:
        if d is Dimension.DISTRICT:
            labels.append(district_label(values[i + 1], values[i]))
            i += 2
        elif d is Dimension.GROUP:
            labels.append(group_name(values[i]) or UNATTRIBUTED)
            i += 1
        else:
            labels.append(values[i] or UNKNOWN)
            i += 1
    return labels
