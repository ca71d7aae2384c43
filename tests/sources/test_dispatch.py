"""One stream from any mix of sources: folders, files of every kind, and URLs."""

from __future__ import annotations

import json

from incidentwatch.errors import InputError
from incidentwatch.models import RawArticle, RejectReason
from incidentwatch.sources import FetchOptions, read_sources
from incidentwatch.sources.dispatch import is_url

from .news import BAJAUR, KECH, LAKKI_MARWAT, QUETTA, html_page, rss_feed, write_warc


def test_a_folder_mixes_text_html_jsonl_feeds_and_warc_and_skips_what_is_no_source(tmp_path):
    (tmp_path / "a-story.txt").write_text("\n\n".join(LAKKI_MARWAT[2]))
    (tmp_path / "b-page.html").write_text(html_page(QUETTA))
    (tmp_path / "c-batch.jsonl").write_text(json.dumps({"id": "j1", "text": " ".join(KECH[2])}) + "\n")
    (tmp_path / "d-feed.rss").write_text(rss_feed([KECH], base="https://bt.example"))
    (tmp_path / "e-sitemap.xml").write_text("<?xml version='1.0'?><urlset><url><loc>https://x.example/</loc></url></urlset>")
    (tmp_path / "nested").mkdir()
    write_warc(tmp_path / "nested" / "f-crawl.warc.gz", [("https://fp.example/bajaur", html_page(BAJAUR))], gzip=True)
    (tmp_path / "README.md").write_text("# these are the test articles")
    items = list(read_sources([tmp_path]))
    assert all(isinstance(i, RawArticle) for i in items), items
    assert [i.id for i in items] == ["a-story", "b-page", "j1", "https://bt.example/news/1", "https://fp.example/bajaur"]


def test_an_xml_file_given_by_name_is_read_as_a_feed_and_reported_when_it_is_none(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text("<?xml version='1.0'?><urlset></urlset>")
    (error,) = read_sources([str(sitemap)])
    assert isinstance(error, InputError) and error.reason == RejectReason.MALFORMED


def test_a_file_without_a_feed_suffix_is_sniffed_as_a_feed(tmp_path):
    (tmp_path / "latest").write_text(rss_feed([KECH], base="https://bt.example"))
    (entry,) = read_sources([tmp_path / "latest"])
    assert isinstance(entry, RawArticle) and entry.outlet == "Balochistan Times"


def test_paths_and_urls_mix_and_each_failure_names_its_source(tmp_path, server):
    (tmp_path / "empty.txt").write_bytes(b"")
    sources = [str(tmp_path / "empty.txt"), f"{server.base}/article.html", f"{server.base}/gone",
               str(tmp_path / "missing.warc"), "ftp://news.example/story.txt"]
    items = list(read_sources(sources, fetch_options=FetchOptions(allow_private=True)))
    assert [type(i).__name__ for i in items] == ["InputError", "RawArticle", "InputError", "InputError", "InputError"]
    assert [str(i) for i in items if isinstance(i, InputError)] == [
        f"{tmp_path / 'empty.txt'}: empty",
        f"{server.base}/gone: http_error (HTTP 404)",
        f"{tmp_path / 'missing.warc'}: not_found",
        "ftp://news.example/story.txt: malformed (only http and https URLs are fetched)",
    ]


def test_urls_are_refused_on_private_addresses_unless_allowed(server):
    (refused,) = read_sources([f"{server.base}/article.html"])
    assert isinstance(refused, InputError) and refused.reason == RejectReason.PRIVATE_ADDRESS


def test_only_strings_with_a_scheme_are_urls(tmp_path):
    assert is_url("https://dawn.example/news/1") and is_url("HTTP://X.EXAMPLE/")
    assert not is_url("news/https-story.txt") and not is_url(tmp_path / "x")
