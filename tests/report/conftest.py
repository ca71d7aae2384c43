"""A real headless Chromium (Debian's) for rendering the report's SVG, with every request recorded."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]


@dataclass
class Rendered:
    image: Image.Image
    requests: list[str] = field(default_factory=list)

    def has_colour(self, hex_colour: str, at_least: int = 50) -> bool:
        rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
        counts = dict((colour, n) for n, colour in self.image.getcolors(self.image.width * self.image.height))
        return counts.get(rgb, 0) >= at_least


@pytest.fixture(scope="module")
def render_page():
    """render_page(body_html) -> Rendered: the page at 700 CSS px wide (an A4 column), as a screenshot,
    with the URL of every request the page tried (each one is aborted: the page must need none)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def render(body: str) -> Rendered:
            page = browser.new_page(viewport={"width": 700, "height": 600})
            requests: list[str] = []
            page.route("**/*", lambda route: (requests.append(route.request.url), route.abort()))
            page.set_content(f'<!doctype html><html><body style="margin:10px;width:680px">{body}</body></html>')
            png = page.screenshot(full_page=True)
            page.close()
            return Rendered(image=Image.open(io.BytesIO(png)).convert("RGB"), requests=requests)

        yield render
        browser.close()
