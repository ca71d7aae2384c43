"""Ingest throughput, the share of extraction vs storage, and whether memory grows with the corpus.

Generates N articles (paragraphs of the devset reshuffled with a fixed seed, as in
extract_bench.py, each with its own URL so none is a duplicate) and ingests them into SQLite
and, when a PostgreSQL is given or can be started from Debian's binaries, into PostgreSQL;
in one process, so that extraction and storage time can be told apart.

Memory: each (backend, size) runs in a fresh subprocess and reports its peak RSS; compare
1,000 with 10,000 articles: a bounded run has the same peak.

Run: python benchmarks/ingest_bench.py --sizes 1000 10000
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def one_run(backend_url: str, size: int) -> dict:
    from benchmarks.extract_bench import build_corpus
    from incidentwatch.ingest.extract import extract_for_store
    from incidentwatch.store import Store

    store = Store.open(backend_url)
    writer = store.writer()
    extract_s = store_s = 0.0
    stored = 0
    start = time.perf_counter()
    for i, raw in enumerate(build_corpus(size, lazy=True)):
        raw = raw.__class__(**{**raw.__dict__, "url": f"https://bench.example/{i}"})
        t0 = time.perf_counter()
        item = extract_for_store(raw)
        t1 = time.perf_counter()
        outcome = writer.write(item)
        t2 = time.perf_counter()
        extract_s += t1 - t0
        store_s += t2 - t1
        stored += outcome.status != "duplicate"
    total = time.perf_counter() - start
    store.close()
    return {
        "articles": size, "stored": stored, "seconds": round(total, 1), "articles_per_s": round(size / total, 1),
        "extract_share": round(extract_s / total, 3), "store_share": round(store_s / total, 3),
        "store_vs_extract": round(store_s / extract_s, 3), "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--postgres", help="a postgresql:// URL to an empty database (else one is started if possible)")
    parser.add_argument("--child", nargs=2, metavar=("URL", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(one_run(args.child[0], int(args.child[1]))))
        return

    server = None
    postgres = args.postgres
    if postgres is None:
        from tests.servers import PostgresServer, postgres_bin

        if postgres_bin() is not None:
            server = PostgresServer(postgres_bin())
            postgres = server.start()
    results = []
    try:
        for size in args.sizes:
            backends = [("sqlite", f"sqlite:///{tempfile.mkdtemp()}/bench.db")]
            if postgres:
                backends.append(("postgresql", _fresh_database(postgres, f"bench_{size}")))
            for name, url in backends:
                out = subprocess.run([sys.executable, __file__, "--child", url, str(size)], capture_output=True, text=True, check=True)
                row = {"backend": name, **json.loads(out.stdout.strip().splitlines()[-1])}
                results.append(row)
                print(json.dumps(row), flush=True)
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
