"""Worker processes that end when the process that started them ends, even by ``kill -9``.

A ``ProcessPoolExecutor`` worker waits on a pipe whose writing end it inherited itself, so it
never sees the parent go: after ``kill -9`` of ``ingest --workers 2`` its workers lived on,
holding the database open. ``die_with_parent`` is the pool's initializer: on Linux the kernel
sends the worker SIGKILL when its parent dies (``prctl(PR_SET_PDEATHSIG)``); everywhere, a
daemon thread checks every ``POLL_SECONDS`` that the parent is still there and ends the worker
with ``os._exit`` when it is not.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time

POLL_SECONDS = 0.5
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def _parent_gone(owner: int) -> bool:
    if os.getppid() != owner:  # re-parented: the owner has died
        return True
    try:
        os.kill(owner, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # alive, but another user's (cannot happen for our own parent)
        return False
    return False


def _set_death_signal() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc to call: the watching thread still works
        pass


def _watch(owner: int) -> None:
    while True:
        time.sleep(POLL_SECONDS)
        if _parent_gone(owner):
            os._exit(1)


def die_with_parent(owner: int) -> None:
    """Make this process end when process ``owner`` (its parent) ends; a pool initializer."""
    if os.getppid() == owner:
        _set_death_signal()
    if _parent_gone(owner):  # it died before the death signal was set
        os._exit(1)
    threading.Thread(target=_watch, args=(owner,), name="die-with-parent", daemon=True).start()
