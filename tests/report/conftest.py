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


# --- the whole report in a browser (test_browser.py, test_pdf.py) ------------------------------


def chromium_or_skip() -> str:
    """Debian's Chromium for the report tests: skipped locally without it, a failure in CI."""
    import os

    from incidentwatch.errors import IncidentwatchError
    from incidentwatch.report.pdf import chromium_path

    try:
        return str(chromium_path())
    except IncidentwatchError as error:
        if os.environ.get("CI"):
            pytest.fail(f"CI must have Debian's chromium installed (.ci/run installs it): {error}")
        pytest.skip(str(error))


@pytest.fixture(scope="module")
def report_browser():
    """A headless Chromium for a module (the report's own launch arguments). Not for the session:
    one thread runs one sync Playwright at a time, and other modules start their own."""
    from incidentwatch.report.pdf import CHROMIUM_ARGS as REPORT_ARGS

    executable = chromium_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=list(REPORT_ARGS))
        yield browser
        browser.close()


@dataclass
class OpenedReport:
    """A report file opened in the browser, with what the page did while it loaded."""

    page: object  # playwright Page
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@pytest.fixture()
def open_report(report_browser):
    """open_report(path) -> OpenedReport: the HTML file loaded from file:// at an A4-ish width,
    every request but the file itself recorded and aborted, console errors and page errors kept."""
    pages = []

    def open_(path) -> OpenedReport:
        page = report_browser.new_page(viewport={"width": 900, "height": 1200})
        pages.append(page)
        url = path.resolve().as_uri()
        opened = OpenedReport(page=page)
        page.on("console", lambda m: opened.console_errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: opened.page_errors.append(str(e)))
        page.on("request", lambda r: opened.requests.append(r.url) if r.url != url else None)
        page.route("**/*", lambda route: route.continue_() if route.request.url == url else route.abort())
        page.goto(url, wait_until="load")
        return opened

    yield open_
    for page in pages:
        page.close()
