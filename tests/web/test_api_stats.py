"""``/api/stats`` answers what ``analytics.stats`` computes (the CLI's numbers)."""

from __future__ import annotations

from incidentwatch.analytics import resolve_selection
from incidentwatch.analytics.stats import stats


def test_stats_by_province_match_the_analytics_core(site):
    body = site.client().get("/api/stats", params={"by": "province", "country": "PK"}).json()
    with site.store.sessions() as session:
        table = stats(session, resolve_selection(country="PK"), ["province"])
    assert body["total"]["killed"] == table.total.killed == 4 + 2 + 1 + 6
    assert [(r["label"], r["figures"]["killed"]) for r in body["rows"]] == [(r.label, r.figures.killed) for r in table.rows]


def test_stats_by_quarter_compare_with_the_previous_quarter(site):
    body = site.client().get("/api/stats", params={"by": "quarter", "from": "2024-04-01", "to": "2024-06-30"}).json()
    assert body["period"] == "2024Q2"
    assert body["total_change"]["killed"]["previous"] == 4  # Bannu, in Q1


def test_two_time_dimensions_are_refused(site):
    response = site.client().get("/api/stats", params=[("by", "month"), ("by", "quarter")])
    assert response.status_code == 422 and "time dimension" in response.json()["error"]["message"]


def test_a_preset_counts_the_way_the_monitor_counts(site):
    from incidentwatch.analytics.preset_stats import preset_stats
    from incidentwatch.analytics.presets import parse_preset

    body = site.client().get("/api/stats", params={"by": "province", "preset": "picss"}).json()
    with site.store.sessions() as session:
        table = preset_stats(session, resolve_selection(), ["province"], parse_preset("picss"))
    assert body["preset"] == "picss" and body["total"]["killed"] == table.total.killed
    response = site.client().get("/api/stats", params={"preset": "reuters"})
    assert response.status_code == 400 and "unknown preset" in response.json()["error"]["message"]


def test_stats_of_several_provinces_match_the_analytics_core(site):
    params = [("by", "province"), ("province", "Balochistan"), ("province", "KP"), ("group", "TTP"), ("group", "BLA")]
    body = site.client().get("/api/stats", params=params).json()
    with site.store.sessions() as session:
        table = stats(session, resolve_selection(province=["Balochistan", "KP"], group=["TTP", "BLA"]), ["province"])
    assert body["selection"] == "country PK, province Balochistan or Khyber Pakhtunkhwa, group TTP or BLA"
    assert body["total"]["incidents"] == table.total.incidents > 0
    assert [(r["label"], r["figures"]["killed"]) for r in body["rows"]] == [(r.label, r.figures.killed) for r in table.rows]
    assert {r["label"] for r in body["rows"]} <= {"Balochistan", "Khyber Pakhtunkhwa"}
