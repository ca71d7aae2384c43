"""Speed of ``stats`` over a million incidents, on SQLite and PostgreSQL.

Builds a database of N incidents (default 1,000,000) with a seeded, roughly realistic spread:
days from 2015 to 2025 (more in later years), districts of the bundled gazetteer weighted
towards Khyber Pakhtunkhwa and Balochistan, event types, zero to two perpetrator groups, tolls
with and without a split by victim category, 2% rejected and 1% undated. It is loaded in bulk
(SQLAlchemy core executemany on SQLite, COPY on PostgreSQL) into a schema made by the
migrations, so the indexes are the ones a user has, through ``Store.bulk_load`` (the rollup
triggers off during the load, the rollups counted once at its end). Then it times ``stats()`` for several
``--by`` choices, over everything and over one quarter, against two baselines measured in the
same run: ``SELECT count(*)`` and a plain ``GROUP BY date`` summing the killed. Each case is
also counted once from the incidents alone (``use_rollups=False``), which must give the same
table (the run stops if not); ``--no-compare`` skips that.

The SQLite file and the PostgreSQL cluster live under the system's temporary folder, never in
the repository; ``--keep DIR`` reuses (or leaves) the SQLite file there.

Run: python benchmarks/stats_bench.py [--incidents 1000000] [--backends sqlite postgresql]
"""

from __future__ import annotations

import argparse
import io
import json
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402

from incidentwatch.analytics.periods import parse_period  # noqa: E402
from incidentwatch.analytics.selection import Selection  # noqa: E402
from incidentwatch.analytics.stats import stats  # noqa: E402
from incidentwatch.models import VictimCategory  # noqa: E402
from incidentwatch.store import Store  # noqa: E402
from incidentwatch.store.tables import Actor, Incident, IncidentPerpetrator  # noqa: E402

SEED = 20240630
FIRST, LAST = date(2015, 1, 1), date(2025, 12, 31)
TYPES = {"bombing": 20, "armed_assault": 25, "targeted_killing": 15, "suicide_bombing": 5, "security_operation": 20,
         "clash": 8, "kidnapping": 3, "airstrike": 2, "other": 2}
PROVINCE_WEIGHT = {"Khyber Pakhtunkhwa": 40, "Balochistan": 25, "Sindh": 6, "Punjab": 4}  # the rest share 25
GROUPS = ["TTP", "BLA", "BLF", "ISKP", "HGB", "JuA", "LeJ", "TJP", "Afghan Taliban", "Jaish al-Adl"]
STAMP = datetime(2026, 1, 1)
COLUMNS = ("id", "date", "place", "admin2", "admin1", "country", "event_type", "killed_total", "killed_civilians",
           "killed_security", "killed_militants", "killed_foreigners", "injured_total", "injured_civilians",
           "injured_security", "injured_militants", "injured_foreigners", "confidence", "review_state", "locked_fields",
           "row_version", "created_at", "updated_at")

CASES = [
    ("total", ()), ("quarter", ("quarter",)), ("province", ("province",)), ("district", ("district",)),
    ("group", ("group",)), ("category", ("category",)), ("quarter+province", ("quarter", "province")),
    ("month", ("month",)), ("week", ("week",)), ("type", ("event_type",)), ("district+group", ("district", "group")),
]
# besides everything and 2024Q2 (every case): the cases timed for a narrower selection. The
# last two are answered from the incidents, not the rollups (a victim-category filter; one
# group's incidents by group, which lists its co-perpetrators)
NARROWER = {"KP 2015-2025": ("quarter", "district", "group"), "civilians hit": ("total", "quarter", "group"),
            "TTP": ("quarter", "group")}


def districts() -> list[tuple[tuple[str, str, str], float]]:
    """(district, province, country) of the gazetteer with a weight each."""
    from incidentwatch.resources import load_resources

    places = [p for p in load_resources().gazetteer.places if p.kind == "admin2" and p.admin1 and p.country]
    per_province: dict[str, int] = {}
    for p in places:
        per_province[p.admin1] = per_province.get(p.admin1, 0) + 1
    others = sum(n for a, n in per_province.items() if a not in PROVINCE_WEIGHT)
    out = []
    for p in places:
        share = PROVINCE_WEIGHT.get(p.admin1)
        weight = share / per_province[p.admin1] if share else 25 / others
        out.append(((p.name, p.admin1, p.country), weight))
    return out


def _split(rng: random.Random, total: int, weights: tuple[int, int, int, int]) -> list[int | None]:
    """A split of ``total`` into four categories; a third of tolls are not split at all."""
    if total == 0 or rng.random() < 0.33:
        return [None] * 4
    known = total if rng.random() < 0.7 else rng.randint(0, total)
    parts = [0, 0, 0, 0]
    for _ in range(known):
        parts[rng.choices(range(4), weights)[0]] += 1
    return [n or None for n in parts]


def generate(n: int):  # noqa: ANN201 - yields (incident row tuple, [group names])
    rng = random.Random(SEED)
    places, weights = zip(*districts(), strict=True)
    types, type_weights = zip(*TYPES.items(), strict=True)
    span = (LAST - FIRST).days + 1
    for i in range(1, n + 1):
        # later years have more incidents: a day drawn with density rising ~3x over the span
        day = FIRST + timedelta(days=int(span * rng.random() ** 0.6))
        district, province, country = rng.choices(places, weights)[0]
        if rng.random() < 0.08:
            district = None  # the report named only the province
        killed = min(int(rng.expovariate(0.35)), 120)
        injured = min(int(rng.expovariate(0.25)), 200) if rng.random() < 0.7 else None
        ks = _split(rng, killed, (4, 4, 3, 1))
        js = _split(rng, injured or 0, (6, 3, 1, 1))
        row = (i, None if rng.random() < 0.01 else day, district or province, district, province, country,
               rng.choices(types, type_weights)[0], killed, *ks, injured, *js, 0.7,
               "rejected" if rng.random() < 0.02 else "unreviewed", "[]", 1, STAMP, STAMP)
        roll = rng.random()
        groups = [] if roll < 0.4 else rng.sample(GROUPS, 2 if roll > 0.95 else 1)
        yield row, groups


def build(url: str, n: int) -> float:
    """Migrate an empty database at ``url`` and load ``n`` incidents; seconds taken."""
    start = time.perf_counter()
    store = Store.open(url)
    actor_ids = {name: i for i, name in enumerate(GROUPS, start=1)}
    postgres = store.engine.dialect.name == "postgresql"
    # as a bulk import would: the rollup triggers off during the load, the rollups counted once after
    with store.bulk_load() as conn:
        conn.execute(insert(Actor.__table__), [{"id": i, "name": name, "kind": "group"} for name, i in actor_ids.items()])
        if postgres:
            cursor = conn.connection.driver_connection.cursor()
            with cursor.copy(f"COPY incidents ({', '.join(COLUMNS)}) FROM STDIN") as copy_incidents:
                perpetrators = io.StringIO()
                for row, groups in generate(n):
                    copy_incidents.write_row(row)
                    for g in groups:
                        perpetrators.write(f"{row[0]}\t{actor_ids[g]}\tclaimed\n")
            with cursor.copy("COPY incident_perpetrators (incident_id, actor_id, status) FROM STDIN") as copy_perps:
                copy_perps.write(perpetrators.getvalue())
        else:
            batch: list[dict] = []
            perps: list[dict] = []
            for row, groups in generate(n):
                batch.append(dict(zip(COLUMNS, row, strict=True)) | {"locked_fields": []})
                perps.extend({"incident_id": row[0], "actor_id": actor_ids[g], "status": "claimed"} for g in groups)
                if len(batch) == 50_000:
                    conn.execute(insert(Incident.__table__), batch)
                    conn.execute(insert(IncidentPerpetrator.__table__), perps)
                    batch, perps = [], []
            if batch:
                conn.execute(insert(Incident.__table__), batch)
                conn.execute(insert(IncidentPerpetrator.__table__), perps)
    if postgres:
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")  # what autovacuum does after a bulk load (SQLite: bulk_load did)
    store.close()
    return time.perf_counter() - start


def best_of(fn, runs: int) -> float:  # noqa: ANN001
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def measure(url: str, runs: int, compare: bool = True) -> dict:
    store = Store.open(url)
    out: dict = {}
    with store.sessions() as session:
        count = session.scalar(text("SELECT count(*) FROM incidents"))
        baseline_count = best_of(lambda: session.execute(text("SELECT count(*) FROM incidents")).all(), runs)
        baseline_group = best_of(lambda: session.execute(text(
            "SELECT date, count(*), sum(killed_total) FROM incidents GROUP BY date")).all(), runs)
        out["incidents"] = count
        out["baseline_count_s"] = round(baseline_count, 4)
        out["baseline_group_by_date_s"] = round(baseline_group, 4)
        q2 = parse_period("2024Q2")
        selections = {"all": Selection(), "2024Q2": Selection(date_from=q2.start, date_to=q2.last),
                      "KP 2015-2025": Selection(date_from=FIRST, date_to=LAST, province="Khyber Pakhtunkhwa"),
                      "civilians hit": Selection(category=VictimCategory.CIVILIANS), "TTP": Selection(group="TTP")}
        cases = []
        for scope, selection in selections.items():
            for name, by in CASES:
                if scope in NARROWER and name not in NARROWER[scope]:
                    continue
                seconds = best_of(lambda selection=selection, by=by: stats(session, selection, by), runs)
                case = {"by": name, "selection": scope, "seconds": round(seconds, 3),
                        "vs_group_by_date": round(seconds / baseline_group, 2)}
                if compare:  # the same table counted from the incidents alone, timed once
                    t0 = time.perf_counter()
                    slow = stats(session, selection, by, use_rollups=False)
                    case["incidents_only_s"] = round(time.perf_counter() - t0, 3)
                    if slow.as_dict() != stats(session, selection, by).as_dict():
                        raise SystemExit(f"rollups and incidents disagree on {name} over {scope}")
                cases.append(case)
                print(json.dumps(cases[-1]), flush=True)
        out["cases"] = cases
        out["slowest_s"] = max(c["seconds"] for c in cases)
        out["median_s"] = round(statistics.median(c["seconds"] for c in cases), 3)
    store.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=1_000_000)
    parser.add_argument("--backends", nargs="+", choices=["sqlite", "postgresql"], default=["sqlite", "postgresql"])
    parser.add_argument("--runs", type=int, default=3, help="timings per case; the best is reported")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip timing each case from the incidents alone (and checking it gives the same table)")
    parser.add_argument("--keep", metavar="DIR", help="keep the SQLite file in DIR (reused when it holds as many incidents)")
    args = parser.parse_args()
    results = []
    if "sqlite" in args.backends:
        folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="iw-stats-bench-"))
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"stats-{args.incidents}.db"
        built = None
        if not path.exists():
            built = build(f"sqlite:///{path}", args.incidents)
        row = {"backend": "sqlite", "build_s": built and round(built, 1), **measure(f"sqlite:///{path}", args.runs, not args.no_compare)}
        results.append(row)
        if not args.keep:
            for p in folder.iterdir():
                p.unlink()
            folder.rmdir()
    if "postgresql" in args.backends:
        from tests.servers import throwaway_postgres

        with throwaway_postgres() as url:
            if url:
                built = build(url, args.incidents)
                results.append({"backend": "postgresql", "build_s": round(built, 1), **measure(url, args.runs, not args.no_compare)})
    for row in results:
        summary = {k: v for k, v in row.items() if k != "cases"}
        print(json.dumps(summary))


if __name__ == "__main__":
    main()
