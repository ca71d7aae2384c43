"""How each watched source is doing, from the database alone (``watch --status``, ``/api/health``):
last poll, last new article, errors in a row, the lag from publication to storage, and flags:

- ``silent``: no new article for longer than three times the source's usual gap between
  articles (the median of its last 20) plus one poll interval (a day, while it has fewer than
  three articles);
- ``failing``: three errors in a row or more;
- ``stale``: not polled for three intervals (the watcher is not running, or stuck).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from statistics import median

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store.tables import Article, WatchEntry, WatchSource
from .state import now_utc

RHYTHM_SAMPLE = 20
SILENT_FACTOR = 3.0
FAILING_ERRORS = 3
STALE_INTERVALS = 3.0
UNKNOWN_RHYTHM_S = 24 * 3600.0  # a source with fewer than three articles is expected to give one a day


@dataclass
class SourceHealth:
    """One source ``incidentwatch watch`` polls, as ``/api/health`` and ``watch --status`` show it."""

    name: str
    url: str
    kind: str
    interval_s: float
    last_poll_at: datetime | None
    last_status: str | None
    last_new_at: datetime | None
    errors_in_row: int
    last_error: str | None
    lag_s: float | None  # publication to storage, of the last article stored
    articles: int
    rhythm_s: float | None  # the usual gap between its articles
    silent: bool
    failing: bool
    stale: bool

    def as_json(self) -> dict:
        out = asdict(self)
        for key in ("last_poll_at", "last_new_at"):
            out[key] = out[key].isoformat() + "Z" if out[key] else None
        return out


def _rhythm(times: list[datetime]) -> float | None:
    if len(times) < 3:
        return None
    ordered = sorted(times)
    return median((b - a).total_seconds() for a, b in zip(ordered, ordered[1:], strict=False))


def source_health(session: Session, now: datetime | None = None) -> list[SourceHealth]:
    now = now or now_utc()
    out = []
    for row in session.scalars(select(WatchSource).order_by(WatchSource.name, WatchSource.url)):
        times = list(session.scalars(
            select(WatchEntry.stored_at).where(WatchEntry.source_id == row.id, WatchEntry.stored_at.is_not(None),
                                               WatchEntry.state == "stored")
            .order_by(WatchEntry.stored_at.desc()).limit(RHYTHM_SAMPLE)))
        rhythm = _rhythm([t for t in times if t is not None])
        expected = SILENT_FACTOR * rhythm + row.interval_s if rhythm is not None else UNKNOWN_RHYTHM_S
        if row.last_new_at is not None:
            silent = (now - row.last_new_at).total_seconds() > expected
        else:  # nothing ever: silent once it has been polled for longer than a day
            silent = row.polls * row.interval_s > UNKNOWN_RHYTHM_S
        stale = row.last_poll_at is None or (now - row.last_poll_at).total_seconds() > STALE_INTERVALS * row.interval_s
        out.append(SourceHealth(
            name=row.name, url=row.url, kind=row.kind, interval_s=row.interval_s, last_poll_at=row.last_poll_at,
            last_status=row.last_status, last_new_at=row.last_new_at, errors_in_row=row.errors_in_row,
            last_error=row.last_error, lag_s=row.last_lag_s, articles=row.articles, rhythm_s=rhythm, silent=silent,
            failing=row.errors_in_row >= FAILING_ERRORS, stale=stale))
    return out


def last_refreshed(session: Session) -> datetime | None:
    """When an article was last stored (by any ingest or the watcher)."""
    return session.scalar(select(func.max(Article.ingested_at)))
