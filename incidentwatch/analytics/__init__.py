"""Analytics: periods, the selection of incidents, tallies (``stats``) and the claims ledger.

Reads the database; never writes it. ``cli``, ``web``, ``report`` and ``exports`` build on it.
"""

from .periods import Granularity, Period, PeriodError, bucket_of, buckets, parse_day, parse_period
from .selection import Selection, SelectionError, apply, resolve_selection

__all__ = [
    "Granularity", "Period", "PeriodError", "Selection", "SelectionError", "apply", "bucket_of", "buckets", "parse_day",
    "parse_period", "resolve_selection",
]
