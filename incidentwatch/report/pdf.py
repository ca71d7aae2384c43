"""The report's HTML as an A4 PDF, printed by a headless Chromium (Debian's) driven by Playwright.

The page is handed to the browser as a string (``set_content``), so there is no request for the
report itself, and every request the page might still try is aborted (``page.route``): the PDF
is made from the page alone, offline. The browser is Debian's ``chromium`` at ``/usr/bin/chromium``
or ``$INCIDENTWATCH_CHROMIUM``; Playwright's own browser downloads are never used.

What this is not: it does not lay out the page; the print CSS in the template does.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from ..atomic import write_bytes_atomically
from ..errors import IncidentwatchError

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ENV = "INCIDENTWATCH_CHROMIUM"
CHROMIUM_ARGS = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
)
# Loading a page of inline SVG takes well under a second; a minute means the browser is stuck.
TIMEOUT_MS = 60_000
FOOTER = ('<div style="font-size:7pt;width:100%;text-align:center;color:#666;font-family:sans-serif">'
          'page <span class="pageNumber"></span> of <span class="totalPages"></span></div>')


class PdfError(IncidentwatchError):
    """The PDF could not be made: no browser, or the browser failed."""


def chromium_path() -> Path:
    """The Chromium to drive: ``$INCIDENTWATCH_CHROMIUM`` or Debian's ``/usr/bin/chromium``.

    Raises:
        PdfError: it is not there, with how to install it.
    """
    path = Path(os.environ.get(CHROMIUM_ENV) or CHROMIUM)
    if not path.is_file() or not os.access(path, os.X_OK):
        raise PdfError(f"chromium not found at {path}: install it (apt-get install chromium) "
                       f"or set {CHROMIUM_ENV} to its path")
    return path


@contextmanager
def launched_browser() -> Iterator[object]:
    """A headless Chromium, closed on exit (a Playwright ``Browser``).

    Raises:
        PdfError: Chromium is missing or would not start.
    """
    executable = chromium_path()
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=str(executable), headless=True,
                                                 args=list(CHROMIUM_ARGS))
        except PlaywrightError as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise PdfError(f"chromium at {executable} did not start: {first}") from None
        try:
            yield browser
        finally:
            browser.close()


def html_to_pdf(html: str, path: Path) -> Path:
    """Print ``html`` to an A4 PDF at ``path`` (written whole or not at all).

    The browser is driven from a thread of its own: Playwright's sync API refuses a thread that
    already runs an event loop (a web request handler, another Playwright), and this function
    must work from either.

    Returns:
        The path written.

    Raises:
        PdfError: Chromium is missing or failed.
    """
    path = Path(path)
    chromium_path()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="incidentwatch-pdf") as pool:
        data = pool.submit(_print, html, path).result()
    return write_bytes_atomically(path, data)


def _print(html: str, path: Path) -> bytes:
    from playwright.sync_api import Error as PlaywrightError

    with launched_browser() as browser:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.route("**/*", lambda route: route.abort())  # the page needs nothing from anywhere
        try:
            page.set_content(html, wait_until="load", timeout=TIMEOUT_MS)
            page.emulate_media(media="print")
            data = page.pdf(format="A4", print_background=True, prefer_css_page_size=True,
                            display_header_footer=True, header_template="<div></div>", footer_template=FOOTER)
        except PlaywrightError as error:
            raise PdfError(f"{path}: chromium could not print the report: {str(error).strip().splitlines()[0]}") from None
        finally:
            page.close()
    return data
