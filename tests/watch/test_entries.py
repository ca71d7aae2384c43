"""What a polled document lists: a feed's items (with their full text when they carry it), a
news sitemap's URLs, a sitemap index's newest sitemaps, a section page's article links."""

from __future__ import annotations

from datetime import datetime

from incidentwatch.watch.entries import read_listing, sniff

from .newsroom import rss, story


def test_a_feed_lists_its_items_and_a_changed_summary_changes_the_fingerprint():
    s = story("x1", "Bannu", 4, published=datetime.fromisoformat("2024-06-03T04:00:00+00:00"))
    before = read_listing(rss([s], base="https://n.example").encode(), url="https://n.example/feed", content_type="", outlet="N")
    s.killed = 7
    after = read_listing(rss([s], base="https://n.example").encode(), url="https://n.example/feed", content_type="", outlet="N")
    assert before.kind == "feed" and len(before.entries) == 1
    entry = before.entries[0]
    assert entry.url == "https://n.example/news/x1" and entry.article is None  # a summary: the page is fetched
    assert entry.published_at == datetime(2024, 6, 3, 4, 0) and entry.published.isoformat() == "2024-06-03"
    assert after.entries[0].key == entry.key and after.entries[0].fingerprint != entry.fingerprint


def test_a_feed_with_full_text_is_read_from_the_feed():
    text = "<p>" + "Militants attacked a checkpoint in Bannu district and four policemen were killed. " * 30 + "</p>"
    feed = ('<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
            "<title>T</title><item><title>A</title><link>https://n.example/a</link><guid>a</guid>"
            f"<description>short</description><content:encoded><![CDATA[{text}]]></content:encoded></item></channel></rss>")
    auto = read_listing(feed.encode(), url="https://n.example/feed", content_type="application/rss+xml", outlet="N")
    never = read_listing(feed.encode(), url="https://n.example/feed", content_type="application/rss+xml", outlet="N",
                         full_text="false")
    assert auto.entries[0].article is not None and "four policemen" in auto.entries[0].article.html
    assert never.entries[0].article is None


def test_a_news_sitemap_and_a_sitemap_index():
    news = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            b'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
            b"<url><loc>https://n.example/old</loc><news:news><news:publication_date>2024-06-01T10:00:00+05:00"
            b"</news:publication_date><news:title>Old</news:title></news:news></url>"
            b"<url><loc>https://n.example/new</loc><lastmod>2024-06-03T10:00:00Z</lastmod></url></urlset>")
    listing = read_listing(news, url="https://n.example/sitemap.xml", content_type="application/xml", outlet="N")
    assert listing.kind == "sitemap"
    assert [e.url for e in listing.entries] == ["https://n.example/new", "https://n.example/old"]  # newest first
    assert listing.entries[1].title == "Old" and listing.entries[1].published_at == datetime(2024, 6, 1, 5, 0)
    index = (b'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             + b"".join(f"<sitemap><loc>/s{n}.xml</loc><lastmod>2024-06-0{n}</lastmod></sitemap>".encode() for n in range(1, 6))
             + b"</sitemapindex>")
    listing = read_listing(index, url="https://n.example/index.xml", content_type="text/xml", outlet="N")
    assert listing.children == ["https://n.example/s5.xml", "https://n.example/s4.xml", "https://n.example/s3.xml"]


def test_an_entity_bomb_in_a_sitemap_is_refused_not_expanded():
    bomb = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://n.example/&c;</loc></url></urlset>')
    listing = read_listing(bomb, url="https://n.example/sitemap.xml", content_type="application/xml", outlet="N")
    assert all(len(e.url or "") < 200 for e in listing.entries)


def test_a_section_page_lists_same_host_article_links():
    page = (b"<html><body><nav><a href='/'>Home</a><a href='/pakistan'>Pakistan</a></nav>"
            b"<a href='/news/2024/06/03/bannu-attack'>Bannu attack</a><a href='/news/2024/06/03/bannu-attack#comments'>c</a>"
            b"<a href='story-123.html'>Kech</a><a href='https://elsewhere.example/news/1/2'>x</a>"
            b"<a href='javascript:alert(1)'>y</a></body></html>")
    listing = read_listing(page, url="https://n.example/pakistan", content_type="text/html", outlet="N")
    assert listing.kind == "section"
    assert [e.url for e in listing.entries] == ["https://n.example/news/2024/06/03/bannu-attack", "https://n.example/story-123.html"]
    assert sniff(b"GIF89a", "image/gif") == "unknown"
