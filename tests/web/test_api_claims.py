"""``/api/claims``: the claims ledger over real HTTP, checked against figures counted by hand
from the test corpus (stored by the real pipeline and writer)."""

from __future__ import annotations

from datetime import date

import pytest

from incidentwatch.analytics import resolve_selection
from incidentwatch.analytics.ledger import ledger

# Balochistan in 2024Q2, by hand from tests/web/fixtures: Turbat 2 FC soldiers (2024-04-01),
# Mastung 1 Levies official (2024-04-19), Quetta 6 people (2024-05-02, hostile.jsonl): 3
# incidents, 9 killed, no militants. The figures published (claims.jsonl): PICSS 9, CRSS 8.
OURS, INCIDENTS = 9, 3


def _rows(client, **params):
    response = client.get("/api/claims", params=params)
    assert response.status_code == 200, response.text
    return response.json()


COMPARE_ALL = {"min_days_share": 0, "min_outlets": 0}  # the test corpus is far below the thin-coverage threshold


def test_published_figures_stand_beside_our_hand_counted_figure(site):
    body = _rows(site.client(), period="2024Q2", **COMPARE_ALL)
    assert body["count"] == 2 and not body["truncated"]
    by_source = {row["source"]: row for row in body["data"]}
    picss, crss = by_source["PICSS"], by_source["CRSS"]
    assert (picss["value"], picss["own"], picss["difference"], picss["percent"], picss["band"]) == (9, OURS, 0, 0, "agrees")
    assert (crss["value"], crss["own"], crss["difference"], crss["percent"], crss["band"]) == (8, OURS, 1, 12.5, "close")
    for row in (picss, crss):
        assert (row["region"], row["counted_region"], row["metric"], row["own_incidents"]) == (
            "Balochistan", "Balochistan", "killed", INCIDENTS)
        assert (row["period_start"], row["period_end"]) == ("2024-04-01", "2024-06-30")
        assert row["article"]["outlet"] == "Frontier Daily"
        assert row["article"]["url"] == "https://frontier-daily.example/picss-q2"
        assert row["own_partial_coverage"] is False  # the articles run from March to July
    assert picss["evidence"].startswith("ISLAMABAD: Militant violence in Balochistan killed 9 people")
    assert "<script>window.__xss=8</script>" in crss["evidence"]  # JSON carries the text as it is
    assert picss["period_label"] == "the second quarter of 2024" and crss["period_label"] == "between April and June 2024"
    assert (picss["preset"], crss["preset"]) == ("picss", "crss")  # no operation nor militant: both count 9


def test_thin_coverage_is_not_compared(site):
    rows = _rows(site.client(), period="2024Q2")["data"]
    assert {(r["band"], r["band_label"]) for r in rows} == {("thin_coverage", "not comparable (thin coverage)")}
    # 3 incidents on 3 of the quarter's 91 days
    assert {(r["coverage_days"], r["period_days"]) for r in rows} == {(3, 91)}
    assert all(r["own"] == OURS for r in rows)


def test_the_api_answers_what_the_ledger_function_computes(site):
    body = _rows(site.client(), **{"from": "2024-01-01", "to": "2024-12-31", "province": "Balochistan"})
    with site.store.sessions() as session:
        result = ledger(session, resolve_selection(date_from=date(2024, 1, 1), date_to=date(2024, 12, 31),
                                                   province="Balochistan"))
    assert [(r["claim_id"], r["own"], r["band"]) for r in body["data"]] == [
        (e.claim_id, e.own, e.band.value) for e in result.entries]
    assert body["ledger"] == result.describe()


@pytest.mark.parametrize(("params", "sources"), [
    ({"source": "crss"}, ["CRSS"]),  # a source as typed, made canonical
    ({"source": "Pakistan Institute for Conflict and Security Studies"}, ["PICSS"]),  # an alias
    ({"metric": "killed"}, ["CRSS", "PICSS"]),
    ({"metric": "injured"}, []),
    ({"period": "2023Q4"}, []),  # figures of another period
    ({"province": "Khyber Pakhtunkhwa"}, []),
    ({"country": "PK", "period": "2024"}, ["CRSS", "PICSS"]),
])
def test_filters_choose_the_published_figures(site, params, sources):
    assert sorted(r["source"] for r in _rows(site.client(), **params)["data"]) == sources


@pytest.mark.parametrize(("params", "says"), [
    ({"period": "2024Q7"}, "period '2024Q7'"),
    ({"province": "Balochstan"}, "did you mean Balochistan"),
    ({"source": "Nobody Institute"}, "sources in the database: CRSS, PICSS"),
    ({"group": "TTP"}, "the ledger compares whole counts"),
    ({"period": "2024Q2", "from": "2025-01-01"}, "does not overlap"),
])
def test_bad_filters_are_a_400_with_a_message(site, params, says):
    response = site.client().get("/api/claims", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and says in error["message"]


def test_an_unknown_metric_is_a_422_naming_the_parameter(site):
    response = site.client().get("/api/claims", params={"metric": "deaths"})
    assert response.status_code == 422 and response.json()["error"]["message"].startswith("metric:")


def test_the_schema_names_one_claim_model_and_one_ledger_row(site):
    schemas = site.client().get("/openapi.json").json()["components"]["schemas"]
    assert not [name for name in schemas if "__" in name]  # no two models under one name
    assert "ClaimPublic" in schemas and "LedgerRowPublic" in schemas
    article = schemas["ArticleDetail"]["properties"]["claim_list"]["items"]["$ref"]
    ledger_rows = schemas["ClaimsPage"]["properties"]["data"]["items"]["$ref"]
    assert (article, ledger_rows) == ("#/components/schemas/ClaimPublic", "#/components/schemas/LedgerRowPublic")
    assert {"claim_id", "own", "band", "evidence"} <= set(schemas["LedgerRowPublic"]["properties"])
    assert {"id", "period", "evidence"} <= set(schemas["ClaimPublic"]["properties"])
