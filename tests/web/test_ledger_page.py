"""``/claims``: the ledger page shows the published figures beside our count, the evidence as
text, and links to the article and to the incidents counted; every page has the same nav."""

from __future__ import annotations

import re

import pytest

NAV = ['href="/"', 'href="/review"', 'href="/claims"', 'href="/report"', 'href="/timeline"', 'href="/api/docs"']


def _cells(html: str, claim_source: str) -> str:
    rows = re.findall(r'<tr class="claim".*?</tr>', html, re.S)
    return next(r for r in rows if f"<td>{claim_source}</td>" in r)


def test_figures_stand_beside_our_count_with_escaped_evidence_and_links(site):
    html = site.client().get("/claims", params={"period": "2024Q2"}).text
    assert "2 published figures in 1 group;" in html
    first = _cells(html, "CRSS")  # sorted by source: CRSS first, with the group's cells
    assert 'rowspan="2" class="region">Balochistan' in first and ">2024Q2<" in first
    assert '<a href="/?from=2024-04-01&amp;to=2024-06-30&amp;province=Balochistan" title="the incidents counted">9</a></strong>' in first
    assert "+1" in first and "+12.5%" in first and 'class="band close"' in first
    assert "&lt;script&gt;window.__xss=8&lt;/script&gt;" in first and "<script" not in html
    assert '&lt;b onmouseover=&#34;window.__xss=9&#34;&gt;said&lt;/b&gt;' in first
    assert '<a href="https://frontier-daily.example/picss-q2" rel="noopener noreferrer nofollow">Frontier Daily</a>' in first
    picss = _cells(html, "PICSS")
    assert ">9</td>" in picss and 'class="band agrees"' in picss and '<td class="num">0</td>' in picss
    assert 'href="/report?period=2024Q2"' in html


def test_no_match_says_so(site):
    html = site.client().get("/claims", params={"period": "2023"}).text
    assert "No published figures match." in html


def test_a_filter_the_ledger_cannot_apply_is_a_400_page(site):
    response = site.client().get("/claims", params={"group": "TTP"})
    assert response.status_code == 400 and "the ledger compares whole counts" in response.text


@pytest.mark.parametrize("path", ["/", "/claims", "/review", "/login", "/incidents/1"])
def test_every_page_has_the_same_navigation(site, path):
    html = site.client().get(path).text
    nav = re.search(r"<nav>(.*?)</nav>", html, re.S).group(1)
    assert [link for link in NAV if link in nav] == NAV


def test_the_dashboard_links_carry_its_filters(site):
    html = site.client().get("/", params={"province": "Balochistan", "from": "2024-04-01", "to": "2024-06-30",
                                          "group": "", "sort": "killed"}).text
    exports = re.findall(r'href="(/api/export\?[^"]*)"', html)
    # the filters in the order of the URL, the empty group and the sort left out
    assert exports == [f"/api/export?format={f}&amp;province=Balochistan&amp;from=2024-04-01&amp;to=2024-06-30"
                       for f in ("csv", "json", "geojson", "parquet", "acled")]
    assert 'href="/report?period=2024Q2&amp;province=Balochistan"' in html
    assert 'href="/claims?from=2024-04-01&amp;to=2024-06-30&amp;province=Balochistan"' in html


def test_the_dashboards_report_link_spans_the_incidents_when_no_dates_are_given(site):
    html = site.client().get("/", params={"country": "PK"}).text
    assert 'href="/report?period=2024-03-11..2024-05-02&amp;country=PK"' in html
