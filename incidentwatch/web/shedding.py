"""Load shedding: at most ``max_in_flight`` requests are served at once by one worker process;
up to ``max_queued`` more wait for a slot, each at most ``queue_wait_s`` seconds. A request
past the queue, or one whose wait runs out, is answered 503 with ``Retry-After`` at once (the
API's JSON error shape under ``/api``, a small page elsewhere): a burst of readers is never a
500, never minutes in a queue, and the server serves normally as soon as it has passed.

``/api/live`` and ``/static`` are never held back: they touch no database. ``/api/health``
reads the watcher's rows and the last article's time, so it waits its turn like any reader
(a burst of it must not take every database connection); a load balancer asks ``/api/live``.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque

import anyio.to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

EXEMPT_PATHS = frozenset({"/api/live"})
EXEMPT_PREFIX = "/static/"
# threads the server may run routes in beyond the admitted requests (dependencies, the cache)
SPARE_THREADS = 8

BUSY_MESSAGE = "the server is busy: too many requests at once; try again in a moment"
BUSY_PAGE = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Busy - incidentwatch</title>"
             "</head><body><h1>Busy</h1><p>Too many requests at once. Try again in a moment.</p></body></html>")


class LoadShedder:
    """The ASGI middleware; one per application (its counters are per process: each worker of
    ``serve --workers N`` sheds on its own)."""

    def __init__(self, app: ASGIApp, *, max_in_flight: int, max_queued: int, queue_wait_s: float,
                 retry_after_s: int = 1) -> None:
        if max_in_flight < 1 or max_queued < 0 or queue_wait_s < 0:
            raise ValueError("max_in_flight must be at least 1, max_queued and queue_wait_s at least 0")
        self.app = app
        self.max_in_flight, self.max_queued, self.queue_wait_s = max_in_flight, max_queued, queue_wait_s
        self.retry_after = str(retry_after_s)
        self.in_flight = 0
        self.shed = 0  # requests answered 503 since the start (for logs and tests)
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._threads_sized = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS or scope["path"].startswith(EXEMPT_PREFIX):
            await self.app(scope, receive, send)
            return
        if not self._threads_sized:
            self._size_threads()
        if not await self._admit():
            self.shed += 1
            await self._busy(scope, send)
            return
        try:
            await self.app(scope, receive, send)
        finally:
            self._release()

    def _size_threads(self) -> None:
        """Enough worker threads for every admitted request (anyio's default is 40)."""
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = max(limiter.total_tokens, self.max_in_flight + SPARE_THREADS)
        self._threads_sized = True

    async def _admit(self) -> bool:
        if self.in_flight < self.max_in_flight and not self._waiters:
            self.in_flight += 1
            return True
        if len(self._waiters) >= self.max_queued or self.queue_wait_s == 0:
            return False
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await asyncio.wait_for(asyncio.shield(waiter), self.queue_wait_s)
        except TimeoutError:
            pass
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self._release()  # handed a slot, then cancelled: pass it on
            else:
                self._forget(waiter)
            raise
        if waiter.done() and not waiter.cancelled():
            return True  # the slot was handed over by _release (perhaps just as the wait ran out)
        self._forget(waiter)
        return False

    def _forget(self, waiter: asyncio.Future[None]) -> None:
        waiter.cancel()
        try:
            self._waiters.remove(waiter)
        except ValueError:
            pass

    def _release(self) -> None:
        """Hand the slot to the longest waiter still waiting, else free it."""
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self.in_flight -= 1

    async def _busy(self, scope: Scope, send: Send) -> None:
        if scope["path"].startswith("/api") or scope["path"] == "/openapi.json":
            body = json.dumps({"error": {"status": 503, "message": BUSY_MESSAGE, "detail": None}}).encode()
            media = b"application/json"
        else:
            body, media = BUSY_PAGE.encode(), b"text/html; charset=utf-8"
        headers = [(b"content-type", media), (b"content-length", str(len(body)).encode()),
                   (b"retry-after", self.retry_after.encode()), (b"cache-control", b"no-store")]
        await send({"type": "http.response.start", "status": 503, "headers": headers})
        await send({"type": "http.response.body", "body": body})
