"""``/claims``: the ledger page shows the published figures beside our count, the evidence as
text, and links to the article and to the incidents counted; every page has the same nav."""

from __future__ import annotations

import re

import pytest

NAV = ['href="/"', 'href="/review"', 'href="/claims"', 'href="/report"', 'href="/timeline"', 'href="/api/docs"']


def _row(html: str, source: str) -> str:
    """The list item of the one figure from ``source`` on the page."""
    rows = re.findall(r'<li class="claim".*?</li>', html, re.S)
    return next(r for r in rows if f'<span class="source">{source}</span>' in _section_of(html, r))


def _section_of(html: str, row: str) -> str:
    sections = re.findall(r'<section class="card ledger-section">.*?</section>', html, re.S)
    return next(s for s in sections if row in s)


def test_figures_are_grouped_by_source_and_period_beside_our_count(site):
    html = site.client().get("/claims", params={"period": "2024Q2", "min_days_share": 0, "min_outlets": 0}).text
    assert "2 published figures in 1 group;" in html
    headings = re.findall(r'<h2><span class="source">(.*?)</span> · <span class="period">(.*?)</span>', html)
    assert headings == [("CRSS", "2024Q2"), ("PICSS", "2024Q2")]  # one section per source and period
    crss = _row(html, "CRSS")
    assert '<span class="region">Balochistan</span>' in crss and '<span class="pub" title="published">8</span>' in crss
    assert "ours 9" in crss and "+1 (+12.5%)" in crss and 'class="band close">close<' in crss
    assert 'title="our count under the crss preset"' in crss
    # the fold-out: evidence as text, the article, how we counted, the coverage
    assert "&lt;script&gt;window.__xss=8&lt;/script&gt;" in crss and "<script" not in html
    assert '&lt;b onmouseover=&#34;window.__xss=9&#34;&gt;said&lt;/b&gt;' in crss
    assert '<a href="https://frontier-daily.example/picss-q2" rel="noopener noreferrer nofollow">Frontier Daily</a>' in crss
    assert '<a class="incidents" href="/?from=2024-04-01&amp;to=2024-06-30&amp;province=Balochistan"' in crss
    assert re.search(r"Coverage: \d+ articles?, \d+ outlets?, 3 of 91 days with reports\.", crss)
    picss = _row(html, "PICSS")
    assert "ours 9" in picss and "±0" in picss and 'class="band agrees">agrees<' in picss
    assert 'href="/report?period=2024Q2"' in html


def test_thin_coverage_reads_not_comparable(site):
    html = site.client().get("/claims", params={"period": "2024Q2"}).text
    assert html.count('class="band thin_coverage">not comparable (thin coverage)<') == 2
    assert "differs<" not in html.split("</section>", 1)[1]  # no row says differs


def test_rows_are_paged_and_sectioned_by_source_then_period():
    from datetime import date

    from incidentwatch.analytics.ledger import ClaimArticle, LedgerEntry, LedgerGroup
    from incidentwatch.web.pages.ledger_page import GroupView, _sections

    article = ClaimArticle(id=1, outlet=None, title=None, url=None, published=None)

    def entry(n, source):
        return LedgerEntry(claim_id=n, source=source, region="Pakistan", period_label=None, period_start=None,
                           period_end=None, metric="killed", unit="count", value=n, qualifier="exact", article=article,
                           evidence="")

    def view(quarter, *entries):
        start = date(2024, 3 * quarter - 2, 1)
        g = LedgerGroup(region="Pakistan", period_label=None, period_start=start, period_end=start, metric="killed",
                        unit="count", own=None, reason="r", entries=entries)
        return GroupView(group=g, period=f"2024Q{quarter}", incidents_href=None)

    views = [view(2, entry(1, "PICSS"), entry(2, "CRSS")), view(1, entry(3, "CRSS"), entry(4, None)), view(3, entry(5, "CRSS"))]
    first, total = _sections(views, 0, 3)
    assert total == 5
    assert [(s.source, s.period, [r.entry.claim_id for r in s.rows]) for s in first] == [
        ("CRSS", "2024Q1", [3]), ("CRSS", "2024Q2", [2]), ("CRSS", "2024Q3", [5])]
    second, _ = _sections(views, 3, 3)
    assert [(s.source, s.period) for s in second] == [("PICSS", "2024Q2"), ("unattributed", "2024Q1")]


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


def test_several_provinces_reach_the_ledger_and_stay_in_its_form(site):
    html = site.client().get("/claims", params=[("period", "2024Q2"), ("province", "Balochistan"),
                                                ("province", "Khyber Pakhtunkhwa"), ("min_days_share", 0),
                                                ("min_outlets", 0)]).text
    assert '<span class="region">Balochistan</span>' in html
    assert '<input name="province" value="Balochistan"' in html
    assert '<input name="province" value="Khyber Pakhtunkhwa"' in html  # both kept for the next submit


def test_the_dashboard_links_carry_every_value_of_a_filter(site):
    html = site.client().get("/", params=[("province", "Balochistan"), ("province", "Kabul"),
                                          ("from", "2024-04-01"), ("to", "2024-06-30")]).text
    assert ('href="/api/export?format=csv&amp;province=Balochistan&amp;province=Kabul&amp;from=2024-04-01'
            '&amp;to=2024-06-30"') in html
    assert 'href="/claims?from=2024-04-01&amp;to=2024-06-30&amp;province=Balochistan&amp;province=Kabul"' in html
    assert 'href="/report?period=2024Q2&amp;province=Balochistan&amp;province=Kabul"' in html
