"""A claim stored with a 4,300-digit value (an infinity in SQLite) made ``GET /claims`` a 500 for
everyone. The pages and the API skip such a value, and answer strict JSON."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from incidentwatch.store.tables import Article, ClaimRow
from tests.strict_json import strict_loads


@pytest.fixture()
def poisoned_site(web_store, make_site):
    with web_store.sessions() as session:
        article_id = session.scalars(select(Article.id).order_by(Article.id)).first()
        for value in (float("inf"), float("-inf"), 1e300):
            session.add(ClaimRow(article_id=article_id, source="PICSS", region_name="Balochistan", region_country="PK",
                                 region_admin1="Balochistan", period_label="2024Q2", period_start=date(2024, 4, 1),
                                 period_end=date(2024, 6, 30), metric="killed", unit="count", value=value,
                                 qualifier="exact", evidence={"start": 0, "end": 5, "text": "99999"}))
        session.commit()
    return make_site(), article_id


def test_the_claims_page_and_api_answer_with_a_stored_infinity(poisoned_site):
    site, article_id = poisoned_site
    client = site.client()
    page = client.get("/claims")
    assert page.status_code == 200 and "inf" not in page.text.lower().replace("info", "")
    api = client.get("/api/claims", params={"period": "2024Q2"})
    assert api.status_code == 200
    body = strict_loads(api.text)
    assert body["count"] == 2 and {row["value"] for row in body["data"]} == {9, 8}  # the two real figures
    article = client.get(f"/api/articles/{article_id}")
    assert article.status_code == 200 and all(abs(c["value"]) < 1e12 for c in strict_loads(article.text)["claim_list"])
