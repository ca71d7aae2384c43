"""The watcher's loop: poll each source when it is due, fetch the pages of new entries, extract
and store each article through the one writer, and keep the state in the database.

One thread (the caller's) schedules, extracts and writes; a pool of threads makes the requests,
at most ``per_host`` at a time to any host, none to a host that asked for a pause. ``stop`` (a
``threading.Event``, set by SIGTERM) is checked between articles: the article in hand is
finished, then the loop returns; every state change was written when it happened.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime

from ..errors import IncidentwatchError, InputError
from ..models import RawArticle
from ..sources.fetch import FetchOptions
from ..store import Store
from ..store.records import ExtractedArticle
from ..store.writer import WriteOutcome
from .entries import Entry
from .hosts import HostGate, RobotsCache, host_of
from .poller import PollResult, fetch_article, poll_source
from .sources_file import WatchPlan
from .state import MAX_ENTRY_ATTEMPTS, SourceRow, WatchState, next_poll, next_regular_poll, now_utc

log = logging.getLogger("incidentwatch.watch")
MAX_NEW_PER_POLL = 200  # entries taken from one poll; the rest wait for the next
TICK_S = 0.5  # the longest the loop sleeps without looking at the clock and the stop flag


@dataclass
class _Task:
    kind: str  # poll | article
    source: SourceRow
    entry: Entry | None = None

    @property
    def url(self) -> str:
        return self.entry.url if self.entry is not None and self.entry.url else self.source.spec.url


@dataclass
class WatchCounters:
    polls: int = 0
    not_modified: int = 0
    requests: int = 0
    articles_fetched: int = 0
    stored: int = 0
    new_versions: int = 0
    duplicates: int = 0
    failed: int = 0
    errors: int = 0
    lags: deque[float] = field(default_factory=lambda: deque(maxlen=1000))  # the last 1,000: bounded in a months-long run


class Watcher:
    """Runs a ``WatchPlan`` against a store until ``stop`` is set (or ``until``, a monotonic time)."""

    def __init__(self, store: Store, plan: WatchPlan, options: FetchOptions, *,
                 extract: Callable[[RawArticle], ExtractedArticle | IncidentwatchError] | None = None,
                 after_write: Callable[[WriteOutcome], object] | None = None,
                 every_tick: Callable[[], None] | None = None) -> None:
        from ..ingest.extract import extract_for_store

        self.store, self.plan, self.options = store, plan, options
        self.state = WatchState(store)
        self.gate = HostGate(plan.per_host)
        self.robots = RobotsCache(options, options.user_agent)
        self.extract = extract or extract_for_store
        self.after_write = after_write
        self.every_tick = every_tick
        self.writer = store.writer()
        self.counters = WatchCounters()
        self.sources = self.state.sync(plan.sources)
        self._queued: set[int] = set()  # sources with a poll queued or in flight
        self._due: dict[int, datetime] = {}  # when each queued poll was due: the next is scheduled from it
        self._pending: dict[int, set[str]] = {}  # entry keys being fetched or stored, per source
        self._ready: deque[tuple[SourceRow, Entry, RawArticle]] = deque()

    # -- the loop ------------------------------------------------------------------------------

    def run(self, stop: threading.Event, *, until: float | None = None) -> WatchCounters:
        # one thread per request the gate may let through: hosts are told apart by name and port,
        # as the gate does (four newsrooms on one address are four hosts, not one), and the
        # article pages may be on hosts of their own
        hosts = {host_of(s.spec.url) for s in self.sources}
        workers = max(4, min(64, (len(hosts) + 1) * self.plan.per_host))
        queue: deque[_Task] = deque()
        in_flight: dict[Future, _Task] = {}
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="watch-fetch")
        try:
            while not stop.is_set() and (until is None or time.monotonic() < until):
                now = now_utc()
                for source in self.sources:
                    if source.id not in self._queued and (source.next_poll_at is None or source.next_poll_at <= now):
                        self._queued.add(source.id)
                        self._due[source.id] = source.next_poll_at or now
                        queue.append(_Task("poll", source))
                self._dispatch(queue, in_flight, pool)
                if self._ready:
                    self._store_one()
                    timeout = 0.0
                else:
                    timeout = self._sleep_for(now, bool(queue))
                if in_flight:
                    done, _ = wait(list(in_flight), timeout=timeout, return_when=FIRST_COMPLETED)
                    for future in done:
                        self._finished(in_flight.pop(future), future, queue)
                elif timeout:
                    stop.wait(timeout)
                if self.every_tick is not None:
                    self.every_tick()
        finally:
            # requests in flight end within the fetch's own time limit; their results are dropped
            # (their entries are not marked seen, so the next run fetches them)
            pool.shutdown(wait=False, cancel_futures=True)
        return self.counters

    def _sleep_for(self, now: datetime, waiting: bool) -> float:
        due = [(s.next_poll_at - now).total_seconds() for s in self.sources if s.id not in self._queued and s.next_poll_at]
        unblock = self.gate.next_unblock()
        candidates = [TICK_S] + [max(0.0, d) for d in due]
        if waiting and unblock is not None:
            candidates.append(max(0.01, unblock - time.monotonic()))
        return max(0.01, min(candidates))

    def _dispatch(self, queue: deque[_Task], in_flight: dict[Future, _Task], pool: ThreadPoolExecutor) -> None:
        for _ in range(len(queue)):
            task = queue.popleft()
            if not self.gate.try_start(host_of(task.url)):
                queue.append(task)
                continue
            in_flight[pool.submit(self._run_task, task)] = task

    def _run_task(self, task: _Task) -> PollResult | RawArticle | InputError:
        spec = task.source.spec
        if task.kind == "poll":
            s = task.source
            return poll_source(spec.url, kind=spec.kind, outlet=spec.name, full_text=spec.full_text, etag=s.etag,
                               last_modified=s.last_modified, body_hash=s.body_hash, options=self.options, robots=self.robots)
        assert task.entry is not None
        return fetch_article(task.entry, outlet=spec.name, options=self.options, robots=self.robots)

    def _finished(self, task: _Task, future: Future, queue: deque[_Task]) -> None:
        host = host_of(task.url)
        delay = self.robots.crawl_delay(task.url)
        if delay:
            self.gate.set_gap(host, delay)
        try:
            result = future.result()
        except Exception as error:  # a bug in a fetching thread: that source's error, not the loop's
            log.exception("%s: %s", task.url, error)
            self.gate.finish(host, ok=False)
            if task.kind == "poll":
                self.state.record_poll(task.source, status="internal", error=f"{type(error).__name__}: {error}",
                                       next_poll_at=next_poll(task.source.spec.interval, errors_in_row=task.source.errors_in_row + 1))
                self._queued.discard(task.source.id)
                self._due.pop(task.source.id, None)
            elif task.entry is not None:
                self._entry_done(task.source, task.entry)
            return
        if task.kind == "poll":
            assert isinstance(result, PollResult)
            self._after_poll(task.source, result, host, queue)
        else:
            assert task.entry is not None
            self._after_article(task.source, task.entry, result, host)

    # -- a poll's outcome ------------------------------------------------------------------------

    def _after_poll(self, source: SourceRow, result: PollResult, host: str, queue: deque[_Task]) -> None:
        self._queued.discard(source.id)
        due = self._due.pop(source.id, None)
        self.counters.polls += 1
        self.counters.requests += result.requests
        spec = source.spec
        if result.error is not None:
            self.counters.errors += 1
            pause = self.gate.penalise(host, result.error) if result.status != "robots" else 0.0
            self.gate.finish(host, ok=False)
            when = next_poll(spec.interval, errors_in_row=source.errors_in_row + 1, pause=pause)
            detail = f"{result.error.reason.value} ({result.error.detail})"
            log.warning("poll %s: %s; next poll in %.0f s%s", spec.url, detail, (when - now_utc()).total_seconds(),
                        f", host paused {pause:.0f} s" if pause else "")
            self.state.record_poll(source, status=result.status, error=detail, next_poll_at=when)
            return
        self.gate.finish(host, ok=True)
        # never read before (no validators, no body): its first listing, which the backfill limits
        never_read = source.etag is None and source.last_modified is None and source.body_hash is None
        source.etag, source.last_modified, source.body_hash = result.etag, result.last_modified, result.body_hash
        if result.status in ("304", "unchanged"):
            self.counters.not_modified += 1
            log.debug("poll %s: %s", spec.url, result.status)
            self.state.record_poll(source, status=result.status, next_poll_at=next_regular_poll(spec.interval, due))
            return
        listing = result.listing
        assert listing is not None
        new = self._new_entries(source, listing.entries, first=never_read)
        log.info("poll %s: %s, %d entries, %d new", spec.url, result.status, len(listing.entries), len(new))
        problem = f"{listing.problem}" if listing.problem else None
        self.state.record_poll(source, status=result.status, next_poll_at=next_regular_poll(spec.interval, due), error=problem,
                               validators=not new)
        pages = []
        for entry in new:
            self._pending.setdefault(source.id, set()).add(entry.key)
            if entry.article is not None:
                self._ready.append((source, entry, entry.article))
            else:
                pages.append(_Task("article", source, entry))
        # ahead of the polls waiting for a slot (in the listing's order): news already found is stored first
        queue.extendleft(reversed(pages))

    def _new_entries(self, source: SourceRow, entries: list[Entry], *, first: bool) -> list[Entry]:
        """Entries not seen before, or edited since (another fingerprint), or failed fewer than
        ``MAX_ENTRY_ATTEMPTS`` times; on a source's first listing (``first``, and no entry of it
        recorded), only the newest ``backfill``."""
        unique: dict[str, Entry] = {}
        for entry in entries:
            unique.setdefault(entry.key, entry)
        pending = self._pending.get(source.id, set())
        seen = self.state.seen(source.id, list(unique))
        new = []
        for key, entry in unique.items():
            if key in pending:
                continue
            before = seen.get(key)
            if before is None:
                new.append(entry)
            elif before.state == "failed" and before.attempts < MAX_ENTRY_ATTEMPTS:
                new.append(entry)
            elif entry.fingerprint is not None and before.fingerprint != entry.fingerprint and before.state != "skipped":
                new.append(entry)  # edited: the page is read again (a new version if its text changed)
        if first and len(new) > source.spec.backfill and not self.state.any_entries(source.id):
            self.state.mark_skipped(source.id, new[source.spec.backfill:])
            log.info("poll %s: first poll, %d older entries marked seen without fetching", source.spec.url,
                     len(new) - source.spec.backfill)
            new = new[:source.spec.backfill]
        if len(new) > MAX_NEW_PER_POLL:
            new = new[:MAX_NEW_PER_POLL]
        return new

    # -- an article's outcome ------------------------------------------------------------------

    def _after_article(self, source: SourceRow, entry: Entry, result: RawArticle | InputError, host: str) -> None:
        self.counters.requests += 1
        if isinstance(result, InputError):
            self.counters.failed += 1
            self.counters.errors += 1
            if "robots.txt" not in result.detail:
                self.gate.penalise(host, result)
            self.gate.finish(host, ok=False)
            log.warning("article %s: %s (%s)", entry.url, result.reason.value, result.detail)
            self.state.record_entry(source.id, entry, state="failed", detail=str(result))
            self._entry_done(source, entry)
            return
        self.gate.finish(host, ok=True)
        self.counters.articles_fetched += 1
        self._ready.append((source, entry, result))

    def _store_one(self) -> None:
        """Extract and store one fetched article, then mark its entry seen."""
        source, entry, raw = self._ready.popleft()
        try:
            item = self.extract(raw)
            if not isinstance(item, ExtractedArticle):
                raise item if isinstance(item, IncidentwatchError) else IncidentwatchError(str(item))
            outcome = self.writer.write(item)
        except IncidentwatchError as error:
            self.counters.failed += 1
            log.warning("article %s: %s", entry.url, error)
            self.state.record_entry(source.id, entry, state="rejected", detail=str(error))
        except Exception as error:  # the database refused it: this article's failure, not the loop's
            self.counters.failed += 1
            first = (str(error).strip().splitlines() or [type(error).__name__])[0]
            log.error("article %s: not stored: %s: %s", entry.url, type(error).__name__, first)
            self.state.record_entry(source.id, entry, state="failed", detail=f"{type(error).__name__}: {first}")
        else:
            fresh = outcome.status != "duplicate"
            if fresh:
                self.counters.stored += 1
                self.counters.new_versions += outcome.status == "new_version"
            else:
                self.counters.duplicates += 1
            lag = self.state.record_entry(source.id, entry, state="stored" if fresh else "duplicate",
                                          article_id=outcome.article_id, new_article=fresh)
            if lag is not None:
                self.counters.lags.append(lag)
            log.info("article %s: %s%s", entry.url, outcome.status,
                     f", incidents {outcome.incident_ids}" if outcome.incident_ids else "")
            if fresh and (outcome.incident_ids or outcome.claims) and self.after_write is not None:
                try:
                    self.after_write(outcome)
                except Exception as error:  # alerts failing never stop the watch
                    log.error("alerts after %s: %s: %s", entry.url, type(error).__name__, error)
        finally:
            self._entry_done(source, entry)

    def _entry_done(self, source: SourceRow, entry: Entry) -> None:
        """One entry of a poll is settled; when it was the last, the poll's validators are saved."""
        pending = self._pending.get(source.id)
        if pending is None or entry.key not in pending:
            return
        pending.discard(entry.key)
        if not pending:
            self.state.save_validators(source)
