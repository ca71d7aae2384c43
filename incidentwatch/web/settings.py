"""Settings of the web application, built at the edge (``incidentwatch serve`` or a test) and
passed to ``create_app``. Precedence: flag, then ``INCIDENTWATCH_*`` environment, then default.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from .secret_key import load_secret

# (name, default, help): the catalogue docs/web.md documents, one row each (a test checks).
SETTINGS: tuple[tuple[str, object, str], ...] = (
    ("host", "127.0.0.1", "address to listen on"),
    ("port", 8000, "port to listen on"),
    ("secret", None, "key that signs CSRF tokens: $INCIDENTWATCH_SECRET, else the file $INCIDENTWATCH_SECRET_FILE, "
                     "else a file created with mode 0600 in the user's data directory"),
    ("secure_cookies", False, "mark cookies Secure (set it behind HTTPS); $INCIDENTWATCH_SECURE_COOKIES=1"),
    ("session_hours", 12.0, "how long a login lasts"),
    ("login_window_s", 900, "the window of the login rate limit, in seconds"),
    ("login_failures_per_name", 5, "failed logins for one account name within the window before 429"),
    ("login_failures_per_address", 20, "failed logins from one client address within the window before 429"),
    ("tiles_url", None, "an optional map tile URL template ({z}/{x}/{y}) drawn under the offline province "
                        "outlines; $INCIDENTWATCH_TILES_URL"),
    ("max_page_size", 500, "the largest ``limit`` the API accepts"),
    ("max_in_flight", 4, "requests one worker computes at once (about two per core: Python runs one thread at a "
                         "time); more wait in a queue (``--max-in-flight``)"),
    ("max_queued", 32, "requests that may wait for a slot; past them a 503 with Retry-After at once"),
    ("queue_wait_s", 1.0, "the longest a request waits for a slot before a 503 (``--queue-wait``)"),
    ("cache_mb", 64, "memory for cached pages and tallies per worker, in MiB; 0 turns the cache off (``--cache-mb``)"),
)


@dataclass(frozen=True)
class WebSettings:
    secret: str
    host: str = "127.0.0.1"
    port: int = 8000
    secure_cookies: bool = False
    session_hours: float = 12.0
    login_window_s: int = 900
    login_failures_per_name: int = 5
    login_failures_per_address: int = 20
    tiles_url: str | None = None
    max_page_size: int = 500
    max_in_flight: int = 4
    max_queued: int = 32
    queue_wait_s: float = 1.0
    cache_mb: int = 64

    @classmethod
    def from_env(cls, **overrides: object) -> WebSettings:
        """Settings from the environment, with ``overrides`` (flags that were given) on top."""
        env = os.environ
        settings = cls(
            secret=load_secret(env),
            secure_cookies=env.get("INCIDENTWATCH_SECURE_COOKIES", "") in ("1", "true", "yes"),
            tiles_url=env.get("INCIDENTWATCH_TILES_URL") or None,
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(settings, **given)
