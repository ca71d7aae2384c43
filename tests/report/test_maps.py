"""The province map as inline SVG: shading follows the data, circles follow the deaths, text is escaped."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from incidentwatch.report.maps import (
    NO_DATA_FILL,
    IncidentPoint,
    draw_map,
    fit_label,
    legend_ticks,
    point_radius,
    shade,
)
from incidentwatch.report.svg import SVG_NS, external_references
from incidentwatch.resources.outlines import load_outlines

NS = {"svg": SVG_NS}

DEATHS = {
    ("PK", "Khyber Pakhtunkhwa"): 412, ("PK", "Balochistan"): 198, ("PK", "Sindh"): 23, ("PK", "Punjab"): 9,
    ("PK", "Islamabad"): 2, ("AF", "Kabul"): 57, ("AF", "Nangarhar"): 31, ("AF", "Kunar"): 12, ("AF", "Panjshir"): 0,
}
POINTS = (
    IncidentPoint(lat=30.18, lon=67.0, deaths=60, label="Quetta"),
    IncidentPoint(lat=34.01, lon=71.57, deaths=12, label="Peshawar <script>alert(1)</script>"),
    IncidentPoint(lat=34.53, lon=69.17, deaths=40, label="Kabul & $x$"),
    IncidentPoint(lat=24.86, lon=67.0, deaths=1, label="Karachi"),
    IncidentPoint(lat=51.5, lon=-0.12, deaths=3, label="London (off the map)"),
)


@pytest.fixture(scope="module")
def svg():
    return draw_map(DEATHS, POINTS)


@pytest.fixture(scope="module")
def root(svg):
    return ElementTree.fromstring(svg)


def _provinces(root):
    return {p.get("data-admin1"): p for p in root.iter(f"{{{SVG_NS}}}path") if p.get("data-admin1")}


def _luminance(fill: str) -> float:
    r, g, b = (int(fill[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_map_is_one_svg_element_that_refers_to_nothing_outside_it(svg, root):
    assert root.tag == f"{{{SVG_NS}}}svg"
    assert external_references(svg) == []
    assert "http" not in svg.replace(f'xmlns="{SVG_NS}"', "")
    for forbidden in ("<image", "<script", "<?xml", "<!DOCTYPE", "xlink:", "@font-face"):
        assert forbidden not in svg
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    refs = set(re.findall(r'href="#([^"]+)"', svg)) | set(re.findall(r"url\(#([^)]+)\)", svg))
    assert refs and refs <= ids


def test_every_province_has_a_path_whose_title_gives_its_name_and_figure(root):
    provinces = _provinces(root)
    assert len(provinces) == len(load_outlines().outlines) == 41
    title = provinces["Khyber Pakhtunkhwa"].find("svg:title", NS).text
    assert title == "Khyber Pakhtunkhwa (PK): 412 deaths"
    assert provinces["Panjshir"].find("svg:title", NS).text == "Panjshir (AF): 0 deaths"
    assert provinces["Herat"].find("svg:title", NS).text == "Herat (AF): no data"


def test_the_province_with_most_deaths_is_the_darkest_and_shading_follows_the_figures(root):
    provinces = _provinces(root)
    fills = {name: p.get("fill") for name, p in provinces.items()}
    with_data = sorted(((v, name) for (_c, name), v in DEATHS.items()), reverse=True)
    darkest = min(fills, key=lambda name: _luminance(fills[name]))
    assert darkest == "Khyber Pakhtunkhwa"
    lums = [_luminance(fills[name]) for _v, name in with_data]
    assert lums == sorted(lums)  # more deaths, darker fill
    assert len(set(lums)) == len(lums)


def test_provinces_without_data_are_light_grey_and_zero_is_not_no_data(root):
    provinces = _provinces(root)
    assert provinces["Herat"].get("fill") == NO_DATA_FILL
    assert provinces["Panjshir"].get("fill") != NO_DATA_FILL
    assert sum(p.get("fill") == NO_DATA_FILL for p in provinces.values()) == 41 - len(DEATHS)


def test_incidents_are_circles_sized_by_deaths_and_off_map_points_are_not_drawn(root):
    circles = [c for c in root.iter(f"{{{SVG_NS}}}circle") if c.find("svg:title", NS) is not None]
    titles = {c.find("svg:title", NS).text: float(c.get("r")) for c in circles}
    assert set(titles) == {"Quetta: 60 deaths", "Peshawar <script>alert(1)</script>: 12 deaths",
                           "Kabul & $x$: 40 deaths", "Karachi: 1 death"}
    radii = [titles["Quetta: 60 deaths"], titles["Kabul & $x$: 40 deaths"],
             titles["Peshawar <script>alert(1)</script>: 12 deaths"], titles["Karachi: 1 death"]]
    assert radii == sorted(radii, reverse=True)
    # Area proportional to deaths.
    assert (radii[0] / radii[1]) ** 2 == pytest.approx(60 / 40, rel=0.05)


def test_north_is_up_and_east_is_right(root):
    circles = {c.find("svg:title", NS).text.split(":")[0]: (float(c.get("cx")), float(c.get("cy")))
               for c in root.iter(f"{{{SVG_NS}}}circle") if c.find("svg:title", NS) is not None}
    assert circles["Kabul & $x$"][0] < circles["Peshawar <script>alert(1)</script>"][0]
    assert circles["Karachi"][1] > circles["Quetta"][1]


def test_hostile_incident_labels_come_out_escaped(svg):
    assert "<script" not in svg
    assert "Peshawar &lt;script&gt;alert(1)&lt;/script&gt;" in svg
    assert "Kabul &amp; $x$" in svg


def test_every_province_is_labelled_by_name_or_by_a_code_explained_in_the_legend(root):
    labels_group = next(g for g in root.iter(f"{{{SVG_NS}}}g") if g.get("class") == "labels")
    labels = [t.text for t in labels_group.iter(f"{{{SVG_NS}}}text")]
    legend_group = next(g for g in root.iter(f"{{{SVG_NS}}}g") if g.get("class") == "legend")
    legend = " ".join(t.text for t in legend_group.iter(f"{{{SVG_NS}}}text"))
    pairs = {" ".join(labels[i : i + 2]) for i in range(len(labels) - 1)}
    coded = 0
    for outline in load_outlines().outlines:
        code = outline.iso3166_2.split("-")[1]
        if outline.admin1 in labels or outline.admin1 in pairs:
            continue
        assert code in labels and f"{code} {outline.admin1}" in legend, outline.admin1
        coded += 1
    assert coded <= 6  # abbreviations stay the exception (Islamabad, Kapisa, Panjshir...)


def test_the_map_is_reproducible_and_lists_its_figures_for_screen_readers(svg, root):
    assert draw_map(DEATHS, POINTS) == svg
    desc = root.find("svg:desc", NS).text
    assert desc.startswith("Deaths by province: Khyber Pakhtunkhwa: 412; Balochistan: 198;")
    assert "5 incidents" in desc


def test_a_map_without_data_is_all_grey_and_has_no_colour_bar():
    root = ElementTree.fromstring(draw_map({}))
    assert {p.get("fill") for p in _provinces(root).values()} == {NO_DATA_FILL}
    assert not list(root.iter(f"{{{SVG_NS}}}linearGradient"))


@pytest.mark.parametrize(
    ("deaths", "message"),
    [({("PK", "Khyber-Pakhtunkhwa"): 3}, "has no outline"), ({("PK", "Sindh"): -1}, ">= 0")],
)
def test_bad_figures_are_refused_with_a_clear_message(deaths, message):
    with pytest.raises(ValueError, match=message):
        draw_map(deaths)


def test_a_point_with_impossible_coordinates_is_refused():
    with pytest.raises(ValueError, match="bad coordinates"):
        IncidentPoint(lat=123.0, lon=70.0, deaths=1, label="x")


def test_shade_is_monotone_and_point_radius_has_a_floor():
    fills = [shade(v, 100) for v in (0, 1, 5, 25, 50, 100, 150)]
    lums = [_luminance(f) for f in fills]
    assert lums[:-1] == sorted(lums[:-1], reverse=True) and len(set(lums[:-1])) == 6
    assert fills[-1] == fills[-2]  # clipped at the largest
    assert point_radius(0, 10) == point_radius(1, 1000) > 0


@pytest.mark.parametrize("largest", [1, 2, 9, 57, 412, 1000, 23456])
def test_legend_ticks_run_from_zero_to_the_largest_figure(largest):
    ticks = legend_ticks(largest)
    assert ticks[0] == 0 and ticks[-1] == largest
    assert ticks == sorted(set(ticks))


@pytest.mark.parametrize(
    ("name", "room", "lines", "code"),
    [
        ("Kabul", 200, ("Kabul",), None),
        ("Khyber Pakhtunkhwa", 60, ("Khyber", "Pakhtunkhwa"), None),
        ("Islamabad", 10, ("IS",), "IS"),
    ],
)
def test_fit_label_shrinks_wraps_then_abbreviates(name, room, lines, code):
    label = fit_label(name, code=code or "XX", room=room)
    assert label.lines == lines
    assert label.code == code


def test_the_map_renders_in_a_real_browser_without_a_single_request(svg, root, render_page):
    page = render_page(svg)
    assert page.requests == []
    assert page.image.height > 700  # about as tall as wide: the map, its title and legend
    provinces = _provinces(root)
    for name in ("Khyber Pakhtunkhwa", "Balochistan", "Herat"):
        assert page.has_colour(provinces[name].get("fill"), at_least=500), name
