"""Every page fits a phone's width (390 px) without sideways scrolling: one column, the
navigation wraps, wide tables scroll inside their card. Screenshots at 390 and 1,280 px."""

from __future__ import annotations

import pytest

from tests.web.test_browser import _login, page, shots  # noqa: F401 - the browser fixtures

PAGES = ["/", "/?province=Balochistan", "/incidents/1", "/claims", "/review", "/api/docs", "/login"]


@pytest.mark.parametrize("width", [390, 1280])
def test_no_page_scrolls_sideways(page, site, shots, width):  # noqa: F811
    page.set_viewport_size({"width": width, "height": 900})
    _login(page, site, "ed")
    for path in PAGES:
        page.goto(f"{site.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= width, f"{path} is {overflow} px wide at {width} px"
        name = path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "dashboard"
        page.screenshot(path=str(shots / f"narrow-{width}-{name}.png"))
    assert page.problems == []
