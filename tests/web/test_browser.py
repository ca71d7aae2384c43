"""The pages in a real browser (Debian's chromium, Playwright): log in, filter, open an incident,
edit it, merge two, see the audit log; from the dashboard open the claims ledger and a report;
screenshots; no console errors; no request to any host but the app; hostile article text runs
nothing."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.web.conftest import PASSWORDS


@pytest.fixture()
def page(browser, site):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.problems = []  # console errors, page errors, requests to other hosts

    def on_console(message):
        if message.type == "error":
            page.problems.append(f"console: {message.text}")

    def on_request(request):
        if urlsplit(request.url).netloc != urlsplit(site.url).netloc and not request.url.startswith("data:"):
            page.problems.append(f"request to {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: page.problems.append(f"page error: {error}"))
    page.on("request", on_request)
    page.on("dialog", lambda dialog: (page.problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    yield page
    context.close()


@pytest.fixture()
def shots(tmp_path_factory) -> Path:
    where = os.environ.get("INCIDENTWATCH_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _login(page, site, name):
    page.goto(f"{site.url}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORDS[name])
    page.click("button[type=submit]")
    page.wait_for_url(f"{site.url}/")


def _row_link(page, place):
    return page.locator("table.incidents tbody tr", has_text=place).locator("td a").first


def test_log_in_filter_open_edit_merge_and_see_the_audit_log(page, site, shots):
    _login(page, site, "ed")
    assert "ed" in page.inner_text("header .user")
    page.screenshot(path=str(shots / "dashboard.png"), full_page=True)

    page.select_option("select[name=province]", "Balochistan")
    page.click("#filters button[type=submit]")
    page.wait_for_url("**province=Balochistan**")
    places = page.locator("table.incidents tbody tr").all_inner_texts()
    assert len(places) == 3 and not any("Bannu" in p for p in places)

    mastung_id = _row_link(page, "Mastung").inner_text()
    _row_link(page, "Turbat").click()
    page.wait_for_url("**/incidents/*")
    assert page.locator("mark.evidence").count() >= 1
    assert page.locator("strong.number").first.get_attribute("title").startswith("killed")
    page.screenshot(path=str(shots / "incident.png"), full_page=True)

    page.fill("input[name=killed_total]", "3")
    page.fill("input[name=killed_security]", "3")
    page.click("#save")
    page.wait_for_url("**#audit")
    entry = page.locator("tr.audit-entry", has_text="edit")
    assert entry.count() == 1 and "ed" in entry.inner_text()
    assert page.input_value("input[name=killed_total]") == "3"

    page.fill("#merge-form input[name=other]", mastung_id)
    page.click("#merge")
    page.wait_for_url("**#audit")
    assert page.locator("tr.audit-entry", has_text="merge").count() == 1
    assert page.locator("section.report").count() == 2
    assert page.problems == []


def test_a_stale_edit_shows_both_versions_and_saves_nothing(page, site):
    _login(page, site, "ed")
    page.goto(f"{site.url}/?q=Mastung")
    _row_link(page, "Mastung").click()
    page.wait_for_url("**/incidents/*")
    incident_url = page.url
    other, token = site.login("eve")  # another editor saves first
    incident = other.get(f"/api/incidents/{incident_url.rsplit('/', 1)[1]}").json()
    assert other.patch(f"/api/incidents/{incident['id']}", headers={"X-CSRF-Token": token},
                       json={"row_version": incident["row_version"], "killed": {"total": 2}}).status_code == 200
    page.fill("input[name=killed_total]", "7")
    page.click("#save")
    assert "Someone else saved this incident first" in page.inner_text("h1")
    assert '"total": 2' in page.inner_text("body") and "7" in page.inner_text("body")
    assert other.get(f"/api/incidents/{incident['id']}").json()["killed"]["total"] == 2


def test_hostile_titles_and_text_are_shown_as_text_and_run_nothing(page, site):
    page.goto(f"{site.url}/?q=Quetta")
    page.goto(f"{site.url}/")
    quetta = _row_link(page, "Quetta")
    quetta.click()
    page.wait_for_url("**/incidents/*")
    body = page.inner_text("body")
    assert "<script>window.__xss=1</script>" in body  # shown, as text
    assert 'onerror="window.__xss=5"' in body
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("script").count() == 0
    assert page.locator("[onerror], [onload], [onmouseover]").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.hover("text=Evil Outlet")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.problems == []


def test_the_dashboard_renders_charts_map_and_table_without_errors(page, site, shots):
    page.goto(f"{site.url}/")
    assert page.locator("svg.map path.province").count() > 30
    assert page.locator("svg.map circle.dot").count() == 5
    assert page.locator("svg.chart rect.bar").count() >= 3
    assert page.locator("table.incidents tbody tr").count() == 5
    page.locator("svg.chart a").first.click()  # a bar filters by its province
    page.wait_for_url("**province=**")
    assert page.problems == []


def test_from_the_dashboard_open_the_ledger_and_the_report(page, site, shots):
    page.goto(f"{site.url}/?province=Balochistan")
    assert page.locator("a.export").count() == 5
    page.screenshot(path=str(shots / "dashboard-links.png"), full_page=True)

    page.click("#claims-link")
    page.wait_for_url("**/claims?province=Balochistan")
    rows = page.locator("ul.ledger-rows li.claim")
    assert rows.count() == 2
    crss = page.locator("section.ledger-section", has_text="CRSS").locator("li.claim")
    crss.locator("summary").click()  # the row folds out
    assert "<script>window.__xss=8</script>" in crss.locator(".evidence").inner_text()  # shown, as text
    page.hover(".evidence >> nth=0")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("script").count() == 0
    page.screenshot(path=str(shots / "ledger.png"), full_page=True)
    crss.locator("a.incidents").click()  # our count opens the incidents it counts
    page.wait_for_url("**/?from=2024-04-01&to=2024-06-30&province=Balochistan")
    assert page.locator("table.incidents tbody tr").count() == 3

    page.click("#report-link")
    page.wait_for_url("**/report?period=2024Q2&province=Balochistan")
    assert page.inner_text("h1").startswith("Militant violence and counterterrorism")
    assert page.locator("svg").count() >= 2  # the charts and the map, inline
    assert page.evaluate("typeof window.__xss") == "undefined"
    page.screenshot(path=str(shots / "report.png"), full_page=True)

    assert page.problems == []

    page.goto(f"{site.url}/report?period=2024Q5")
    assert "2024Q5" in page.inner_text("[role=alert]")
    assert page.locator("header nav a[href='/claims']").count() == 1  # the error page keeps the app's nav
    assert page.problems == ["console: Failed to load resource: the server responded with a status of 400 (Bad Request)"]
