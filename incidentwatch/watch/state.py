"""The watcher's state in the database (``watch_sources``, ``watch_entries``): validators, the
next poll time, health counters, and every entry seen, so that a restart resumes where the last
run stopped and fetches nothing twice.

Each change is its own short transaction: a process killed at any moment loses at most the
article it was storing (whose entry is then not marked seen, and is read again; the writer's
content hash keeps the article from being stored twice).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select, update

from ..store import Store
from ..store.tables import WatchEntry, WatchSource
from .entries import Entry
from .sources_file import SourceSpec

MAX_ENTRY_ATTEMPTS = 3  # an entry whose page failed this many times is given up


def now_utc() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class SourceRow:
    """What the scheduler keeps in memory of a source (mirrors its row)."""

    id: int
    spec: SourceSpec
    etag: str | None
    last_modified: str | None
    body_hash: str | None
    next_poll_at: datetime | None
    errors_in_row: int
    polls: int

    @property
    def first_poll(self) -> bool:
        return self.polls == 0


@dataclass
class Seen:
    fingerprint: str | None
    state: str
    attempts: int


class WatchState:
    def __init__(self, store: Store) -> None:
        self.store = store

    # -- sources -------------------------------------------------------------------------------

    def sync(self, specs: Iterable[SourceSpec]) -> list[SourceRow]:
        """A row for each source (created, or its name, kind and interval brought up to date)."""
        rows: list[SourceRow] = []
        with self.store.sessions() as session, session.begin():
            for spec in specs:
                row = session.scalars(select(WatchSource).where(WatchSource.url == spec.url)).first()
                if row is None:
                    row = WatchSource(url=spec.url, name=spec.name, kind=spec.kind, interval_s=spec.interval,
                                      errors_in_row=0, polls=0, articles=0)
                    session.add(row)
                    session.flush()
                else:
                    row.name, row.kind, row.interval_s = spec.name, spec.kind, spec.interval
                rows.append(SourceRow(id=row.id, spec=spec, etag=row.etag, last_modified=row.last_modified,
                                      body_hash=row.body_hash, next_poll_at=row.next_poll_at,
                                      errors_in_row=row.errors_in_row, polls=row.polls))
        return rows

    def record_poll(self, source: SourceRow, *, status: str, next_poll_at: datetime, error: str | None = None,
                    validators: bool = True) -> None:
        """After a poll: validators, schedule and health; ``error`` counts one more in a row.

        ``validators=False`` keeps the stored validators as they were: a poll that found new
        entries saves its own only when every one of them is done (``save_validators``), so a
        process killed before then polls unconditionally after a restart and sees them again."""
        at = now_utc()
        source.next_poll_at = next_poll_at
        source.polls += 1
        source.errors_in_row = source.errors_in_row + 1 if error else 0
        values: dict = {"last_poll_at": at, "last_status": status[:40], "next_poll_at": next_poll_at,
                        "polls": WatchSource.polls + 1, "errors_in_row": source.errors_in_row}
        if validators:
            values |= {"etag": source.etag, "last_modified": source.last_modified, "body_hash": source.body_hash}
        if error:
            values |= {"last_error": error[:2000], "last_error_at": at}
        with self.store.sessions() as session, session.begin():
            session.execute(update(WatchSource).where(WatchSource.id == source.id).values(**values))

    def save_validators(self, source: SourceRow) -> None:
        with self.store.sessions() as session, session.begin():
            session.execute(update(WatchSource).where(WatchSource.id == source.id).values(
                etag=source.etag, last_modified=source.last_modified, body_hash=source.body_hash))

    # -- entries -------------------------------------------------------------------------------

    def seen(self, source_id: int, keys: list[str]) -> dict[str, Seen]:
        out: dict[str, Seen] = {}
        with self.store.sessions() as session:
            for start in range(0, len(keys), 500):
                chunk = keys[start:start + 500]
                query = select(WatchEntry.key, WatchEntry.fingerprint, WatchEntry.state, WatchEntry.attempts).where(
                    WatchEntry.source_id == source_id, WatchEntry.key.in_(chunk))
                for key, fingerprint, state, attempts in session.execute(query):
                    out[key] = Seen(fingerprint, state, attempts)
        return out

    def any_entries(self, source_id: int) -> bool:
        with self.store.sessions() as session:
            return session.scalar(select(WatchEntry.id).where(WatchEntry.source_id == source_id).limit(1)) is not None

    def mark_skipped(self, source_id: int, entries: list[Entry]) -> None:
        """Entries older than a first poll's backfill: seen, never fetched."""
        at = now_utc()
        rows = [{"source_id": source_id, "key": e.key, "url": e.url, "fingerprint": e.fingerprint, "state": "skipped",
                 "attempts": 0, "published_at": e.published_at, "seen_at": at} for e in entries]
        with self.store.sessions() as session, session.begin():
            for start in range(0, len(rows), 1000):
                session.execute(insert(WatchEntry), rows[start:start + 1000])

    def record_entry(self, source_id: int, entry: Entry, *, state: str, detail: str | None = None,
                     article_id: int | None = None, new_article: bool = False) -> float | None:
        """The outcome of one entry; returns the lag (seconds from publication to storage) of a
        stored article whose publication time is known."""
        at = now_utc()
        lag = None
        if new_article and entry.published_at is not None:
            lag = max(0.0, (at - entry.published_at).total_seconds())
        with self.store.sessions() as session, session.begin():
            row = session.scalars(select(WatchEntry).where(WatchEntry.source_id == source_id, WatchEntry.key == entry.key)).first()
            if row is None:
                row = WatchEntry(source_id=source_id, key=entry.key, seen_at=at, attempts=0)
                session.add(row)
            row.url, row.fingerprint, row.state, row.detail = entry.url, entry.fingerprint, state, (detail or None)
            row.published_at = entry.published_at
            row.attempts = (row.attempts or 0) + 1  # one more fetch of its page (or read of its content)
            if article_id is not None:
                row.article_id = article_id
            if state in ("stored", "duplicate"):
                row.stored_at = at
            if new_article:
                values: dict = {"last_new_at": at, "articles": WatchSource.articles + 1}
                if lag is not None:
                    values["last_lag_s"] = lag
                session.execute(update(WatchSource).where(WatchSource.id == source_id).values(**values))
        return lag


def next_regular_poll(interval: float, due: datetime | None, *, now: datetime | None = None) -> datetime:
    """When to poll again after a poll that went well: the next point of the source's own grid
    (``due``, the time the poll was due, plus whole intervals) that is still ahead, so that the
    time a poll waited for a host slot, took on the wire or spent in the scheduler's thread is
    not added to every interval (a feed polled every 10 s is asked every 10 s, not every 10.4 s).
    A poll that ran past one or more of its slots skips them rather than catching up in a burst."""
    now = now or now_utc()
    step = timedelta(seconds=interval)
    if due is None or due > now:
        return now + step
    missed = int((now - due) / step)  # whole intervals already past since the poll was due
    return due + step * (missed + 1)


def next_poll(interval: float, *, errors_in_row: int = 0, pause: float = 0.0) -> datetime:
    """When to poll again: one interval on, longer (up to 8 intervals) after errors in a row,
    and never before the pause a host asked for."""
    factor = min(2 ** max(0, errors_in_row - 1), 8) if errors_in_row else 1
    return now_utc() + timedelta(seconds=max(interval * factor, pause))
