"""Draw the fixed random sample of real pages that a second, blind annotation labels.

The sample is drawn from the manifest alone (never from the gold, so that drawing it shows
the second annotator nothing of the first labels): ``--per-split`` pages of each half, chosen
by ``random.Random(seed)`` from that half's ids in sorted order. The seed is recorded in
``realset/README.md`` ("Second annotation"), so anyone can redraw the same pages.

    python scripts/realset_sample.py                  # the recorded sample (seed 20261206, 12 a half)
    python scripts/realset_sample.py --seed 7 --per-split 5
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

MANIFEST = Path(__file__).resolve().parents[1] / "realset" / "manifest.jsonl"
SEED = 20261206
PER_SPLIT = 12
SPLITS = ("tune", "test")
# The recorded sample was drawn from the manifest's first 317 rows (the set when it was drawn);
# pages added later are not in its population, so that adding pages never changes the draw.
DRAWN_FROM_ROWS = 317


def draw(rows: list[dict], *, seed: int = SEED, per_split: int = PER_SPLIT) -> dict[str, list[str]]:
    """The sampled ids of each half, sorted; a half smaller than ``per_split`` is taken whole."""
    rng = random.Random(seed)
    sample: dict[str, list[str]] = {}
    for split in SPLITS:
        ids = sorted(row["id"] for row in rows if row["split"] == split)
        sample[split] = sorted(rng.sample(ids, min(per_split, len(ids))))
    return sample


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--per-split", type=int, default=PER_SPLIT)
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.manifest.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.seed == SEED and args.per_split == PER_SPLIT:
        rows = rows[:DRAWN_FROM_ROWS]  # the recorded sample's population
    for split, ids in draw(rows, seed=args.seed, per_split=args.per_split).items():
        print(split, " ".join(ids))


if __name__ == "__main__":
    main()
