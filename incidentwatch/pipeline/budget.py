"""A per-article time budget: the last line of defence against a pathological input.

The stages are meant to run in linear time; this is what stops one that does not. ``time_budget``
arms a real-time timer (``SIGALRM``) for the duration of one article; when it fires, the running
stage is interrupted with ``OverBudget`` wherever it is, a long regular-expression match included
(the ``re`` engine checks for signals as it goes). The pipeline turns that into the article's
``too_slow`` failure and the batch goes on.

Signals reach only the main thread of a process, so the budget applies in the CLI's process and
in the worker processes of ``ingest --workers`` (each runs its articles on its main thread); in
any other thread (a Dask worker's) it is not enforced.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

DEFAULT_TIME_BUDGET = 30.0  # seconds per article; a 5 MB hostile file takes a few seconds


class OverBudget(BaseException):
    """Raised inside a stage when the article's time budget ran out. A ``BaseException``, like
    ``KeyboardInterrupt``, so that a library's ``except Exception`` does not swallow it."""


def _enforceable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _fire(signum: int, frame: object) -> None:
    raise OverBudget


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``OverBudget`` in the body once ``seconds`` have passed (``None`` or 0: no limit)."""
    if not seconds or seconds <= 0 or not _enforceable():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _fire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
