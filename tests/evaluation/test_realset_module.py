"""``evaluation.realset`` (manifest, halves, cache folder) and ``scripts/realset_save.py``
(cache from saved search answers), on hand-built files."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from incidentwatch.errors import GoldError
from incidentwatch.evaluation.realset import cache_dir, load_manifest, manifest_for, split_ids

ROOT = Path(__file__).resolve().parents[2]


def _write(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


ROWS = [
    {"id": "real-001", "url": "https://example.org/a", "query": "q", "rank": 1, "split": "tune", "kind": "single_attack", "published": "2025-12-01"},
    {"id": "real-002", "url": "https://example.org/b", "query": "q", "rank": 2, "split": "test", "kind": "followup"},
]


def test_split_ids_read_the_manifest_beside_the_gold(tmp_path):
    _write(tmp_path / "manifest.jsonl", ROWS)
    assert manifest_for(tmp_path / "gold.jsonl") == tmp_path / "manifest.jsonl"
    assert manifest_for(tmp_path / "stats-gold.jsonl") == tmp_path / "stats-manifest.jsonl"
    assert split_ids(tmp_path / "manifest.jsonl", "tune") == {"real-001"}
    assert split_ids(tmp_path / "manifest.jsonl", "test") == {"real-002"}


def test_a_bad_manifest_line_is_one_clear_error(tmp_path):
    _write(tmp_path / "manifest.jsonl", [{**ROWS[0], "split": "train"}])
    with pytest.raises(GoldError, match=r"manifest.jsonl:1: split"):
        load_manifest(tmp_path / "manifest.jsonl")
    with pytest.raises(GoldError, match="no such manifest"):
        load_manifest(tmp_path / "missing.jsonl")
    with pytest.raises(GoldError, match="unknown split"):
        split_ids(_write(tmp_path / "ok.jsonl", ROWS), "dev")


def test_the_cache_is_named_by_the_environment_or_sits_beside_the_manifest(tmp_path, monkeypatch):
    monkeypatch.delenv("INCIDENTWATCH_REALSET_CACHE", raising=False)
    assert cache_dir(tmp_path / "manifest.jsonl") == tmp_path / "cache"
    monkeypatch.setenv("INCIDENTWATCH_REALSET_CACHE", str(tmp_path / "elsewhere"))
    assert cache_dir(tmp_path / "manifest.jsonl") == tmp_path / "elsewhere"


@pytest.fixture
def save_script(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("realset_save", ROOT / "scripts" / "realset_save.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    monkeypatch.setattr(module, "MANIFEST", tmp_path / "manifest.jsonl")
    monkeypatch.setattr(module, "HELDOUT", tmp_path / "heldout-urls.txt")
    monkeypatch.setenv("INCIDENTWATCH_REALSET_CACHE", str(tmp_path / "cache"))
    return module


def test_save_writes_the_rows_excerpt_and_prefers_the_rows_rank(tmp_path, save_script):
    _write(tmp_path / "manifest.jsonl", ROWS)
    answer = {"query": "q", "results": [
        {"rank": 1, "url": "http://example.org/a/", "excerpt": "first page"},
        {"rank": 2, "url": "https://www.example.org/b", "excerpt": "an earlier excerpt"},
        {"rank": 3, "url": "https://example.org/b", "excerpt": "the same page again"},
        {"rank": 4, "url": "https://example.org/c", "excerpt": "not in the manifest"},
    ]}
    (tmp_path / "answer.json").write_text(json.dumps(answer), encoding="utf-8")
    assert save_script.save([tmp_path / "answer.json"]) == 2
    assert (tmp_path / "cache" / "real-001.txt").read_text() == "first page"
    assert (tmp_path / "cache" / "real-002.txt").read_text() == "an earlier excerpt"
    assert save_script.check() == 0


def test_add_refuses_a_held_out_url_and_numbers_new_rows(tmp_path, save_script):
    _write(tmp_path / "manifest.jsonl", ROWS)
    (tmp_path / "heldout-urls.txt").write_text("# held out\nhttps://example.org/held/\n", encoding="utf-8")
    answer = {"query": "q2", "results": [
        {"rank": 1, "url": "http://www.example.org/held", "excerpt": "x"},
        {"rank": 2, "url": "https://example.org/new", "excerpt": "new page"},
    ]}
    (tmp_path / "answer.json").write_text(json.dumps(answer), encoding="utf-8")
    with pytest.raises(SystemExit, match="held out"):
        save_script.add(tmp_path / "answer.json", ["1:single_attack:tune"])
    save_script.add(tmp_path / "answer.json", ["2:roundup:test:2025-01-02"])
    rows = [json.loads(x) for x in (tmp_path / "manifest.jsonl").read_text().splitlines()]
    assert rows[-1] == {"id": "real-003", "url": "https://example.org/new", "query": "q2", "rank": 2, "split": "test", "kind": "roundup", "published": "2025-01-02"}
    assert (tmp_path / "cache" / "real-003.txt").read_text() == "new page"
    assert save_script.check() == 1  # real-001 and real-002 were never saved here


def test_a_file_that_is_not_a_search_answer_is_refused(tmp_path, save_script):
    (tmp_path / "answer.json").write_text("[]", encoding="utf-8")
    with pytest.raises(SystemExit, match="not a saved search result"):
        save_script.save([tmp_path / "answer.json"])
    assert "realset_save" not in sys.modules
