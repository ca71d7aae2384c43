"""Bar charts as inline SVG: self-contained, reproducible, escaped, and saying what they show."""

from __future__ import annotations

import math
import re
from xml.etree import ElementTree

import pytest
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.ft2font import FT2Font

from incidentwatch.report.charts import (
    NO_DATA_TEXT,
    PALETTE,
    BarSeries,
    Segment,
    StackedBarSeries,
    draw_bar_chart,
    draw_column_chart,
    format_value,
)
from incidentwatch.report.svg import SVG_NS, external_references

NS = {"svg": SVG_NS}
HOSTILE = ("<script>alert(1)</script>", "$x$", "Lashkar & co", "--> <!--", 'say "hi" \'there\'')

MONTHS = StackedBarSeries(
    title="Deaths by month",
    labels=("2026-07", "2026-08", "2026-09"),
    segments=(Segment("civilians", (34, 51, 12)), Segment("security", (40, 22, 61)), Segment("militants", (90, 37, 15))),
    category_axis="Month",
)
GROUPS = BarSeries(title="Deaths by group", labels=("Tehreek-e-Taliban Pakistan", *HOSTILE), values=(120, 5, 4, 3, 2, 1),
                   category_axis="group")


def _charts():
    return {
        "stacked columns": draw_column_chart(MONTHS),
        "plain columns": draw_column_chart(BarSeries(title="Deaths by month", labels=("Jan", "Feb"), values=(3, 9))),
        "bars": draw_bar_chart(GROUPS),
        "empty": draw_bar_chart(BarSeries(title="Deaths by group", labels=(), values=())),
    }


@pytest.fixture(scope="module")
def charts():
    return _charts()


@pytest.mark.parametrize("name", ["stacked columns", "plain columns", "bars", "empty"])
def test_a_chart_is_one_svg_element_that_refers_to_nothing_outside_it(charts, name):
    svg = charts[name]
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert external_references(svg) == []
    assert "http" not in svg.replace(f'xmlns="{SVG_NS}"', "")
    for forbidden in ("<image", "<script", "<?xml", "<!DOCTYPE", "<metadata", "<!--", "xlink:", "@font-face"):
        assert forbidden not in svg
    # Every reference is to an id inside the same SVG.
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    refs = set(re.findall(r'href="#([^"]+)"', svg)) | set(re.findall(r"url\(#([^)]+)\)", svg))
    assert refs <= ids
    assert root.get("viewBox") and root.get("width") == "100%"
    assert root.find("svg:title", NS).text == ("Deaths by month" if "columns" in name else "Deaths by group")


def test_charts_are_reproducible_byte_for_byte(charts):
    assert _charts() == charts


def test_two_charts_on_one_page_share_no_id(charts):
    ids = [re.findall(r'\bid="([^"]+)"', svg) for svg in charts.values()]
    flat = [i for chart in ids for i in chart]
    assert len(flat) == len(set(flat))


def test_hostile_labels_are_escaped_and_dollar_signs_are_not_math(charts):
    svg = charts["bars"]
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    assert "Lashkar &amp; co" in svg
    desc = ElementTree.fromstring(svg).find("svg:desc", NS).text
    for label in HOSTILE:
        assert label in desc  # the parsed text is the label itself
    # With math text on, "$x$" would be an italic x and no dollar glyph; here the dollars are drawn.
    assert re.search(rf'id="[^"]*{_glyph_id("$")}"', svg)
    assert "Oblique" not in svg


def _glyph_id(char: str) -> str:
    """The id matplotlib gives the DejaVu Sans glyph of ``char`` in an SVG (its glyph index, in hex)."""
    font = FT2Font(findfont(FontProperties(family="DejaVu Sans")))
    return f"DejaVuSans-{font.get_char_index(ord(char)):x}"


def test_a_dollar_label_alone_draws_two_dollar_glyphs():
    svg = draw_bar_chart(BarSeries(title="T", labels=("$x$",), values=(1,)))
    glyph = re.search(rf'id="([^"]*{_glyph_id("$")})"', svg).group(1)
    assert svg.count(f'href="#{glyph}"') == 2


def test_the_description_lists_every_figure_with_its_label(charts):
    desc = ElementTree.fromstring(charts["stacked columns"]).find("svg:desc", NS).text
    assert "2026-07: 164 (civilians 34, security 40, militants 90)" in desc
    assert "2026-09: 88" in desc
    desc = ElementTree.fromstring(charts["bars"]).find("svg:desc", NS).text
    assert desc.startswith("Deaths by group: Tehreek-e-Taliban Pakistan: 120;")


def test_an_empty_series_draws_a_no_data_notice(charts):
    assert ElementTree.fromstring(charts["empty"]).find("svg:desc", NS).text == NO_DATA_TEXT
    all_zero = draw_column_chart(BarSeries(title="T", labels=("Jan",), values=(0,)))
    assert ElementTree.fromstring(all_zero).find("svg:desc", NS).text == NO_DATA_TEXT


def test_long_labels_are_shortened_on_the_axis_but_kept_whole_in_the_description():
    long = "Hafiz Gul Bahadur group " * 10
    svg = draw_bar_chart(BarSeries(title="T", labels=(long,), values=(4,)))
    desc = ElementTree.fromstring(svg).find("svg:desc", NS).text
    assert " ".join(long.split()) in " ".join(desc.split())


def test_a_stacked_series_totals_its_segments():
    assert MONTHS.totals == (164, 110, 88)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: BarSeries(title="T", labels=("a", "b"), values=(1,)), "1 values for 2 labels"),
        (lambda: BarSeries(title="T", labels=("a",), values=(-1,)), ">= 0"),
        (lambda: BarSeries(title="T", labels=("a",), values=(math.nan,)), "finite"),
        (lambda: BarSeries(title="T", labels=("a",), values=(True,)), "finite"),
        (lambda: BarSeries(title="T", labels=("a",) * 61, values=(1,) * 61), "at most 60"),
        (lambda: StackedBarSeries(title="T", labels=("a",), segments=()), "at least one segment"),
        (lambda: StackedBarSeries(title="T", labels=("a",), segments=(Segment("s", (1, 2)),)), "segment 's'"),
    ],
)
def test_bad_series_are_refused_with_a_clear_message(make, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        make()


@pytest.mark.parametrize(("value", "text"), [(0, "0"), (1234, "1,234"), (12.0, "12"), (2.5, "2.5")])
def test_format_value_writes_figures_with_thousands_separators(value, text):
    assert format_value(value) == text


def test_many_months_still_draw_one_column_each():
    labels = tuple(f"2026-{m:02d}" for m in range(1, 13)) + ("2027-01",)
    svg = draw_column_chart(BarSeries(title="T", labels=labels, values=tuple(range(13))))
    desc = ElementTree.fromstring(svg).find("svg:desc", NS).text
    assert desc.count(": ") == 1 + 13


def test_charts_render_in_a_real_browser_without_a_single_request(charts, render_page):
    page = render_page("".join(charts.values()))
    assert page.requests == []
    assert page.image.width == 700 and page.image.height > 900
    for colour in PALETTE[:3]:  # the stacked segments and the bars were drawn
        assert page.has_colour(colour)
