"""Hostile inputs: growth of each size-scaled shape, and the whole hostile corpus.

    python benchmarks/hostile_bench.py shapes [--sizes 100000,1000000,5000000]
    python benchmarks/hostile_bench.py corpus [--large] [--budget 30]

``shapes`` times the reading and extraction of each shape of ``tests/hostile/generate.py`` (one
long line, text dense with dates or tolls, a large HTML table, HTML with very many attributes,
deeply nested HTML, a feed of thousands of items, a 1-million-character JSON Lines record) at
each size, in this process, and prints the seconds and the growth ratio from one size to the
next: about 10 for ten times the input is linear, 100 quadratic. ``corpus`` writes the corpus to
a temporary folder and reads and extracts every file (as ``ingest`` would, through
``read_sources``) under the per-article time budget; it prints the outcomes, the internal errors
(there should be none), the slowest files and the peak memory (RSS) of the process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from incidentwatch.errors import ArticleFailure, IncidentwatchError  # noqa: E402
from incidentwatch.extraction import build_pipeline  # noqa: E402
from incidentwatch.sources import read_sources  # noqa: E402
from tests.hostile.generate import SHAPES, write  # noqa: E402


def run_file(pipeline, path: Path, budget: float | None) -> tuple[float, Counter[str], list[str]]:  # noqa: ANN001
    """Read and extract one file; (seconds, outcomes, failure lines)."""
    outcomes: Counter[str] = Counter()
    lines: list[str] = []
    started = time.perf_counter()
    for item in read_sources([path]):
        if isinstance(item, IncidentwatchError):
            outcomes["unreadable"] += 1
            continue
        try:
            pipeline(item, time_budget_s=budget)
            outcomes["extracted"] += 1
        except ArticleFailure as error:
            outcomes[error.reason] += 1
            lines.append(str(error))
        except IncidentwatchError:
            outcomes["rejected"] += 1
    return time.perf_counter() - started, outcomes, lines


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def shapes(sizes: list[int], budget: float | None, only: list[str] | None) -> None:
    pipeline = build_pipeline()
    print(f"{'shape':18}" + "".join(f"{size:>12,}" for size in sizes) + "   growth per step")
    with tempfile.TemporaryDirectory() as tmp:
        for name, (suffix, build) in SHAPES.items():
            if only and name not in only:
                continue
            seconds = []
            for size in sizes:
                path = Path(tmp) / f"{name}-{size}{suffix}"
                path.write_bytes(build(size))
                took, outcomes, _ = run_file(pipeline, path, budget)
                seconds.append(took)
                print(f"  {name} at {size:,}: {dict(outcomes)}")
            growth = " ".join(f"x{b / a:.1f}" if a > 0.001 else "-" for a, b in zip(seconds, seconds[1:], strict=False))
            print(f"{name:18}" + "".join(f"{s:>11.2f}s" for s in seconds) + f"   {growth}")
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


def corpus(large: bool, budget: float | None) -> None:
    pipeline = build_pipeline()
    totals: Counter[str] = Counter()
    timings: list[tuple[float, str]] = []
    internal: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        paths = write(Path(tmp), large=large)
        started = time.perf_counter()
        for path in paths:
            took, outcomes, lines = run_file(pipeline, path, budget)
            totals.update(outcomes)
            timings.append((took, path.name))
            internal += [line for line in lines if ArticleFailure.INTERNAL in line]
        wall = time.perf_counter() - started
    print(f"{len(paths)} files in {wall:.1f} s: " + ", ".join(f"{n} {k}" for k, n in totals.most_common()))
    print(f"internal errors: {len(internal)}")
    for line in internal[:20]:
        print("  " + line.encode("ascii", "replace").decode()[:200])
    print("slowest files:")
    for took, name in sorted(timings, reverse=True)[:10]:
        print(f"  {took:7.2f} s  {name.encode('ascii', 'replace').decode()[:80]}")
    print(f"peak RSS {peak_rss_mib():.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["shapes", "corpus"])
    parser.add_argument("--sizes", default="100000,1000000,5000000", help="comma-separated sizes in bytes (shapes)")
    parser.add_argument("--only", help="comma-separated shape names (shapes)")
    parser.add_argument("--large", action="store_true", help="add the 5 MB shapes to the corpus")
    parser.add_argument("--budget", type=float, default=30.0, help="per-article time budget in seconds (0: none)")
    args = parser.parse_args()
    budget = args.budget or None
    if args.what == "shapes":
        shapes([int(s) for s in args.sizes.split(",")], budget, args.only.split(",") if args.only else None)
    else:
        corpus(args.large, budget)


if __name__ == "__main__":
    main()
