"""``ReadCache``: what many read, answered from memory until the database changes.

The dashboard, the report page, the claims ledger, ``/api/stats``, ``/api/incidents`` and
``/api/claims`` are the same for every reader of one selection until a write is committed. A
successful GET of one of them is kept under its path and query string (the selection, sorting
and paging), the host it was asked of (the answer may link to itself), and the database's change
token (``store.changes.ChangeWatch``), read *before* the
page is computed: a write committed later changes the token, so a page is never served once a
newer write exists, whichever process or command wrote it. When the token moves, everything
kept is dropped at once.

The pages show the logged-in account (its name and a CSRF token bound to its session), so they
are kept for anonymous readers only; the API answers are the same for everyone. The cache is a
least-recently-used dictionary bounded in bytes (``cache_mb``) per worker process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..store.changes import ChangeWatch
from .auth import SESSION_COOKIE
from .counts import TOKEN_STATE

# path -> whether the answer is the same for a logged-in reader (the API) or not (pages)
CACHED_PATHS = {"/": False, "/report": False, "/claims": False,
                "/api/stats": True, "/api/incidents": True, "/api/claims": True}
MAX_ENTRY_SHARE = 8  # one answer may take at most 1/8 of the cache
COALESCE_WAIT_S = 30.0  # the longest a reader waits for another's computation of its page


@dataclass(frozen=True)
class Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + 100


class PageStore:
    """A least-recently-used map of answers bounded in bytes, valid for one change token."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.token: str | None = None
        self._entries: OrderedDict[tuple[str, bytes], Entry] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, token: str, key: tuple[str, bytes]) -> Entry | None:
        with self._lock:
            if token != self.token:
                self._reset(token)
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, token: str, key: tuple[str, bytes], entry: Entry) -> None:
        if entry.size > self.max_bytes // MAX_ENTRY_SHARE:
            return
        with self._lock:
            if token != self.token:  # computed under an older token (or a newer one: start over)
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old.size
            self._entries[key] = entry
            self._bytes += entry.size
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= dropped.size

    def _reset(self, token: str) -> None:
        self.token = token
        self._entries.clear()
        self._bytes = 0

    @property
    def size_bytes(self) -> int:
        return self._bytes

    def __len__(self) -> int:
        return len(self._entries)


class ReadCache:
    """The ASGI middleware. It sits outside the load shedder: a hit costs one token read and
    takes no slot, and readers of a page being computed wait for that computation (coalesced)
    rather than each computing it; the shedder bounds the computations."""

    def __init__(self, app: ASGIApp, *, watch: ChangeWatch, max_bytes: int) -> None:
        self.app = app
        self.watch = watch
        self.pages = PageStore(max_bytes)
        # pages being computed (by token and key): a burst of readers of one page computes it once
        self._computing: dict[tuple[str, tuple[str, bytes]], anyio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        shared = CACHED_PATHS.get(scope["path"]) if scope["type"] == "http" and scope["method"] == "GET" else None
        if shared is None or (not shared and _has_session(scope)):
            await self.app(scope, receive, send)
            return
        token = self.watch.token() if self.watch.is_local else await anyio.to_thread.run_sync(self.watch.token)
        token = f"{date.today().isoformat()}/{token}"  # pages that say "the last 7 days" change with the day too
        key = _key(scope)
        entry = self.pages.get(token, key)
        if entry is None and (token, key) in self._computing:  # the same page is being computed: wait for it
            with anyio.move_on_after(COALESCE_WAIT_S):
                await self._computing[(token, key)].wait()
            entry = self.pages.get(token, key)
        if entry is not None:
            await send({"type": "http.response.start", "status": entry.status,
                        "headers": [*entry.headers, (b"x-cache", b"hit")]})
            await send({"type": "http.response.body", "body": entry.body})
            return
        done = self._computing.setdefault((token, key), anyio.Event())
        scope.setdefault("state", {})[TOKEN_STATE] = token  # what the route may key its own memos by (web/counts.py)
        try:
            await self._compute(scope, receive, send, token, key)
        finally:
            if self._computing.get((token, key)) is done:
                del self._computing[(token, key)]
                done.set()

    async def _compute(self, scope: Scope, receive: Receive, send: Send, token: str, key: tuple[str, bytes]) -> None:
        status = 0
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []

        async def keep(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                # a copy now: the middlewares outside add their headers to this same message later
                status, headers = message["status"], list(message.get("headers", []))
                message["headers"] = [*headers, (b"x-cache", b"miss")]
            elif message["type"] == "http.response.body" and status == 200:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and not any(k.lower() == b"set-cookie" for k, _ in headers):
                    self.pages.put(token, key, Entry(200, headers, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, keep)


def _key(scope: Scope) -> tuple[str, bytes]:
    """The path, the query string, and the host the request named: an answer may hold absolute
    links built from it (``next``), so one host's answer is never served to another's."""
    host = next((v for k, v in scope.get("headers", ()) if k == b"host"), b"")
    return scope["path"], b"%s\n%s\n%s" % (scope.get("scheme", "http").encode(), host, scope.get("query_string", b""))


def _has_session(scope: Scope) -> bool:
    for name, value in scope.get("headers", ()):
        if name == b"cookie" and SESSION_COOKIE.encode() in value:
            return True
    return False
