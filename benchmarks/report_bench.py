"""Speed of the report on a quarter of 100,000 incidents (target: under 30 seconds).

Builds a SQLite database (or loads a PostgreSQL one given with ``--db``) holding N incidents in
2024Q2 (default 100,000) and half as many in 2024Q1 (the period the report compares with), with
a seeded spread: districts of the bundled gazetteer with their coordinates, weighted towards
Khyber Pakhtunkhwa and Balochistan; event types; zero to two groups; tolls with and without a
split; 2% rejected. Each incident has one article and one report (with its evidence sentence),
as ingest would leave it, and the quarter has a few hundred published figures for the ledger.
Everything is bulk-inserted into a schema made by the migrations, through ``Store.bulk_load``.

Then it times, best of ``--runs``: ``build_report`` for 2024Q2, ``render_html``, and the PDF
(``--pdf``, needs Chromium), against two baselines measured in the same run: a plain
``SELECT count(*), sum(killed_total)`` over the quarter, and one ``stats()`` call by province.

Run: python benchmarks/report_bench.py [--incidents 100000] [--runs 2] [--pdf] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, insert, select  # noqa: E402

from incidentwatch.analytics.periods import parse_period  # noqa: E402
from incidentwatch.analytics.selection import Selection  # noqa: E402
from incidentwatch.analytics.stats import stats  # noqa: E402
from incidentwatch.report.build import build_report  # noqa: E402
from incidentwatch.report.render import render_html  # noqa: E402
from incidentwatch.store import Store  # noqa: E402
from incidentwatch.store.tables import (  # noqa: E402
    Actor,
    Article,
    ClaimRow,
    Incident,
    IncidentPerpetrator,
    IncidentReport,
)

SEED = 20240630
QUARTER = parse_period("2024Q2")
BEFORE = parse_period("2024Q1")
TYPES = {"bombing": 20, "armed_assault": 25, "targeted_killing": 15, "suicide_bombing": 5, "security_operation": 20,
         "clash": 8, "kidnapping": 3, "airstrike": 2, "other": 2}
PROVINCE_WEIGHT = {"Khyber Pakhtunkhwa": 40, "Balochistan": 25, "Sindh": 6, "Punjab": 4}  # the rest share 25
GROUPS = ["TTP", "BLA", "BLF", "ISKP", "HGB", "JuA", "LeJ", "TJP", "Afghan Taliban", "Jaish al-Adl"]
OUTLETS = ["Dawn", "The Express Tribune", "The News", "Pajhwok", "TOLOnews", "Business Recorder", "Balochistan Post",
           "Khaama Press", "Ariana News", "Daily Times"]
STAMP = datetime(2024, 7, 2)
BATCH = 20_000


def districts() -> list[tuple[object, float]]:
    """Gazetteer districts with coordinates, each with a weight."""
    from incidentwatch.resources import load_resources

    places = [p for p in load_resources().gazetteer.places
              if p.kind == "admin2" and p.admin1 and p.country and p.lat is not None]
    per_province: dict[str, int] = {}
    for p in places:
        per_province[p.admin1] = per_province.get(p.admin1, 0) + 1
    others = sum(n for a, n in per_province.items() if a not in PROVINCE_WEIGHT)
    return [(p, (PROVINCE_WEIGHT[p.admin1] / per_province[p.admin1]) if p.admin1 in PROVINCE_WEIGHT else 25 / others)
            for p in places]


def _split(rng: random.Random, total: int) -> list[int | None]:
    """Four categories; a third of tolls are not split."""
    if total == 0 or rng.random() < 0.33:
        return [None] * 4
    parts = [0, 0, 0, 0]
    for _ in range(total):
        parts[rng.choices(range(4), (4, 4, 3, 1))[0]] += 1
    return [n or None for n in parts]


def rows(n: int, period, first_id: int, rng: random.Random):  # noqa: ANN001, ANN201 - yields row dicts
    places, weights = zip(*districts(), strict=True)
    types, type_weights = zip(*TYPES.items(), strict=True)
    for i in range(first_id, first_id + n):
        day = period.start + timedelta(days=rng.randrange(period.days))
        place = rng.choices(places, weights)[0]
        killed = min(int(rng.expovariate(0.35)), 120)
        injured = min(int(rng.expovariate(0.25)), 200)
        ks, js = _split(rng, killed), _split(rng, injured)
        event_type = rng.choices(types, type_weights)[0]
        sentence = (f"{place.name.upper()}: {killed} people were killed and {injured} injured in a {event_type} "
                    f"in {place.name} district on {day:%A}, officials said.")
        published = day + timedelta(days=rng.choice((0, 1, 1, 2)))
        incident = dict(
            id=i, date=day, date_precision="day", place=place.name, admin2=place.admin2, admin1=place.admin1,
            country=place.country, iso3166_2=place.iso3166_2, lat=place.lat, lon=place.lon, event_type=event_type,
            killed_total=killed, killed_civilians=ks[0], killed_security=ks[1], killed_militants=ks[2],
            killed_foreigners=ks[3], killed_qualifier="exact", injured_total=injured, injured_civilians=js[0],
            injured_security=js[1], injured_militants=js[2], injured_foreigners=js[3], injured_qualifier="exact",
            confidence=0.8, review_state="rejected" if rng.random() < 0.02 else "unreviewed", locked_fields=[],
            row_version=1, created_at=STAMP, updated_at=STAMP,
        )
        article = dict(id=i, source_id=f"a{i}", outlet=rng.choice(OUTLETS), url=f"https://news.example.org/{i}",
                       canonical_url=f"news.example.org/{i}", path=None, content_hash=f"{i:064x}",
                       title=f"{killed} killed in {place.name}", published=published, clean_text=sentence, version=1,
                       is_current=True, extractor_version="0.1.0", ingested_at=STAMP)
        report = dict(id=i, article_id=i, incident_id=i, position=0, reported_as="main", published=published, date=day,
                      admin2=place.admin2, admin1=place.admin1, event_type=event_type, killed_total=killed,
                      killed_militants=ks[2], injured_total=injured, extractor_version="0.1.0",
                      payload={"evidence": [{"start": 0, "end": len(sentence), "text": sentence}]})
        roll = rng.random()
        groups = [] if roll < 0.4 else rng.sample(range(1, len(GROUPS) + 1), 2 if roll > 0.95 else 1)
        yield incident, article, report, [{"incident_id": i, "actor_id": g, "status": "claimed"} for g in groups]


def build(url: str, n: int) -> float:
    """Load ``n`` incidents in the quarter and ``n // 2`` in the one before into ``url``; seconds taken."""
    started = time.perf_counter()
    store = Store.open(url)
    rng = random.Random(SEED)
    with store.bulk_load() as conn:  # the rollup triggers off, the rollups counted once at the end
        conn.execute(insert(Actor.__table__), [{"id": i, "name": g, "kind": "group"} for i, g in enumerate(GROUPS, 1)])
        batches: dict[str, list] = {"incidents": [], "articles": [], "reports": [], "perps": []}

        def flush() -> None:
            for table, key in ((Incident, "incidents"), (Article, "articles"), (IncidentReport, "reports"),
                               (IncidentPerpetrator, "perps")):
                if batches[key]:
                    conn.execute(insert(table.__table__), batches[key])
                    batches[key] = []

        def load(count: int, period, first: int) -> None:  # noqa: ANN001
            for incident, article, report, perps in rows(count, period, first, rng):
                batches["incidents"].append(incident)
                batches["articles"].append(article)
                batches["reports"].append(report)
                batches["perps"].extend(perps)
                if len(batches["incidents"]) >= BATCH:
                    flush()
            flush()

        load(n, QUARTER, 1)
        load(n // 2, BEFORE, n + 1)
        claims = [dict(article_id=rng.randint(1, n), source=rng.choice(["CRSS", "PICSS", "PIPS", None]),
                       region_name="Pakistan", region_country="PK", period_label="the second quarter of 2024",
                       period_start=QUARTER.start, period_end=QUARTER.last, metric=rng.choice(["killed", "incidents"]),
                       unit="count", value=float(rng.randint(1000, 9000)), qualifier="exact",
                       evidence={"start": 0, "end": 10, "text": "A figure published for the quarter."})
                  for _ in range(300)]
        conn.execute(insert(ClaimRow.__table__), claims)
    store.close()
    return time.perf_counter() - started


def best_of(fn, runs: int) -> tuple[float, object]:  # noqa: ANN001
    best, result = float("inf"), None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def measure(url: str, runs: int, pdf: bool, out_dir: Path) -> dict:
    store = Store.open(url)
    selection = Selection(date_from=QUARTER.start, date_to=QUARTER.last)
    with store.sessions() as session:
        held = session.scalar(select(func.count()).select_from(Incident).where(
            Incident.date >= QUARTER.start, Incident.date < QUARTER.end))
        plain, _ = best_of(lambda: session.execute(
            select(func.count(), func.sum(Incident.killed_total))
            .where(Incident.date >= QUARTER.start, Incident.date < QUARTER.end)).all(), runs)
        one_stats, _ = best_of(lambda: stats(session, selection, ["province"]), runs)
        built, report = best_of(lambda: build_report(session, QUARTER), runs)
    store.close()
    rendered, html = best_of(lambda: render_html(report), runs)
    (out_dir / "report.html").write_text(html, encoding="utf-8")
    result = {
        "backend": store.engine.dialect.name, "incidents_in_quarter": held, "runs": runs,
        "baseline_select_s": round(plain, 4), "baseline_stats_by_province_s": round(one_stats, 4),
        "build_report_s": round(built, 3), "render_html_s": round(rendered, 3),
        "html_bytes": len(html.encode()), "build_vs_stats": round(built / one_stats, 1),
        "build_vs_select": round(built / plain, 1),
    }
    if pdf:
        from incidentwatch.report.pdf import html_to_pdf

        printed, path = best_of(lambda: html_to_pdf(html, out_dir / "report.pdf"), 1)
        result["pdf_s"] = round(printed, 3)
        result["pdf_bytes"] = Path(path).stat().st_size
    result["total_html_s"] = round(built + rendered, 3)
    result["total_s"] = round(built + rendered + result.get("pdf_s", 0.0), 3)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2, help="timings per step; the best is reported")
    parser.add_argument("--pdf", action="store_true", help="also time the PDF (needs Debian's chromium)")
    parser.add_argument("--db", help="an empty PostgreSQL database URL (default: a SQLite file in a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="iw-report-bench-") as tmp:
        url = args.db or str(Path(tmp) / "bench.db")
        loaded = build(url, args.incidents)
        print(json.dumps({"load_s": round(loaded, 1)}), flush=True)
        print(json.dumps(measure(url, args.runs, args.pdf, Path(tmp)), indent=2))


if __name__ == "__main__":
    main()
