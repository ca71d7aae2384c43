"""``/report``: the report of a period opened in the browser, the same page ``incidentwatch
report`` writes, with its own Content-Security-Policy; bad periods are a 400 page."""

from __future__ import annotations

import re

from incidentwatch.analytics import parse_period, resolve_selection
from incidentwatch.analytics.presets import parse_preset
from incidentwatch.report.build import build_report
from incidentwatch.web.pages.report_page import REPORT_POLICY


def _h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1).strip()


def test_the_report_of_a_quarter_is_the_self_contained_page_with_its_own_policy(site):
    response = site.client().get("/report", params={"period": "2024Q2", "country": "PK"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers.get_list("content-security-policy") == [REPORT_POLICY]  # the app's does not stack on it
    assert _h1(response.text) == "Militant violence and counterterrorism: 2024Q2"
    assert "<script" not in response.text.replace("&lt;script", "")  # hostile text shown escaped, no script
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in response.text
    assert "/static/" not in response.text and "<link" not in response.text  # nothing fetched, not even from the app


def test_the_page_shows_the_figures_build_report_computes(site):
    html = site.client().get("/report", params={"period": "2024Q2", "province": "Balochistan"}).text
    with site.store.sessions() as session:
        report = build_report(session, parse_period("2024Q2"), resolve_selection(province="Balochistan"))
    assert report.total.total.killed == 2 + 1 + 6  # Turbat, Mastung, Quetta (tests/web/fixtures)
    assert report.summary[0] in html.replace("&#39;", "'")


def test_no_period_means_the_latest_quarter(site):
    assert _h1(site.client().get("/report").text).endswith(": 2024Q2")


def test_a_period_without_incidents_is_the_reports_no_data_page(site):
    response = site.client().get("/report", params={"period": "2030Q1"})
    assert response.status_code == 200
    assert "There is no data for 2030Q1" in response.text


def test_an_unknown_period_or_place_is_a_400_page_saying_why(site):
    client = site.client()
    bad_period = client.get("/report", params={"period": "2024Q5"})
    assert bad_period.status_code == 400 and bad_period.headers["content-type"].startswith("text/html")
    assert "period &#39;2024Q5&#39;: expected a year (2024)" in bad_period.text
    bad_place = client.get("/report", params={"period": "2024Q2", "province": "Balochstan"})
    assert bad_place.status_code == 400 and "did you mean Balochistan" in bad_place.text
    apart = client.get("/report", params={"period": "2024Q2", "from": "2025-01-01"})
    assert apart.status_code == 400 and "does not overlap" in apart.text


def test_a_preset_counts_the_page_the_way_the_monitor_does_and_a_bad_one_is_a_400(site):
    client = site.client()
    html = client.get("/report", params={"period": "2024Q2", "preset": "picss"}).text.replace("&#39;", "'")
    with site.store.sessions() as session:
        report = build_report(session, parse_period("2024Q2"), resolve_selection(), preset=parse_preset("picss"))
    assert report.summary[0] in html and "Counted under the PICSS preset" in html
    bad = client.get("/report", params={"period": "2024Q2", "preset": "reuters"})
    assert bad.status_code == 400 and "preset &#39;reuters&#39;: unknown preset" in bad.text
