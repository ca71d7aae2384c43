"""The dashboard's map (legend, province labels, circles that name their place and open its
incidents), its charts (incidents over time, by type, by district within a province, the
country beside each province), date presets and the note on undated incidents."""

from __future__ import annotations

import re
from datetime import date

import pytest
from starlette.requests import Request

from incidentwatch.web.mapview import _level, build_map, legend
from incidentwatch.web.pages.dashboard import date_presets
from incidentwatch.web.queries import MapPoint


@pytest.mark.parametrize("largest", [0, 1, 3, 7, 81, 250])
def test_the_legend_says_which_deaths_each_shade_covers(largest):
    steps = {s.fill_class: s.text for s in legend(largest)}
    assert steps["s0"] == "none"
    for deaths in range(1, largest + 1):
        low, _, high = steps[f"s{_level(deaths, largest)}"].partition("–")
        assert int(low) <= deaths <= int(high or low)


def test_a_circle_names_its_place_and_links_to_its_incidents():
    view = build_map(deaths_by_province={"Balochistan": 6}, tiles_url=None,
                     points=[(30.2, 67.0, 2, 6)], link=lambda district, province: f"/?province={province}")
    assert view.dots[0].title == "2 incidents, 6 killed" and view.dots[0].href is None  # no place: no link
    named = build_map(deaths_by_province={"Balochistan": 6}, tiles_url=None,
                      points=[MapPoint(30.2, 67.0, 2, 6, "Quetta", "Quetta", "Balochistan")],
                      link=lambda district, province: f"/?district={district}")
    assert named.dots[0].title == "Quetta, Balochistan: 2 incidents, 6 killed" and named.dots[0].href == "/?district=Quetta"
    assert [label.text for label in named.labels] == ["Balochistan"]


def _request(query: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": "/", "query_string": query.encode(), "headers": []})


def test_date_presets_keep_the_other_filters():
    presets = date_presets(_request("province=Balochistan&from=2024-06-02&to=2024-06-30"), date(2024, 6, 30))
    assert [p.label for p in presets] == ["last 7 days", "last 30 days", "last 90 days", "this quarter"]
    assert presets[0].href == "/?province=Balochistan&from=2024-06-24&to=2024-06-30"
    assert presets[3].href.endswith("from=2024-04-01&to=2024-06-30")
    assert [p.active for p in presets] == [False, False, False, False]
    assert date_presets(_request("from=2024-06-01&to=2024-06-30"), date(2024, 6, 30))[1].active


def test_the_page_has_the_new_charts_legend_and_links(site):
    html = site.client().get("/", params={"province": "Balochistan"}).text
    for title in ("Incidents by week", "Incidents by type", "Killed by district in Balochistan", "Killed by province"):
        assert re.search(rf"<h2>{title}", html), title
    assert "Balochistan (PK)" in html  # the country beside the province
    assert 'class="legend"' in html and 'class="province-label"' in html
    assert re.search(r"<a href=\"/\?[^\"]*district=[A-Za-z]+[^\"]*\"><circle", html), re.findall(r"<a[^>]*><circle", html)[:3]
    assert "last 30 days" in html
