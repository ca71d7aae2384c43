"""The report's HTML: hostile article text escaped, nothing fetched from anywhere, the empty page."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest

from incidentwatch.analytics.periods import parse_period
from incidentwatch.models import EventType, Toll
from incidentwatch.report.build import build_report
from incidentwatch.report.render import change, inline_svg, percent, render_html, safe_link, write_html
from tests.report.known import KP, article, build_known, incident, known_articles, place

SCRIPT_TITLE = '<script>window.pwned = "title"</script>Blast in "Bannu" & <b>beyond</b>'
HOSTILE_SENTENCE = 'BANNU: Five were killed <img src=x onerror="window.pwned = \'evidence\'"> in a blast.'


def hostile_articles():
    bannu = place("Bannu", KP, lat=32.99, lon=70.6)
    return [*known_articles(), article(
        "h1", published=date(2024, 6, 2), sentence=HOSTILE_SENTENCE, title=SCRIPT_TITLE,
        outlet='Outlet <svg onload="window.pwned=1">', url="javascript:window.pwned='link'",
        incidents=[incident("2024-06-01", bannu, EventType.BOMBING, Toll(total=5))],
    )]


@pytest.fixture()
def hostile(tmp_path):
    store = build_known(str(tmp_path / "hostile.db"), hostile_articles())
    with store.sessions() as session:
        yield build_report(session, parse_period("2024Q2"))
    store.close()


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <style> elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


def parsed(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def test_article_text_is_escaped_in_titles_outlets_and_evidence(hostile):
    html = render_html(hostile)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;window.pwned = &#34;title&#34;&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;window.pwned = &#39;evidence&#39;&#34;&gt;" in html
    assert "Outlet &lt;svg onload=&#34;window.pwned=1&#34;&gt;" in html
    tags = parsed(html)
    assert not [t for t, a in tags.tags if t in ("img", "script", "iframe", "object", "embed")]
    assert not [(t, a) for t, a in tags.tags if any(k.startswith("on") for k in a)]


def test_a_source_url_that_is_not_http_is_shown_without_a_link(hostile):
    html = render_html(hostile)
    assert "javascript:" not in html
    hrefs = [a["href"] for t, a in parsed(html).tags if t == "a"]
    assert hrefs and all(h.startswith("https://news.example.org/") for h in hrefs)


def test_the_page_refers_to_nothing_outside_it_but_text_links_to_sources(hostile):
    html = render_html(hostile)
    tags = parsed(html)
    for tag, attrs in tags.tags:
        assert tag not in ("link", "script", "img", "iframe", "base", "form"), tag
        assert "src" not in attrs and "srcset" not in attrs, (tag, attrs)
        if "href" in attrs and not attrs["href"].startswith("#"):  # SVG <use href="#glyph"> stays inside
            assert tag == "a" and attrs.get("rel") == "noopener noreferrer", (tag, attrs)
        for value in attrs.values():
            if value and tag != "a" and tag != "svg":
                assert "http://" not in value and "https://" not in value, (tag, attrs)
    style = "".join(tags.styles)
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    csp = next(a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp


def test_the_page_holds_every_section_with_the_charts_and_map_inline(hostile):
    html = render_html(hostile)
    for section in ("summary", "charts", "tables", "deadliest", "ledger", "methods"):
        assert f'<section id="{section}"' in html
    assert html.count("<svg") == 5  # the map and four charts
    assert "19 people were killed" not in html  # the hostile article added 5: 24
    assert "24 people were killed and 22 injured in 4 incidents in 2024Q2." in html
    assert "toll revised between reports" in html
    assert "Claims ledger" in html and "CRSS" in html
    # the report says which counting rules it used, and that the ledger uses each publisher's preset
    assert "Counted under incidentwatch&#39;s own rules, no monitor&#39;s preset" in html or \
        "Counted under incidentwatch's own rules, no monitor's preset" in html
    assert "(CRSS preset)" in html


def test_a_period_with_no_incident_gives_a_page_that_says_so_with_the_methods(tmp_path):
    store = build_known(str(tmp_path / "k.db"))
    with store.sessions() as session:
        html = render_html(build_report(session, parse_period("2023")))
    store.close()
    assert "There is no data for 2023" in html
    assert '<section id="methods"' in html and "Known gaps" in html
    assert '<section id="tables"' not in html and "<svg" not in html
    assert "Articles in the database</dt><dd>6, published 2024-01-21 to 2024-07-02" in html


def test_write_html_leaves_no_temporary_file(tmp_path, hostile):
    path = write_html(hostile, tmp_path / "out" / "report.html")
    assert path.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert [p.name for p in path.parent.iterdir()] == ["report.html"]


@pytest.mark.parametrize(("url", "linked"), [
    ("https://www.dawn.com/news/1", True), ("http://example.org/a?b=1", True), ("javascript:alert(1)", False),
    ("data:text/html,<script>", False), ("//evil.example/x", False), ("https://", False), (None, False),
    ("https://example.org/a b", False), ("file:///etc/passwd", False),
])
def test_only_absolute_http_urls_become_links(url, linked):
    assert (safe_link(url) is not None) is linked


def test_numbers_in_the_tables_read_as_changes_and_shares():
    from incidentwatch.analytics.stats import Change

    assert change(Change.of(12, 8)) == "+4 (+50%)"
    assert change(Change.of(3, 5)) == "−2 (−40%)"
    assert change(Change.of(4, 0)) == "+4 (new)"
    assert change(Change.of(0, 0)) == "0" and change(None) == "–"
    assert percent(0.2) == "<1%" and percent(36.84) == "37%" and percent(None) == "–"


def test_an_svg_that_reaches_outside_is_refused():
    with pytest.raises(ValueError, match="refers outside"):
        inline_svg('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.org/x.png"/></svg>')
