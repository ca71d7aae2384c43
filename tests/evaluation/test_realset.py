"""The real-pages development set (``realset/``): manifest and labels agree, no held-out page is
in it, and evaluating on it skips cleanly where the git-ignored cache is absent (as in CI)."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from incidentwatch.evaluation.gold import load_gold

ROOT = Path(__file__).resolve().parents[2]
REALSET = ROOT / "realset"
# ``../shared/eval/heldout-urls.txt`` from the repository root (a worktree may sit one level deeper)
HELDOUT = next((p / "shared" / "eval" / "heldout-urls.txt" for p in ROOT.parents[:3] if (p / "shared" / "eval" / "heldout-urls.txt").exists()), ROOT.parent / "shared" / "eval" / "heldout-urls.txt")
KINDS = {"single_attack", "followup", "roundup", "ispr", "policy", "monitor_report", "chrome_heavy", "other"}


def _rows(name: str) -> list[dict]:
    path = REALSET / name
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _normalise(url: str) -> str:
    url = url.strip().split("://", 1)[-1]
    host, _, rest = url.partition("/")
    return f"{host.lower().removeprefix('www.')}/{rest}".rstrip("/")


def _manifest() -> list[dict]:
    return _rows("manifest.jsonl") + _rows("stats-manifest.jsonl")


def test_manifest_rows_are_complete_and_ids_unique():
    rows = _manifest()
    assert rows, "realset/manifest.jsonl is empty"
    ids = Counter(r["id"] for r in rows)
    assert [i for i, n in ids.items() if n > 1] == []
    urls = Counter(_normalise(r["url"]) for r in rows)
    assert [u for u, n in urls.items() if n > 1] == []
    for row in rows:
        assert row["split"] in ("tune", "test"), row["id"]
        assert row["kind"] in KINDS, row["id"]
        assert row["query"] and row["url"].startswith("http"), row["id"]


def test_both_halves_are_present():
    assert {r["split"] for r in _manifest()} == {"tune", "test"}


def test_every_gold_record_is_in_the_manifest_with_its_url_and_kind():
    manifest = {r["id"]: r for r in _manifest()}
    for name in ("gold.jsonl", "stats-gold.jsonl"):
        path = REALSET / name
        if not path.exists():
            continue
        records = load_gold(path)
        assert len({g.id for g in records}) == len(records)
        for gold in records:
            assert gold.id in manifest, f"{name}: {gold.id} not in the manifest"
            assert gold.url == manifest[gold.id]["url"], gold.id
            assert gold.kind == manifest[gold.id]["kind"], gold.id
            assert gold.published == manifest[gold.id].get("published"), gold.id


def test_main_incidents_name_their_event_and_one_event_stays_in_one_half():
    manifest = {r["id"]: r for r in _manifest()}
    halves: dict[str, set[str]] = {}
    for gold in load_gold(REALSET / "gold.jsonl"):
        for incident in gold.incidents:
            if incident.reported_as == "main":
                assert incident.event, f"{gold.id}: a main incident without an event id"
                halves.setdefault(incident.event, set()).add(manifest[gold.id]["split"])
    assert {e: s for e, s in halves.items() if len(s) > 1} == {}


def test_no_held_out_url_is_in_the_set():
    if not HELDOUT.exists():
        pytest.skip("no held-out list beside the repository")
    lines = HELDOUT.read_text(encoding="utf-8").splitlines()
    heldout = {_normalise(line) for line in lines if line.strip() and not line.startswith("#")}
    assert [r["id"] for r in _manifest() if _normalise(r["url"]) in heldout] == []


def _cache() -> Path:
    return Path(os.environ.get("INCIDENTWATCH_REALSET_CACHE") or REALSET / "cache")


def test_evaluation_on_the_real_pages_runs_when_the_cache_is_there():
    from incidentwatch.evaluation import evaluate_gold
    from incidentwatch.extraction import build_pipeline, to_result

    cache = _cache()
    wanted = [g.id for g in load_gold(REALSET / "gold.jsonl")]
    if not cache.is_dir() or any(not (cache / f"{i}.txt").exists() for i in wanted):
        pytest.skip(f"real-pages cache absent or incomplete ({cache}); see realset/README.md to rebuild it")
    pipeline = build_pipeline()
    scores = evaluate_gold(REALSET / "gold.jsonl", extract=lambda raw: to_result(pipeline(raw)), articles_dir=cache)
    assert scores.articles == len(wanted)


def test_the_events_file_names_every_attack_and_its_reports():
    path = REALSET / "events.jsonl"
    if not path.exists():
        pytest.skip("no events file yet")
    events = {row["event"]: row for row in _rows("events.jsonl")}
    reports: dict[str, set[str]] = {}
    for gold in load_gold(REALSET / "gold.jsonl"):
        for incident in gold.incidents:
            if incident.reported_as == "main" and incident.event:
                reports.setdefault(incident.event, set()).add(gold.id)
    assert set(events) == set(reports), "run python scripts/realset_events.py"
    for event, row in events.items():
        assert set(row["articles"]) == reports[event], event
        low, best, high = row["killed_low"], row["killed_best"], row["killed_high"]
        if None not in (low, best, high):
            assert low <= best <= high, event
