"""Where extraction runs: in this process, in a pool of worker processes, or on a Dask cluster.

Each executor maps ``extract_for_store`` over a stream of raw articles and yields results as
they finish, keeping at most ``window`` articles in flight, so memory stays bounded however
long the stream. The caller writes the results: workers never touch the database.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from functools import partial
from itertools import islice

from ..errors import IncidentwatchError
from ..models import RawArticle
from ..pipeline.budget import DEFAULT_TIME_BUDGET
from ..store.records import ExtractedArticle, FailedArticle
from .extract import extract_for_store
from .orphans import die_with_parent

Result = ExtractedArticle | FailedArticle | IncidentwatchError
# Articles in flight per worker: enough to keep every worker busy while the writer writes.
WINDOW_PER_WORKER = 4


def run_local(articles: Iterable[RawArticle], *, time_budget_s: float | None = DEFAULT_TIME_BUDGET) -> Iterator[Result]:
    for raw in articles:
        yield extract_for_store(raw, time_budget_s)


def run_processes(
    articles: Iterable[RawArticle], *, workers: int, time_budget_s: float | None = DEFAULT_TIME_BUDGET
) -> Iterator[Result]:
    """Each worker runs its articles on its main thread, so the time budget holds there too."""
    window = workers * WINDOW_PER_WORKER
    stream = iter(articles)
    task = partial(extract_for_store, time_budget_s=time_budget_s)
    # the workers end with this process, even when it is killed (a kill -9 left them running)
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        pending: set[Future[Result]] = {pool.submit(task, raw) for raw in islice(stream, window)}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
            for raw in islice(stream, len(done)):
                pending.add(pool.submit(task, raw))


def run_dask(
    articles: Iterable[RawArticle], *, address: str | object, time_budget_s: float | None = DEFAULT_TIME_BUDGET
) -> Iterator[Result]:
    """Send extraction to a Dask distributed cluster (an address, or a ``LocalCluster``). Dask runs
    tasks on worker threads, where no timer signal reaches: the time budget is not enforced there."""
    from distributed import Client, as_completed

    task = partial(extract_for_store, time_budget_s=time_budget_s)
    with Client(address) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = workers * WINDOW_PER_WORKER
        stream = iter(articles)
        futures = [client.submit(task, raw, pure=False) for raw in islice(stream, window)]
        queue = as_completed(futures)
        for future in queue:
            yield future.result()
            future.release()
            for raw in islice(stream, 1):
                queue.add(client.submit(task, raw, pure=False))
