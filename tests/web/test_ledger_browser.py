"""The claims ledger page in Chromium at a laptop's 1,280 px and a phone's 390 px: no
horizontal overflow, rows fold out to their evidence, and no word is broken across two lines;
screenshots of both (``INCIDENTWATCH_SCREENSHOTS`` keeps them)."""

from __future__ import annotations

import pytest

from tests.web import test_browser

shots = test_browser.shots  # the screenshot folder fixture, shared with the other browser tests

# every word of the opened evidence and summaries, as a Range: a word broken across two lines
# has two client rectangles
BROKEN_WORDS = """() => {
  const broken = [];
  for (const el of document.querySelectorAll('li.claim summary, li.claim .detail')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.textContent.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter(r => r.width > 0);
        if (rects.length > 1 && new Set(rects.map(r => Math.round(r.top))).size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_ledger_fits_the_width_folds_out_and_breaks_no_word(browser, site, shots, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(f"{site.url}/claims?period=2024Q2")
        rows = page.locator("li.claim")
        assert rows.count() == 2
        assert not rows.first.locator(".evidence").is_visible()  # folded until opened
        for i in range(rows.count()):
            rows.nth(i).locator("summary").click()
        assert rows.first.locator(".evidence").is_visible()
        assert "Coverage:" in rows.first.locator(".how").inner_text()
        width_used = page.evaluate("document.documentElement.scrollWidth")
        assert width_used <= width, f"the page is {width_used} px wide in a {width} px window"
        assert page.evaluate(BROKEN_WORDS) == []
        page.screenshot(path=str(shots / f"ledger-{width}.png"), full_page=True)
        assert errors == []
    finally:
        context.close()
