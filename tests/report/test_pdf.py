"""The PDF: printed by Debian's Chromium, A4 pages that pdftoppm can rasterise, none blank; a clear
message when there is no Chromium."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from PIL import Image

from incidentwatch.analytics.periods import parse_period
from incidentwatch.report.build import build_report
from incidentwatch.report.pdf import PdfError, chromium_path, html_to_pdf
from incidentwatch.report.render import render_html
from tests.report.conftest import chromium_or_skip
from tests.report.known import build_known


def pdftoppm() -> str:
    found = shutil.which("pdftoppm")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have poppler-utils (pdftoppm) installed")
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    return found


@pytest.fixture(scope="module")
def report_html(tmp_path_factory):
    store = build_known(str(tmp_path_factory.mktemp("pdf") / "k.db"))
    with store.sessions() as session:
        html = render_html(build_report(session, parse_period("2024Q2")))
    store.close()
    return html


def test_the_pdf_has_a4_pages_with_something_on_each(report_html, tmp_path):
    chromium_or_skip()
    path = html_to_pdf(report_html, tmp_path / "report.pdf")
    assert path.read_bytes().startswith(b"%PDF-")
    subprocess.run([pdftoppm(), "-png", "-r", "50", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 5  # summary, charts, tables, deadliest, ledger and methods start pages
    for png in pages:
        image = Image.open(png).convert("L")
        width, height = image.size
        assert abs(width / height - 210 / 297) < 0.01  # A4 portrait
        dark = sum(n for n, value in image.getcolors(width * height) if value < 200)
        assert dark > 200, f"{png.name} is blank"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_the_map_page_of_the_pdf_is_in_colour(report_html, tmp_path):
    chromium_or_skip()
    path = html_to_pdf(report_html, tmp_path / "report.pdf")
    subprocess.run([pdftoppm(), "-png", "-r", "50", "-f", "2", "-l", "2", str(path), str(tmp_path / "map")], check=True)
    (png,) = tmp_path.glob("map-*.png")
    image = Image.open(png).convert("RGB")
    reddish = sum(n for n, (r, g, b) in image.getcolors(image.width * image.height) if r > 150 and g < 120 and b < 100)
    assert reddish > 100  # the shaded provinces survived printing


def test_no_chromium_is_a_one_line_error_saying_how_to_install_it(monkeypatch, tmp_path):
    monkeypatch.setenv("INCIDENTWATCH_CHROMIUM", str(tmp_path / "no-chromium"))
    with pytest.raises(PdfError) as caught:
        chromium_path()
    message = str(caught.value)
    assert "\n" not in message and "apt-get install chromium" in message and "no-chromium" in message
    with pytest.raises(PdfError):
        html_to_pdf("<p>x</p>", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
