"""The supported window of dates: 1900-01-01 to 2100-12-31.

News about militancy in Pakistan and Afghanistan lies well inside it; a date outside it is a
typo, a hostile input or a computation gone astray ("9999 years ago"). Every date a stage or a
reader computes goes through ``window_date`` or ``in_window``: one outside the window is dropped
(``None``), never raised, so no ``OverflowError`` or "year 0 is out of range" reaches a batch.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

FIRST_YEAR, LAST_YEAR = 1900, 2100
DATE_MIN, DATE_MAX = date(FIRST_YEAR, 1, 1), date(LAST_YEAR, 12, 31)


def in_window(day: date | None) -> bool:
    return day is not None and DATE_MIN <= day <= DATE_MAX


def year_in_window(year: int | None) -> bool:
    return year is not None and FIRST_YEAR <= year <= LAST_YEAR


def window_date(year: int | None, month: int, day: int) -> date | None:
    """``date(year, month, day)`` if that is a real day inside the window, else ``None``."""
    if not year_in_window(year) or not 1 <= month <= 12:
        return None
    assert year is not None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def shift(day: date, days: int) -> date | None:
    """``day + days`` inside the window, else ``None`` (never an ``OverflowError``)."""
    if abs(days) > (DATE_MAX - DATE_MIN).days:
        return None
    try:
        moved = day + timedelta(days=days)
    except OverflowError:
        return None
    return moved if in_window(moved) else None
