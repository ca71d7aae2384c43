"""Where extraction runs: in this process, in a pool of worker processes, or on a Dask cluster.

Each executor maps ``extract_for_store`` over a stream of raw articles and yields results as
they finish, keeping at most ``window`` articles in flight, so memory stays bounded however
long the stream. The caller writes the results: workers never touch the database.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from itertools import islice

from ..errors import IncidentwatchError
from ..models import RawArticle
from ..store.records import ExtractedArticle
from .extract import extract_for_store
from .orphans import die_with_parent

Result = ExtractedArticle | IncidentwatchError
# Articles in flight per worker: enough to keep every worker busy while the writer writes.
WINDOW_PER_WORKER = 4


def run_local(articles: Iterable[RawArticle]) -> Iterator[Result]:
    for raw in articles:
        yield extract_for_store(raw)


def run_processes(articles: Iterable[RawArticle], *, workers: int) -> Iterator[Result]:
    window = workers * WINDOW_PER_WORKER
    stream = iter(articles)
    # the workers end with this process, even when it is killed (a kill -9 left them running)
    with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
        pending: set[Future[Result]] = {pool.submit(extract_for_store, raw) for raw in islice(stream, window)}
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
            for raw in islice(stream, len(done)):
                pending.add(pool.submit(extract_for_store, raw))


def run_dask(articles: Iterable[RawArticle], *, address: str | object) -> Iterator[Result]:
    """Send extraction to a Dask distributed cluster (an address, or a ``LocalCluster``)."""
    from distributed import Client, as_completed

    with Client(address) as client:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        window = workers * WINDOW_PER_WORKER
        stream = iter(articles)
        futures = [client.submit(extract_for_store, raw, pure=False) for raw in islice(stream, window)]
        queue = as_completed(futures)
        for future in queue:
            yield future.result()
            future.release()
            for raw in islice(stream, 1):
                queue.add(client.submit(extract_for_store, raw, pure=False))
