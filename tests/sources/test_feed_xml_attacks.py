"""XML attacks in a feed: an external entity is never resolved (no file is read through a
feed), and nested entities (billion laughs) are cut off by expat's amplification limit."""

from __future__ import annotations

from incidentwatch.models import RawArticle, RejectReason
from incidentwatch.sources.feeds import read_feed_bytes


def test_an_external_entity_is_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-LINE")
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
            '<rss version="2.0"><channel><title>t</title><item><title>a</title>'
            '<description>before &x; after</description></item></channel></rss>').encode()
    items = list(read_feed_bytes(feed, where="xxe.rss"))
    assert items and all("TOP-SECRET" not in str(getattr(i, "html", "") or getattr(i, "text", "") or i) for i in items)


def test_billion_laughs_is_cut_off_and_reported():
    levels = ['<!ENTITY l0 "laughlaughlaugh">'] + [f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)]
    feed = (f'<?xml version="1.0"?><!DOCTYPE rss [{"".join(levels)}]><rss version="2.0"><channel><title>t</title>'
            '<item><title>a</title><description>&l9;</description></item></channel></rss>').encode()
    items = list(read_feed_bytes(feed, where="lol.rss"))
    assert all(len(getattr(i, "html", None) or "") < 1000 for i in items if isinstance(i, RawArticle))
    errors = [i for i in items if not isinstance(i, RawArticle)]
    assert errors and errors[-1].reason == RejectReason.MALFORMED and "amplification" in str(errors[-1])
