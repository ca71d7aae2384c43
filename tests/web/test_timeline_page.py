"""``/timeline``: the self-contained timeline page with its own policy, the filters and periods,
hostile text escaped."""

from __future__ import annotations

from incidentwatch.report.timeline import POLICY


def test_the_timeline_page_of_a_quarter(site):
    response = site.client().get("/timeline", params={"period": "2024Q2"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert response.headers.get_list("content-security-policy") == [POLICY]
    assert "<h1>Timeline: 2024Q2</h1>" in response.text
    assert "<script" not in response.text  # the hostile fixture's title and text are shown as text
    assert 'href="javascript' not in response.text


def test_a_bad_period_or_place_is_a_400_page(site):
    client = site.client()
    assert client.get("/timeline", params={"period": "2024Q5"}).status_code == 400
    assert client.get("/timeline", params={"province": "Balochstan"}).status_code == 400


def test_the_navigation_links_to_it(site):
    assert 'href="/timeline"' in site.client().get("/login").text

