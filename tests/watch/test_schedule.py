"""Scheduled reports and exports: the current quarter's report and exports written into a
folder, each file whole (a temporary file moved into place), a failed write leaving the old
file as it was."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from incidentwatch.ingest.extract import extract_for_store
from incidentwatch.models import RawArticle
from incidentwatch.store import Store
from incidentwatch.watch.schedule import (
    ScheduleError,
    Scheduler,
    current_quarter,
    load_schedule,
    write_atomically,
)

from .newsroom import story


def _store_with_a_story_today(path) -> Store:  # noqa: ANN001
    store = Store.open(str(path))
    s = story("today", "Bannu", 5)
    item = extract_for_store(RawArticle(id="t", html=s.html(), url="https://frontier.example/news/today", title=s.title,
                                        published=date.today()))
    assert store.writer().write(item).incident_ids
    return store


def test_the_schedule_writes_the_current_quarter_report_and_exports(tmp_path):
    store = _store_with_a_story_today(tmp_path / "s.db")
    (tmp_path / "schedule.yaml").write_text("output: site\nevery: 3600\nreport: true\nexports: [csv, geojson]\n")
    schedule = load_schedule(tmp_path / "schedule.yaml")
    now = [0.0]
    scheduler = Scheduler(store, schedule, clock=lambda: now[0])
    scheduler.tick()
    now[0] = 1.0
    scheduler.tick()  # not due again before an hour
    assert scheduler.runs == 1
    site = tmp_path / "site"
    label = current_quarter()
    names = sorted(p.name for p in site.iterdir())
    assert names == sorted([f"report-{label}.html", "report-current.html", f"incidents-{label}.csv", "incidents-current.csv",
                            f"incidents-{label}.geojson", "incidents-current.geojson"])
    rows = list(csv.DictReader(io.StringIO((site / "incidents-current.csv").read_text())))
    assert len(rows) == 1 and rows[0]["killed_total"] == "5"
    assert len(json.loads((site / f"incidents-{label}.geojson").read_text())["features"]) == 1
    assert "Bannu" in (site / "report-current.html").read_text()
    now[0] = 3601.0
    scheduler.tick()
    assert scheduler.runs == 2 and sorted(p.name for p in site.iterdir()) == names  # replaced, no temporary left
    store.close()


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "incidents-current.csv"
    target.write_text("old\n")

    def broken(out) -> None:  # noqa: ANN001
        out.write(b"half of a new fi")
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        write_atomically(target, broken)
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["incidents-current.csv"]


def test_schedule_file_problems_are_one_line(tmp_path):
    path = tmp_path / "schedule.yaml"
    path.write_text("output: site\nexports: [xlsx]\n")
    with pytest.raises(ScheduleError, match=r"schedule.yaml: exports: unknown format 'xlsx'"):
        load_schedule(path)
    path.write_text("every: 10\n")
    with pytest.raises(ScheduleError, match=r"schedule.yaml: output: Field required"):
        load_schedule(path)
