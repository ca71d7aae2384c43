"""Fixtures of the watcher's tests: newsrooms on 127.0.0.1, and a watcher run in a thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from incidentwatch.sources.fetch import FetchOptions
from incidentwatch.store import Store
from incidentwatch.store.tables import Article
from incidentwatch.watch.scheduler import Watcher

from .newsroom import NewsroomServer


@pytest.fixture()
def newsroom():
    server = NewsroomServer()
    yield server.room
    server.stop()


@pytest.fixture()
def second_newsroom():
    server = NewsroomServer()
    yield server.room
    server.stop()


def wait_for(condition: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


def article_count(store: Store, *, current: bool = False) -> int:
    with store.sessions() as session:
        query = select(func.count()).select_from(Article)
        if current:
            query = query.where(Article.is_current.is_(True))
        return session.scalar(query) or 0


class RunningWatcher:
    """A ``Watcher`` in a background thread; ``stop()`` sets its flag and joins it."""

    def __init__(self, watcher: Watcher) -> None:
        self.watcher = watcher
        self.flag = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self.watcher.run(self.flag)
        except BaseException as error:  # surfaced by stop()
            self.error = error

    def stop(self) -> None:
        self.flag.set()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive(), "the watcher did not stop"
        if self.error is not None:
            raise self.error


@pytest.fixture()
def run_watcher():
    running: list[RunningWatcher] = []

    def start(store: Store, plan, **kwargs) -> RunningWatcher:  # noqa: ANN001 - a WatchPlan
        options = kwargs.pop("options", None) or FetchOptions(allow_private=True, total_timeout=3.0, read_timeout=2.0,
                                                               connect_timeout=2.0)
        handle = RunningWatcher(Watcher(store, plan, options, **kwargs))
        running.append(handle)
        return handle

    yield start
    for handle in running:
        if handle.thread.is_alive():
            handle.flag.set()
            handle.thread.join(timeout=30)
