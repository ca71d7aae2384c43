"""``/api/export``: every format over real HTTP parses back to the incidents of the filters,
with its content type and a file name; bad filters are a 400 in the API's error shape."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from incidentwatch.analytics import Selection
from incidentwatch.exports import ExportFormat
from incidentwatch.web.api import export as export_api

BALOCHISTAN = {"Turbat", "Mastung", "Quetta"}  # the corpus's incidents there (tests/web/fixtures)


def _get(client, **params):
    response = client.get("/api/export", params=params)
    assert response.status_code == 200, response.text
    return response


def _places(fmt, content: bytes) -> list[str]:
    if fmt in ("csv", "acled"):
        rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
        return [r["location" if fmt == "acled" else "place"] for r in rows]
    if fmt == "json":
        return [i["place"] for i in json.loads(content)["incidents"]]
    if fmt == "geojson":
        body = json.loads(content)
        assert body["type"] == "FeatureCollection"
        return [f["properties"]["place"] for f in body["features"]]
    return pq.read_table(io.BytesIO(content)).column("place").to_pylist()


@pytest.mark.parametrize(("fmt", "media"), [
    ("csv", "text/csv; charset=utf-8"), ("json", "application/json"), ("geojson", "application/geo+json"),
    ("parquet", "application/vnd.apache.parquet"), ("acled", "text/csv; charset=utf-8"),
])
def test_each_format_parses_back_to_the_filtered_incidents(site, fmt, media):
    response = _get(site.client(), format=fmt, province="Balochistan")
    assert response.headers["content-type"] == media
    assert set(_places(fmt, response.content)) == BALOCHISTAN and len(_places(fmt, response.content)) == 3
    assert response.headers["x-incidentwatch-count"] == "3"
    name = "incidentwatch-pk-balochistan" + ("-acled.csv" if fmt == "acled" else f".{fmt}")
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'


def test_acled_format_has_acleds_columns_and_fatalities(site):
    rows = list(csv.DictReader(io.StringIO(_get(site.client(), format="acled", q="Turbat").text)))
    assert len(rows) == 1 and rows[0]["admin1"] == "Balochistan" and rows[0]["fatalities"] == "2"
    assert rows[0]["event_type"] == "Explosions/Remote violence"


def test_period_and_dates_narrow_the_export(site):
    client = site.client()
    april = _places("csv", _get(client, format="csv", period="2024-04").content)
    assert sorted(april) == ["Mastung", "Turbat"]
    later = csv.DictReader(io.StringIO(_get(client, format="csv", period="2024Q2", **{"from": "2024-04-15"}).text))
    # Mastung, Quetta and the Kabul bombing (no place below the province); Turbat (1 April) is before the 15th
    assert sorted((r["province"], r["date"]) for r in later) == [
        ("Balochistan", "2024-04-19"), ("Balochistan", "2024-05-02"), ("Kabul", "2024-05-19")]


@pytest.mark.parametrize("fmt", [f.value for f in ExportFormat])
def test_no_match_is_a_file_without_rows(site, fmt):
    response = _get(site.client(), format=fmt, province="Sindh")
    assert response.headers["x-incidentwatch-count"] == "0"
    assert _places(fmt, response.content) == []


@pytest.mark.parametrize(("params", "status", "says"), [
    ({"format": "csv", "period": "2024Q9"}, 400, "period '2024Q9'"),
    ({"format": "csv", "province": "Balochstan"}, 400, "did you mean Balochistan"),
    ({"format": "xlsx"}, 422, "format:"),
    ({}, 422, "format:"),
])
def test_bad_requests_answer_the_error_shape(site, params, status, says):
    response = site.client().get("/api/export", params=params)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert says in response.json()["error"]["message"]


def test_a_large_export_rolls_over_to_disk_and_streams_whole(site, monkeypatch):
    monkeypatch.setattr(export_api, "SPOOL_BYTES", 256)  # every export here is larger than that
    monkeypatch.setattr(export_api, "CHUNK", 100)
    whole = _get(site.client(), format="json").content
    assert len(whole) > 1000 and len(json.loads(whole)["incidents"]) == 6 - 1


def test_file_names_keep_only_safe_characters():
    selection = Selection(province='Ba"l/och\\istan\r\n', district="../../etc")
    name = export_api.export_filename(selection, ExportFormat.CSV)
    assert name == "incidentwatch-ba-l-och-istan-etc.csv"
    several = Selection(country="PK", province=("Balochistan", "Khyber Pakhtunkhwa"))
    assert export_api.export_filename(several, ExportFormat.ACLED) == "incidentwatch-pk-balochistan-khyber-pakhtunkhwa-acled.csv"


def test_an_export_of_several_provinces_holds_each_ones_incidents(site):
    client = site.client()
    def ids(params):
        return {i["id"] for i in json.loads(client.get("/api/export", params=params).content)["incidents"]}
    balochistan, kabul = ids({"format": "json", "province": "Balochistan"}), ids({"format": "json", "province": "Kabul"})
    assert balochistan and kabul
    assert ids([("format", "json"), ("province", "Balochistan"), ("province", "Kabul")]) == balochistan | kabul
