"""``/api/articles``: listing and one article with its text, reports and evidence."""

from __future__ import annotations


def test_articles_list_newest_first_with_counts(site):
    page = site.client().get("/api/articles").json()
    assert page["count"] == 7
    dates = [a["published"] for a in page["data"]]
    assert dates == sorted(dates, reverse=True)
    assert [(a["reports"], a["claims"]) for a in page["data"]] == [(0, 2)] + [(1, 0)] * 6  # the ledger's article first


def test_article_detail_has_text_and_evidence_that_slices_it(site):
    client = site.client()
    first = client.get("/api/articles", params={"q": "Turbat"}).json()["data"][0]
    article = client.get(f"/api/articles/{first['id']}").json()
    span = article["report_list"][0]["evidence"][0]
    assert article["clean_text"][span["start"]:span["end"]] == span["text"]
