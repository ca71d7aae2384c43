"""The report's HTML file opened in Debian's Chromium: nothing runs, nothing is fetched, the map
and the charts are drawn at a readable size, hostile text shows as text."""

from __future__ import annotations

import pytest

from incidentwatch.analytics.periods import parse_period
from incidentwatch.report.build import build_report
from incidentwatch.report.render import write_html
from tests.report.known import build_known
from tests.report.test_render import HOSTILE_SENTENCE, SCRIPT_TITLE, hostile_articles


@pytest.fixture()
def report_file(tmp_path):
    store = build_known(str(tmp_path / "hostile.db"), hostile_articles())
    with store.sessions() as session:
        path = write_html(build_report(session, parse_period("2024Q2")), tmp_path / "report.html")
    store.close()
    return path


def test_the_page_loads_with_no_request_no_error_and_runs_nothing(open_report, report_file):
    opened = open_report(report_file)
    page = opened.page
    assert opened.requests == []
    assert opened.console_errors == [] and opened.page_errors == []
    assert page.evaluate("typeof window.pwned") == "undefined"
    text = page.inner_text("body")
    assert SCRIPT_TITLE in text  # shown literally
    assert "onerror=\"window.pwned = 'evidence'\"" in text and HOSTILE_SENTENCE.split("<")[0] in text
    assert page.locator("img, script, iframe").count() == 0


def test_the_map_and_charts_are_drawn_at_a_readable_size(open_report, report_file, tmp_path):
    page = open_report(report_file).page
    map_box = page.locator("#map svg").bounding_box()
    assert map_box["width"] >= 600 and map_box["height"] >= 400
    charts = page.locator("figure.chart svg")
    assert charts.count() == 4
    for i in range(4):
        box = charts.nth(i).bounding_box()
        assert box["width"] >= 600 and box["height"] >= 100, box
    assert page.locator("#map svg path[data-admin1='Balochistan']").count() == 1
    assert page.locator("#map svg circle").count() >= 3  # Bannu, Quetta and the legend at least
    assert page.locator("table.stats").count() == 5
    shot = page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
    assert len(shot) > 50_000  # a page of charts, not a blank one


def test_the_empty_page_opens_and_says_there_is_no_data(open_report, tmp_path):
    store = build_known(str(tmp_path / "k.db"))
    with store.sessions() as session:
        path = write_html(build_report(session, parse_period("2023Q1")), tmp_path / "empty.html")
    store.close()
    opened = open_report(path)
    assert opened.requests == [] and opened.console_errors == [] and opened.page_errors == []
    assert "There is no data for 2023Q1" in opened.page.inner_text("#summary")
    assert opened.page.locator("#methods").is_visible()
