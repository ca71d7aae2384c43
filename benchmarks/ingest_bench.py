"""Ingest throughput, the share of reading, extraction and storage, and whether memory grows
with the corpus.

Generates N articles (paragraphs of the devset reshuffled with a fixed seed, as in
extract_bench.py, each with its own URL so none is a duplicate) and ingests them into SQLite
and, when a PostgreSQL is given or can be started from Debian's binaries, into PostgreSQL;
in one process, so that reading, extraction and storage time can be told apart.

Sources: ``--source warc`` (default) writes the corpus into a .warc.gz first (not timed) and
reads it back through ``incidentwatch.sources.read_sources``, as ``incidentwatch ingest
crawl.warc.gz`` does: end to end from a file to the database. ``--source memory`` hands the
generated articles to extraction directly (reading costs nothing).

Clusters: every ``CLUSTER_EVERY``-th article reports one of a few big attacks (``CLUSTER_SIZE``
reports each, from several sources over two days), so that the storage cost of an article is
measured while incidents hold 100+ reports (the background mentions of the devset paragraphs
join them too): ``cluster_store_ms_first_20`` against ``cluster_store_ms_last_20`` must stay flat.

Storage is timed as ``incidentwatch ingest`` stores: through ``Writer.batch`` (several articles
to a transaction; each commit, the last one included, counts as storage).

Memory: each (backend, size) runs in a fresh subprocess and reports its peak RSS; compare
1,000 with 10,000 articles: a bounded run has the same peak.

Run: python benchmarks/ingest_bench.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import io
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]


CLUSTER_EVERY = 10  # one article in ten is a report of a big attack
CLUSTER_SIZE = 100  # reports per big attack
CLUSTER_SOURCES = ("police said", "hospital officials said", "officials said", "the ISPR said in a statement",
                   "a health department spokesman said", "residents said")


def cluster_article(raw, i: int):  # noqa: ANN001, ANN201 - RawArticle in, RawArticle out
    """Article ``i`` as a report of one of the big attacks, when it is one (self-written lead,
    the devset paragraphs after it)."""
    from datetime import date, timedelta

    if i % CLUSTER_EVERY:
        return raw
    nth = i // CLUSTER_EVERY
    attack = nth // CLUSTER_SIZE
    day = date(2024, 1 + attack % 12, 3 + (attack // 12) % 20)
    killed = 9 + nth % 10
    source = CLUSTER_SOURCES[nth % len(CLUSTER_SOURCES)]
    lead = (f"At least {killed} people were killed and {killed + 11} injured when a suicide bomber struck a police "
            f"checkpost in Domel area of Bannu district on {MONTHS[day.month - 1]} {day.day}, {source}.")
    headline, _, body = (raw.text or "").partition("\n\n")
    return raw.__class__(**{**raw.__dict__, "text": f"Suicide blast at Bannu checkpost\n\n{lead}\n\n{body}",
                            "published": day + timedelta(days=(nth % CLUSTER_SIZE) * 2 // CLUSTER_SIZE)})


def bench_url(i: int) -> str:
    return f"https://bench.example/{i}"


def write_corpus_warc(path: Path, size: int) -> None:
    """The benchmark corpus as a crawl: one text/plain response record per article, its
    publication date in a dateline (a WARC carries no publication date)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from benchmarks.extract_bench import build_corpus

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for i, raw in enumerate(build_corpus(size, lazy=True)):
            raw = cluster_article(raw, i)
            headline, _, body = (raw.text or "").partition("\n\n")
            day = raw.published
            dateline = f"PESHAWAR, {MONTHS[day.month - 1]} {day.day}, {day.year}: " if day else ""
            payload = f"{headline}\n\n{dateline}{body}".encode()
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/plain; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(bench_url(i), "response", payload=io.BytesIO(payload),
                                                          length=len(payload), http_headers=headers))


def corpus(size: int, source: str, workdir: Path) -> Iterator:
    """Raw articles (and reading errors) as ingest would get them."""
    if source == "warc":
        from incidentwatch.sources import read_sources

        warc = workdir / "bench.warc.gz"
        write_corpus_warc(warc, size)
        return read_sources([warc])
    from benchmarks.extract_bench import build_corpus

    return (cluster_article(raw.__class__(**{**raw.__dict__, "url": bench_url(i)}), i)
            for i, raw in enumerate(build_corpus(size, lazy=True)))


def one_run(backend_url: str, size: int, source: str) -> dict:
    from incidentwatch.errors import IncidentwatchError
    from incidentwatch.ingest.extract import extract_for_store
    from incidentwatch.store import Store

    store = Store.open(backend_url)
    writer = store.writer()
    workdir = tempfile.TemporaryDirectory(prefix="iw-bench-")
    items = corpus(size, source, Path(workdir.name))  # the WARC is written here, before the clock starts
    read_s = extract_s = store_s = 0.0
    stored = failed = 0
    early: list[float] = []  # storage seconds of a big attack's first 20 reports
    late: list[float] = []  # and of its last 20
    start = time.perf_counter()
    batch = writer.batch()  # as ``incidentwatch ingest`` stores: several articles to a transaction
    batch.__enter__()
    while True:
        t0 = time.perf_counter()
        raw = next(items, None)
        t1 = time.perf_counter()
        read_s += t1 - t0
        if raw is None:
            break
        if isinstance(raw, IncidentwatchError):
            failed += 1
            continue
        item = extract_for_store(raw)
        t2 = time.perf_counter()
        extract_s += t2 - t1
        if isinstance(item, IncidentwatchError):
            failed += 1
            continue
        outcome = writer.write(item)
        t3 = time.perf_counter()
        store_s += t3 - t2
        index = int(str(raw.url).rsplit("/", 1)[-1]) if raw.url else -1
        if index >= 0 and index % CLUSTER_EVERY == 0:
            rank = (index // CLUSTER_EVERY) % CLUSTER_SIZE
            (early if rank < 20 else late if rank >= CLUSTER_SIZE - 20 else []).append(t3 - t2)
        stored += outcome.status != "duplicate"
    t2 = time.perf_counter()
    batch.__exit__(None, None, None)  # the last commit
    store_s += time.perf_counter() - t2
    total = time.perf_counter() - start
    from sqlalchemy import func, select

    from incidentwatch.store.tables import IncidentReport

    with store.sessions() as session:
        biggest = session.scalar(select(func.count()).select_from(IncidentReport).where(IncidentReport.incident_id.is_not(None))
                                 .group_by(IncidentReport.incident_id).order_by(func.count().desc()).limit(1))
    store.close()
    workdir.cleanup()
    return {
        "articles": size, "source": source, "stored": stored, "failed": failed, "seconds": round(total, 1),
        "articles_per_s": round(size / total, 1), "read_share": round(read_s / total, 3),
        "extract_share": round(extract_s / total, 3), "store_share": round(store_s / total, 3),
        "store_vs_extract": round(store_s / extract_s, 3), "largest_incident_reports": biggest,
        "cluster_store_ms_first_20": round(1000 * sum(early) / len(early), 2) if early else None,
        "cluster_store_ms_last_20": round(1000 * sum(late) / len(late), 2) if late else None,
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--postgres", help="a postgresql:// URL to an empty database (else one is started if possible)")
    parser.add_argument("--source", choices=["warc", "memory"], default="warc",
                        help="read the corpus back from a .warc.gz (end to end), or hand it over in memory")
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--child", nargs=2, metavar=("URL", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.child[0], int(args.child[1]), args.source)))
        return

    server = None
    postgres = args.postgres
    if postgres is None and "postgresql" in args.backends:
        from tests.servers import PostgresServer, postgres_bin

        if postgres_bin() is not None:
            server = PostgresServer(postgres_bin())
            postgres = server.start()
    results = []
    try:
        for size in args.sizes:
            backends = [("sqlite", f"sqlite:///{tempfile.mkdtemp()}/bench.db")] if "sqlite" in args.backends else []
            if postgres and "postgresql" in args.backends:
                backends.append(("postgresql", _fresh_database(postgres, f"bench_{size}")))
            for name, url in backends:
                out = subprocess.run([sys.executable, __file__, "--child", url, str(size), "--source", args.source], capture_output=True, text=True, check=True)
                row = {"backend": name, **json.loads(out.stdout.strip().splitlines()[-1])}
                results.append(row)
                print(json.dumps(row), flush=True)
                if name == "sqlite":
                    shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)
    finally:
        if server is not None:
            server.stop()


def _fresh_database(server_url: str, name: str) -> str:
    from sqlalchemy import create_engine, text

    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return server_url.rsplit("/", 1)[0] + f"/{name}"


if __name__ == "__main__":
    main()
