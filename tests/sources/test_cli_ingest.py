"""``incidentwatch ingest`` end to end with the new sources: a WARC file and a feed URL served on
127.0.0.1, stored once; the second run stores nothing new."""

from __future__ import annotations

from click.testing import CliRunner
from sqlalchemy import select

from incidentwatch.cli import cli
from incidentwatch.store import Store
from incidentwatch.store.tables import Article

from .news import BAJAUR, NORTH_WAZIRISTAN, html_page, write_warc


def test_ingest_stores_a_warc_and_a_feed_url_once(tmp_path, server):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, [("https://frontierpost.example/bajaur", html_page(BAJAUR)),
                      ("https://frontierpost.example/mir-ali", html_page(NORTH_WAZIRISTAN))], gzip=True)
    db = str(tmp_path / "tmp.db")
    args = ["ingest", str(warc), f"{server.base}/feed.rss", "--allow-private", "--db", db, "--quiet"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "read 4 articles: 4 stored" in first.stdout and "0 failed" in first.stdout
    store = Store.open(db)
    with store.sessions() as session:
        stored = {(a.url, a.outlet) for a in session.scalars(select(Article))}
    store.close()
    assert stored == {
        ("https://frontierpost.example/bajaur", None), ("https://frontierpost.example/mir-ali", None),
        (f"{server.base}/news/1", "Balochistan Times"), (f"{server.base}/news/2", "Balochistan Times"),
    }
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0 and "read 4 articles: 0 stored" in again.stdout and "4 duplicates skipped" in again.stdout


def test_ingest_refuses_loopback_urls_without_allow_private(tmp_path, server):
    result = CliRunner().invoke(cli, ["ingest", f"{server.base}/feed.rss", "--db", str(tmp_path / "x.db"), "--quiet"])
    assert result.exit_code == 1
    assert f"skipped {server.base}/feed.rss: private_address" in result.stderr
    assert "1 failed (1 private_address)" in result.stdout and server.requests == []
