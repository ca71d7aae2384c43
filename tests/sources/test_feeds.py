"""RSS and Atom files: entries to articles, and broken feeds reported."""

from __future__ import annotations

from datetime import date

from incidentwatch.errors import InputError
from incidentwatch.models import RawArticle, RejectReason
from incidentwatch.sources import looks_like_feed, read_feed_file

from .news import DERA_ISMAIL_KHAN, KECH, QUETTA, atom_feed, rss_feed


def test_an_rss_file_gives_one_article_per_item_with_its_place_in_the_file(tmp_path):
    feed = tmp_path / "balochistan.rss"
    feed.write_text(rss_feed([KECH, DERA_ISMAIL_KHAN], base="https://balochistantimes.example"))
    first, second = read_feed_file(feed)
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle)
    assert first.path == f"{feed}:entry 1" and second.path == f"{feed}:entry 2"
    assert first.url == "https://balochistantimes.example/news/1" and first.id == first.url
    assert (first.outlet, first.published) == ("Balochistan Times", date(2024, 6, 5))
    assert second.title == "CTD kills three terrorists in Dera Ismail Khan raid"


def test_an_atom_entry_keeps_its_html_content_and_local_date(tmp_path):
    feed = tmp_path / "quetta.atom"
    feed.write_text(atom_feed([QUETTA], base="https://quettavoice.example"))
    (entry,) = read_feed_file(feed)
    assert isinstance(entry, RawArticle)
    assert entry.published == date(2024, 6, 7) and entry.id == "tag:quetta-voice,2024:1"
    assert entry.html is not None and "<p>QUETTA: Three people were injured" in entry.html


def test_feed_html_is_sanitised(tmp_path):
    feed = tmp_path / "hostile.rss"
    feed.write_text(
        '<rss version="2.0"><channel><title>X</title><item><title>Blast in Peshawar</title>'
        "<link>https://x.example/1</link><description>&lt;p&gt;Two people were injured in a blast in Peshawar."
        "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/p&gt;</description></item></channel></rss>"
    )
    (entry,) = read_feed_file(feed)
    assert isinstance(entry, RawArticle) and "script" not in (entry.html or "") and "Peshawar" in (entry.html or "")


def test_a_truncated_feed_is_reported_with_the_line_and_column(tmp_path):
    feed = tmp_path / "broken.xml"
    feed.write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Dawn</title>\n<item><title>Ten kil')
    (broken,) = read_feed_file(feed)  # the half-read item is debris: one line says it all
    assert isinstance(broken, InputError) and broken.reason == RejectReason.MALFORMED
    assert str(broken) == f"{feed}: malformed (not well-formed (line 3, column 20: no element found); 0 of 1 entries read)"


def test_an_entry_without_content_is_empty(tmp_path):
    feed = tmp_path / "headlines.rss"
    feed.write_text('<rss version="2.0"><channel><title>Dawn</title><item><title>Headline only</title>'
                    "<link>https://dawn.example/1</link></item></channel></rss>")
    (empty,) = read_feed_file(feed)
    assert str(empty) == f"{feed}:entry 1: empty (no content or summary)"


def test_a_broken_feed_keeps_the_entries_before_the_damage_and_reports_it(tmp_path):
    feed = tmp_path / "half.rss"
    whole = rss_feed([KECH, DERA_ISMAIL_KHAN], base="https://b.example")
    feed.write_text(whole[: whole.index("<item>", whole.index("<item>") + 1) + 20])
    items = list(read_feed_file(feed))
    assert isinstance(items[0], RawArticle) and items[0].url == "https://b.example/news/1"
    assert isinstance(items[-1], InputError) and items[-1].reason == RejectReason.MALFORMED


def test_an_xml_file_that_is_no_feed_is_reported(tmp_path):
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text('<?xml version="1.0"?><urlset><url><loc>https://x.example/</loc></url></urlset>')
    (error,) = read_feed_file(sitemap)
    assert isinstance(error, InputError) and error.reason == RejectReason.MALFORMED
    assert str(error).startswith(f"{sitemap}: malformed (not an RSS or Atom feed")


def test_an_empty_feed_file_is_empty(tmp_path):
    (tmp_path / "e.rss").write_bytes(b"")
    (error,) = read_feed_file(tmp_path / "e.rss")
    assert isinstance(error, InputError) and error.reason == RejectReason.EMPTY


def test_looks_like_feed_reads_the_root_element_past_the_prologue():
    assert looks_like_feed(b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- a comment -->\n<rss version="2.0">')
    assert looks_like_feed(b'<feed xmlns="http://www.w3.org/2005/Atom">')
    assert looks_like_feed(b'<?xml version="1.0"?><rdf:RDF xmlns:rdf="x">')
    assert not looks_like_feed(b"<!DOCTYPE html><html><body><p>rss</p>")
    assert not looks_like_feed(b"PESHAWAR: Two policemen were martyred")


def test_a_feed_is_read_up_to_its_entry_limit_and_says_so(tmp_path):
    from incidentwatch.sources.feeds import MAX_FEED_ENTRIES

    items = "".join(f"<item><title>T{n}</title><link>https://example.org/{n}</link><description>Text {n}.</description></item>"
                    for n in range(MAX_FEED_ENTRIES + 40))
    path = tmp_path / "long.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel><title>L</title>{items}</channel></rss>')
    items_read = list(read_feed_file(path))
    errors = [i for i in items_read if isinstance(i, InputError)]
    assert len([i for i in items_read if isinstance(i, RawArticle)]) == MAX_FEED_ENTRIES
    assert [str(e) for e in errors] == [f"{path}: too_large ({MAX_FEED_ENTRIES + 40} entries: the first {MAX_FEED_ENTRIES} "
                                        "are read (the limit per feed per run))"]


def test_an_entry_date_outside_the_window_is_dropped(tmp_path):
    path = tmp_path / "old.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>A</title>'
                    "<pubDate>Fri, 31 Dec 9999 23:59:59 -1200</pubDate><description>Seven soldiers were martyred.</description>"
                    "</item></channel></rss>")
    (article,) = list(read_feed_file(path))
    assert article.published is None
