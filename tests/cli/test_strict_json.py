"""Huge numbers never reach storage or output, and every JSON output is strict JSON.

A figure of 4,300 digits in an article was a float infinity: ``extract --json`` printed
``"value": Infinity`` and ``claims --format json`` printed ``Infinity`` (neither is JSON), and a
stored one made the claims page a 500. Outputs are read back with a parser that refuses
``Infinity`` and ``NaN``."""

from __future__ import annotations

import math
from datetime import date

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from incidentwatch.cli import cli
from incidentwatch.extraction import to_result
from incidentwatch.ingest import ingest
from incidentwatch.models.claim import MAX_CLAIM_VALUE, is_usable_value
from incidentwatch.pipeline import Pipeline, default_stages
from incidentwatch.sources import read_paths
from incidentwatch.store import Store
from incidentwatch.store.tables import Article, ClaimRow
from tests.analytics.test_ledger import build
from tests.exports.conftest import write_known
from tests.factories import make_article
from tests.strict_json import strict_loads

HUGE = "9" * 4300


def monitor_report(figure: str) -> str:
    return (f"According to a report released by the Center for Research and Security Studies (CRSS), at least {figure} "
            "people were killed and 220 injured in 240 incidents in the second quarter of 2024.")


@pytest.mark.parametrize("figure", [HUGE, "9" * 320, "9" * 20])
def test_a_figure_past_the_bound_is_no_claim_and_the_rest_are_kept(small_resources, figure):
    pipe = Pipeline(default_stages(small_resources))
    claims = to_result(pipe(make_article(monitor_report(figure), published=date(2024, 7, 20)))).claims
    assert all(math.isfinite(c.value) and abs(c.value) <= MAX_CLAIM_VALUE for c in claims)
    assert {c.value for c in claims} >= {220, 240}


@pytest.fixture()
def huge_article(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text(monitor_report(HUGE) + "\n\n" + monitor_report("9" * 320) + "\n")
    return path


def test_extract_json_is_strict_json(huge_article):
    result = CliRunner().invoke(cli, ["extract", str(huge_article), "--published", "2024-07-20", "--json"])
    assert result.exit_code == 0, result.output
    lines = [strict_loads(line) for line in result.stdout.splitlines()]
    assert lines and all(is_usable_value(c["value"]) for line in lines for c in line["claims"])


def test_ingest_stores_no_huge_figure(huge_article, tmp_path):
    store = Store.open(str(tmp_path / "huge.db"))
    try:
        ingest(read_paths([huge_article]), store=store)
        with store.sessions() as session:
            values = list(session.scalars(select(ClaimRow.value)))
        assert values and all(is_usable_value(v) for v in values)
    finally:
        store.close()


@pytest.fixture()
def db_with_a_stored_infinity(tmp_path):
    """The attack: a claim whose 4,300-digit value is in the database already (SQLite keeps it as inf)."""
    path = str(tmp_path / "claims.db")
    store = Store.open(path)
    with store.sessions() as session:
        build(session)
        article = session.get(Article, 2)
        for value in (float("inf"), float("-inf"), 1e300, 12.0):  # SQLite stores NaN as NULL
            session.add(ClaimRow(article_id=article.id, source="HRCP", region_name="Pakistan", region_country="PK",
                                 period_label="2024", period_start=date(2024, 4, 1), period_end=date(2024, 6, 30),
                                 metric="killed", unit="count", value=value, qualifier="exact",
                                 evidence={"start": 0, "end": 10, "text": "HRCP count"}))
        session.commit()
    store.close()
    return path


def test_claims_json_is_strict_json_with_a_stored_infinity(db_with_a_stored_infinity):
    result = CliRunner().invoke(cli, ["claims", "--format", "json", "--db", db_with_a_stored_infinity])
    assert result.exit_code == 0, result.output
    document = strict_loads(result.stdout)
    values = [e["value"] for g in document["groups"] for e in g["published"]]
    assert 12.0 in values and all(is_usable_value(v) for v in values)


def test_the_claims_table_and_csv_skip_a_stored_infinity(db_with_a_stored_infinity):
    for fmt in ("table", "csv"):
        result = CliRunner().invoke(cli, ["claims", "--format", fmt, "--db", db_with_a_stored_infinity])
        assert result.exit_code == 0 and "inf" not in result.stdout.lower().replace("info", ""), result.output


@pytest.mark.parametrize("fmt", ["json", "geojson"])
def test_export_json_is_strict_json(tmp_path, fmt):
    path = str(tmp_path / "export.db")
    store = Store.open(path)
    write_known(store)
    store.close()
    result = CliRunner().invoke(cli, ["export", "--format", fmt, "--db", path])
    assert result.exit_code == 0, result.output
    assert strict_loads(result.stdout)
