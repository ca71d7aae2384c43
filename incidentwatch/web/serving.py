"""Running the application under uvicorn, in one process or several (``serve --workers N``).

Several workers are separate processes, each with its own engine, pool, load shedder and cache
(built by ``app_from_environment``, which uvicorn calls in each). The parent migrates the
database once before they start; they then share it as any two processes do: every write is one
transaction, SQLite serialises them with its write lock (a web write waits at most
``WEB_BUSY_MS`` for an ingest's, then answers 503, nothing changed), PostgreSQL with row locks
(a deadlock's victim answers 503 too). The caches stay right across processes because the change
token is the database's, not the process's.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import threading
from dataclasses import asdict
from typing import TYPE_CHECKING

from ..store import Pool, Store
from .secret_key import load_secret
from .settings import WebSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

DB_ENV = "INCIDENTWATCH_SERVE_DB"
SETTINGS_ENV = "INCIDENTWATCH_SERVE_SETTINGS"
WEB_BUSY_MS = 5_000  # a web write waits this long for another process's write, then 503
POOL_TIMEOUT_S = 5.0
SPARE_CONNECTIONS = 2  # besides one per admitted request: the change token's, a login's


def web_pool(settings: WebSettings) -> Pool:
    """A worker's pool: one connection per admitted request and a couple more, no overflow. For
    PostgreSQL, ``workers x (max_in_flight + 2)`` connections in all must stay under the
    server's ``max_connections`` (100 by default: 8 workers of 4 use 48)."""
    return Pool(size=settings.max_in_flight + SPARE_CONNECTIONS, overflow=0, timeout=POOL_TIMEOUT_S,
                busy_ms=WEB_BUSY_MS)


def settle(app: FastAPI) -> FastAPI:
    """Move what startup made (modules, the application, about 200,000 objects) out of the
    garbage collector's sight (``gc.freeze``): they live as long as the process, and each full
    collection walked them all, a pause of 50 to 120 ms in whichever request triggered it (a
    few times a minute under load; ``benchmarks/page_cost.py`` shows them as ``gc_ms``).
    Objects made later are collected as before."""
    gc.collect()
    gc.freeze()
    return app


def app_from_environment():  # noqa: ANN201 - a FastAPI app
    """The application of one worker process, from what the parent left in the environment."""
    from . import create_app

    # the secret is not passed on: each worker reads it where the parent did (environment or file)
    settings = WebSettings(secret=load_secret(os.environ), **json.loads(os.environ[SETTINGS_ENV]))
    store = Store.open(os.environ[DB_ENV], migrate=False, pool=web_pool(settings))
    return settle(create_app(store, settings))


def _exit_zero(signum: int, _frame: object) -> None:
    raise SystemExit(0)


def run(db: str | None, settings: WebSettings, *, workers: int = 1, log_level: str = "info") -> None:
    """Serve ``db`` with ``settings`` on ``settings.host:settings.port`` until interrupted.

    SIGTERM (``docker stop``, ``systemctl stop``) ends it with status 0: uvicorn shuts down
    gracefully, then raises the signal again for the handler it found at its start; that is
    this one, not the default (which would end the process as killed by the signal, status
    143). Before uvicorn starts (while the database migrates) it ends the process at once."""
    import uvicorn

    from . import create_app

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit_zero)
    store = Store.open(db, pool=web_pool(settings))  # migrates, once, before any worker starts
    if workers == 1:
        uvicorn.run(settle(create_app(store, settings)), host=settings.host, port=settings.port, log_level=log_level,
                    proxy_headers=False, backlog=4096)
        return
    url = store.url
    store.close()
    os.environ[DB_ENV] = url
    os.environ[SETTINGS_ENV] = json.dumps({k: v for k, v in asdict(settings).items() if k != "secret"})
    uvicorn.run("incidentwatch.web.serving:app_from_environment", factory=True, workers=workers,
                host=settings.host, port=settings.port, log_level=log_level, proxy_headers=False, backlog=4096)
