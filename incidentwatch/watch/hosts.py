"""Politeness per host: at most N requests in flight, a pause after errors (and as long as a
429 or 503's Retry-After asks), and robots.txt, read once an hour per host (its rules, and its
Crawl-delay as the least time between two requests' starts).

Used from the scheduler's thread (``try_start``/``finish``/``penalise``) and from the fetching
threads (``RobotsCache.allowed``); both are thread-safe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from ..errors import InputError
from ..sources.fetch import FetchOptions, fetch, http_status

MAX_BACKOFF_S = 3600.0  # the longest pause after errors (a Retry-After may ask for more, up to MAX_RETRY_AFTER_S)
MAX_RETRY_AFTER_S = 6 * 3600.0
DEFAULT_RETRY_AFTER_S = 30.0  # a 429 or 503 that names no time
ROBOTS_TTL_S = 3600.0
ROBOTS_ERROR_TTL_S = 60.0  # a robots.txt that failed (5xx, unreachable) is asked again this soon
ROBOTS_MAX_BYTES = 512 * 1024


def host_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').lower()}:{parts.port or (443 if parts.scheme == 'https' else 80)}"


MAX_CRAWL_DELAY_S = 60.0


@dataclass
class HostState:
    in_flight: int = 0
    blocked_until: float = 0.0
    errors_in_row: int = 0
    reason: str = ""
    gap: float = 0.0  # robots.txt's Crawl-delay: seconds between the starts of two requests
    last_start: float = float("-inf")


class HostGate:
    def __init__(self, per_host: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_host = per_host
        self.clock = clock
        self.hosts: dict[str, HostState] = {}
        self._lock = threading.Lock()

    def _state(self, host: str) -> HostState:
        return self.hosts.setdefault(host, HostState())

    def try_start(self, host: str) -> bool:
        """Take a slot on ``host`` if one is free and the host is not paused."""
        with self._lock:
            state = self._state(host)
            now = self.clock()
            if state.in_flight >= self.per_host or state.blocked_until > now or now - state.last_start < state.gap:
                return False
            state.in_flight += 1
            state.last_start = now
            return True

    def set_gap(self, host: str, seconds: float) -> None:
        """Keep ``seconds`` (a Crawl-delay, at most a minute) between two requests' starts."""
        with self._lock:
            self._state(host).gap = min(max(0.0, seconds), MAX_CRAWL_DELAY_S)

    def finish(self, host: str, *, ok: bool) -> None:
        with self._lock:
            state = self._state(host)
            state.in_flight = max(0, state.in_flight - 1)
            if ok:
                state.errors_in_row = 0

    def penalise(self, host: str, error: InputError) -> float:
        """Pause ``host`` after ``error`` when the host itself is in trouble: a 429 or 503 (as
        long as its Retry-After asks, else 30 s), or no answer at all (connection refused, time
        out: 2, 4, 8... seconds in a row, up to an hour). An error of one URL (a 404, a 500, a
        redirect loop, a body too large) is that URL's source's, not the host's: 0 is returned.
        Returns the pause in seconds."""
        status, retry_after = http_status(error)
        with self._lock:
            state = self._state(host)
            if status in (429, 503):
                pause = min(retry_after if retry_after is not None else DEFAULT_RETRY_AFTER_S, MAX_RETRY_AFTER_S)
            elif error.reason.value == "unreachable":
                state.errors_in_row += 1
                pause = min(2.0 ** state.errors_in_row, MAX_BACKOFF_S)
            else:
                return 0.0
            state.blocked_until = max(state.blocked_until, self.clock() + pause)
            state.reason = str(error)
            return pause

    def blocked_for(self, host: str) -> float:
        with self._lock:
            state = self.hosts.get(host)
            return max(0.0, state.blocked_until - self.clock()) if state else 0.0

    def next_unblock(self) -> float | None:
        with self._lock:
            now = self.clock()
            future = [s.blocked_until for s in self.hosts.values() if s.blocked_until > now]
            return min(future) if future else None


@dataclass
class _Robots:
    parser: RobotFileParser | None  # None: everything allowed
    expires: float
    refused: str | None = None  # robots.txt could not be read: nothing is fetched until it can


@dataclass
class RobotsCache:
    """robots.txt per host (RFC 9309): 4xx or none allows everything; 5xx or unreachable allows
    nothing for a minute; a file over 512 kB is read up to there."""

    options: FetchOptions
    user_agent: str
    clock: Callable[[], float] = time.monotonic
    _cache: dict[str, _Robots] = field(default_factory=dict)
    _locks: dict[str, threading.Lock] = field(default_factory=dict)
    _guard: threading.Lock = field(default_factory=threading.Lock)
    fetches: int = 0

    def _lock_for(self, host: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(host, threading.Lock())

    def check(self, url: str) -> str | None:
        """None when ``url`` may be fetched, else why not."""
        host = host_of(url)
        with self._lock_for(host):
            robots = self._cache.get(host)
            if robots is None or robots.expires <= self.clock():
                robots = self._cache[host] = self._read(url)
        if robots.refused:
            return robots.refused
        if robots.parser is not None and not robots.parser.can_fetch(self.user_agent, url):
            return "disallowed by robots.txt"
        return None

    def crawl_delay(self, url: str) -> float | None:
        robots = self._cache.get(host_of(url))
        if robots is None or robots.parser is None:
            return None
        delay = robots.parser.crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None

    def _read(self, url: str) -> _Robots:
        parts = urlsplit(url)
        robots_url = f"{parts.scheme}://{parts.netloc}/robots.txt"
        self.fetches += 1
        try:
            page = fetch(robots_url, replace(self.options, max_bytes=ROBOTS_MAX_BYTES, user_agent=self.user_agent))
        except InputError as error:
            status, _ = http_status(error)
            if status is not None and 400 <= status < 500:
                return _Robots(None, self.clock() + ROBOTS_TTL_S)
            if error.reason.value == "too_large":
                return _Robots(None, self.clock() + ROBOTS_TTL_S)
            return _Robots(None, self.clock() + ROBOTS_ERROR_TTL_S, refused=f"robots.txt unavailable ({error.detail})")
        parser = RobotFileParser()
        parser.parse(page.body.decode("utf-8", "replace").splitlines())
        return _Robots(parser, self.clock() + ROBOTS_TTL_S)
