"""``CountMemo``: how many incidents a selection holds, counted once per database change token.

Every page of a listing says how many incidents its selection holds, and the count reads every
one of them (39,000 index entries for Khyber Pakhtunkhwa among 100,000 incidents: most of an
uncached page's cost), while the page itself reads 50. A script paging through a selection, or
readers sorting it differently, ask the same count again and again: it is kept here under the
change token the read cache took for the request (``caching.ReadCache``, read *before* anything
was computed), so it is never used once a newer write exists, as the cached pages are not. A
request without a token (the cache off, a page for a logged-in reader) counts afresh.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from starlette.requests import Request

TOKEN_STATE = "change_token"  # the name under which ReadCache leaves the request's token
MAX_ENTRIES = 1024


class CountMemo:
    """A least-recently-used map of counts, valid for one change token at a time."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self.token: str | None = None
        self._counts: OrderedDict[Hashable, int] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, token: str | None, key: Hashable, count: Callable[[], int]) -> int:
        """The count for ``key`` under ``token``, from ``count()`` the first time."""
        if token is None:
            return count()
        with self._lock:
            if token != self.token:
                self.token = token
                self._counts.clear()
            found = self._counts.get(key)
            if found is not None:
                self._counts.move_to_end(key)
                self.hits += 1
                return found
            self.misses += 1
        value = count()  # outside the lock: another request's count need not wait for this one
        with self._lock:
            if token == self.token:  # a newer token came meanwhile: this count may be stale under it
                self._counts[key] = value
                while len(self._counts) > self.max_entries:
                    self._counts.popitem(last=False)
        return value


def request_token(request: Request) -> str | None:
    """The change token the read cache took for this request, if it took one."""
    token = request.scope.get("state", {}).get(TOKEN_STATE)
    return token if isinstance(token, str) else None
