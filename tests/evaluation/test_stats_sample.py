"""The blind second annotation of statistical pages (``scripts/stats_sample.py``): a seeded
sample that reads only the manifest, and agreement scored with the project's claim matcher."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from incidentwatch.evaluation.gold import GoldArticle, GoldClaim, load_gold

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("stats_sample", ROOT / "scripts" / "stats_sample.py")
stats_sample = importlib.util.module_from_spec(spec)
spec.loader.exec_module(stats_sample)

ROWS = [{"id": f"stat-{n:03d}", "split": "tune" if n % 2 else "test"} for n in range(1, 41)]


def _claim(metric: str, value: float, **fields) -> GoldClaim:
    base = {"source": "PICSS", "region": "Pakistan", "period_start": "2025-05-01", "period_end": "2025-05-31"}
    return GoldClaim(metric=metric, value=value, **{**base, **fields})


def test_the_sample_is_fixed_by_its_seed_and_keeps_to_each_half():
    first = stats_sample.draw_sample(ROWS, 6, seed=12)
    assert first == stats_sample.draw_sample(list(reversed(ROWS)), 6, seed=12)
    assert first != stats_sample.draw_sample(ROWS, 6, seed=13)
    halves = {r["id"]: r["split"] for r in ROWS}
    for split, ids in first.items():
        assert len(ids) == 6 == len(set(ids))
        assert {halves[i] for i in ids} == {split}


def test_a_second_draw_skips_the_pages_already_annotated():
    first = stats_sample.draw_sample(ROWS, 6, seed=12)
    taken = frozenset(first["tune"] + first["test"])
    second = stats_sample.draw_sample(ROWS, 14, seed=13, exclude=taken)
    assert not taken & set(second["tune"] + second["test"])
    assert len(second["tune"]) == 14  # all of the half's 20 pages less the 6 taken


def test_agreement_counts_matches_fields_and_every_kind_of_disagreement():
    gold = [GoldArticle(id="stat-001", claims=[
        _claim("attacks", 85),
        _claim("killed", 113, region="Khyber Pakhtunkhwa"),
        _claim("percent_change", 5, period_start=None, period_end=None),
        _claim("killed_militants", 15),
        _claim("injured", 182, qualifier="exact"),
    ])]
    second = [GoldArticle(id="stat-001", claims=[
        _claim("attacks", 85),
        _claim("killed", 113, region="KP"),  # the same place: agrees
        _claim("percent_change", 5),  # bounds where gold has none: period disagrees
        _claim("killed", 15),  # another metric: one missed, one extra
        _claim("injured", 182, qualifier="over", source="Dawn"),
    ])]
    result = stats_sample.agreement(gold, second, {"stat-001": "tune"})
    half = result["halves"]["tune"]
    assert (half["gold_claims"], half["second_claims"], half["matched"]) == (5, 5, 4)
    assert (half["claim_precision"], half["claim_recall"]) == (0.8, 0.8)
    assert half["claim_region_agreement"] == 1.0
    assert half["claim_period_agreement"] == 0.75
    assert half["claim_source_agreement"] == 0.75
    kinds = sorted(d["kind"] for d in result["disagreements"])
    assert kinds == ["extra", "missed", "period", "qualifier", "source"]
    assert result["halves"]["test"]["matched"] == 0


def test_a_page_missing_from_the_gold_is_a_one_line_error(tmp_path, capsys):
    manifest = tmp_path / "m.jsonl"
    manifest.write_text(json.dumps({"id": "stat-001", "split": "tune"}) + "\n")
    gold = tmp_path / "g.jsonl"
    gold.write_text(json.dumps({"id": "stat-001", "claims": []}) + "\n")
    second = tmp_path / "s.jsonl"
    second.write_text(json.dumps({"id": "stat-999", "claims": []}) + "\n")
    assert stats_sample.main(["agree", str(second), "--gold", str(gold), "--manifest", str(manifest)]) == 2
    err = capsys.readouterr().err
    assert "stat-999" in err and str(second) in err and "Traceback" not in err
    assert stats_sample.main(["agree", str(tmp_path / "none.jsonl"), "--gold", str(gold), "--manifest", str(manifest)]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_committed_second_annotation_names_labelled_pages_of_both_halves():
    second = load_gold(ROOT / "realset" / "stats-second-annotation.jsonl")
    gold = {g.id for g in load_gold(ROOT / "realset" / "stats-gold.jsonl")}
    manifest = {json.loads(line)["id"]: json.loads(line)["split"]
                for line in (ROOT / "realset" / "stats-manifest.jsonl").read_text().splitlines() if line.strip()}
    assert {p.id for p in second} <= gold
    assert {manifest[p.id] for p in second} == {"tune", "test"}
    assert all(p.claims for p in second)
