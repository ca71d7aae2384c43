"""The dashboard's multi-select filters in Chromium: several provinces and types chosen, kept in
the URL as repeated parameters, shown chosen again when the URL is opened (a shared or
bookmarked view), figures equal to the API's, at 1,280 and 390 px, no console error, no request
elsewhere, and an alias or hostile value in the URL shown as text."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.web.test_browser import page, shots  # noqa: F401 - the fixtures


def _chosen(page, name):  # noqa: F811 - ``page`` is the Playwright page
    return page.eval_on_selector(f"select[name={name}]", "s => [...s.selectedOptions].map(o => o.value)")


@pytest.mark.parametrize("width", [1280, 390])
def test_choose_several_provinces_and_types_and_share_the_url(page, site, shots, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{site.url}/")
    page.select_option("select[name=province]", ["Balochistan", "Kabul"])
    page.select_option("select[name=type]", ["bombing", "suicide_bombing"])
    page.click("#filters button[type=submit]")
    page.wait_for_url("**type=suicide_bombing**")
    query = parse_qsl(urlsplit(page.url).query)
    assert [v for k, v in query if k == "province"] == ["Balochistan", "Kabul"]
    assert sorted(v for k, v in query if k == "type") == ["bombing", "suicide_bombing"]  # in the list's order
    page.screenshot(path=str(shots / f"multi-select-{width}.png"), full_page=True)

    api = site.client().get("/api/incidents", params=[(k, v) for k, v in query if v]).json()
    rows = page.locator("table.incidents tbody tr")
    assert rows.count() == api["count"] >= 2  # Quetta (Balochistan) and Kabul at least
    table = " ".join(rows.all_inner_texts())
    assert "Kabul" in table and "Quetta" in table and "Bannu" not in table
    assert "province Balochistan or Kabul" in page.inner_text("p.selection")
    assert "type suicide_bombing or bombing" in page.inner_text("p.selection")
    assert page.locator("#report-link").get_attribute("href").count("province=") == 2  # the links carry both

    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    shared = page.context.new_page()  # the URL opened afresh shows the same choices
    shared.goto(page.url)
    assert _chosen(shared, "province") == ["Balochistan", "Kabul"]
    assert shared.inner_text("#picked-province") == "chosen: Balochistan, Kabul"  # seen without scrolling the list
    assert sorted(_chosen(shared, "type")) == ["bombing", "suicide_bombing"]
    assert _chosen(shared, "country") == []  # implied by the provinces, not chosen: the next choice may be elsewhere
    assert shared.locator("#picked-country").count() == 0
    shared.close()
    assert page.problems == []


def test_an_alias_in_the_url_is_chosen_and_a_hostile_value_is_text(page, site):  # noqa: F811
    page.goto(f"{site.url}/?province=KP&province=baluchistan&group=TTP&group=BLA")
    assert _chosen(page, "province") == ["Balochistan", "Khyber Pakhtunkhwa"]  # canonical names, in list order
    assert _chosen(page, "group") == ["BLA", "TTP"]
    response = page.goto(f"{site.url}/?province=Balochistan&province=%3Cscript%3Ewindow.__x%3D1%3C/script%3E")
    assert response.status == 400
    assert "<script>window.__x=1</script>" in page.inner_text("body")  # named, as text
    assert page.evaluate("typeof window.__x") == "undefined"
    assert [p for p in page.problems if "400" not in p] == []
