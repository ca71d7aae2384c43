"""The timeline: day by day from the known database, hostile text escaped in Markdown and HTML,
the HTML page read in Chromium at a desktop's and a phone's width."""

from __future__ import annotations

from datetime import date

import pytest

from incidentwatch.analytics import resolve_selection
from incidentwatch.models import EventType, Toll
from incidentwatch.report.timeline import build_timeline, md, render_markdown, render_timeline_html
from tests.report.known import KP, article, build_known, incident, known_articles, place

HOSTILE = "<script>window.__xss=1</script> [click](javascript:alert(1)) *bold* `code`"


@pytest.fixture()
def known(tmp_path):
    store = build_known(str(tmp_path / "known.db"))
    yield store
    store.close()


def test_the_days_in_order_with_the_merged_incident_once(known):
    with known.sessions() as session:
        timeline = build_timeline(session, resolve_selection(date_from=date(2024, 4, 1), date_to=date(2024, 6, 30)))
    assert [d.day for d in timeline.days] == [date(2024, 4, 10), date(2024, 5, 3), date(2024, 6, 30)]
    assert (timeline.incidents, timeline.killed, timeline.injured) == (3, 19, 22)  # the hand-counted Q2 (known.py)
    quetta = timeline.days[1].entries[0]
    assert quetta.sources == 2 and quetta.killed == 12 and quetta.place == "Quetta, Balochistan"
    assert quetta.note.startswith("A suicide bombing: 12 people were killed (9 civilians, 3 security personnel)")
    assert [link.label for link in quetta.links] == ["news.example.org", "news.example.org"]


def test_a_long_timeline_is_cut_and_says_so(known):
    with known.sessions() as session:
        timeline = build_timeline(session, resolve_selection(), limit=2)
    assert sum(len(d.entries) for d in timeline.days) == 2 and timeline.left_out == 3 and timeline.incidents == 5
    assert "3 more incidents are not shown" in render_markdown(timeline)


def hostile_store(tmp_path):
    bannu = place("Bannu", KP, lat=32.99, lon=70.6)
    bad = article("x1", published=date(2024, 5, 2), sentence=HOSTILE, url="javascript:alert(1)",
                  incidents=[incident("2024-05-01", bannu.model_copy(update={"place": HOSTILE}), EventType.BOMBING,
                                      Toll(total=3))])
    good = article("x2", published=date(2024, 5, 3), sentence="A bomb killed three in Bannu.",
                   incidents=[incident("2024-05-01", bannu.model_copy(update={"place": HOSTILE}), EventType.BOMBING,
                                       Toll(total=3))])
    return build_known(str(tmp_path / "hostile.db"), [*known_articles(), bad, good])


def test_hostile_text_is_escaped_and_only_http_links_are_links(tmp_path):
    store = hostile_store(tmp_path)
    with store.sessions() as session:
        timeline = build_timeline(session, resolve_selection(date_from=date(2024, 5, 1), date_to=date(2024, 5, 1)))
    store.close()
    html = render_timeline_html(timeline)
    assert "<script>" not in html and "&lt;script&gt;window.__xss=1&lt;/script&gt;" in html
    assert 'href="javascript' not in html and 'href="https://news.example.org/x2"' in html  # x1's URL is no link
    text = render_markdown(timeline)
    assert "\\[click\\](javascript" in text and "(<javascript" not in text  # shown, escaped, never a link
    assert "\\*bold\\*" in text and "\\`code\\`" in text


def test_markdown_escaping():
    assert md("a *b* [c](d) <e>") == "a \\*b\\* \\[c\\](d) \\<e\\>"


@pytest.mark.parametrize("width", [1280, 390])
def test_the_page_reads_at_a_desktops_and_a_phones_width(known, tmp_path, open_report, width):
    with known.sessions() as session:
        timeline = build_timeline(session, resolve_selection())
    path = tmp_path / "timeline.html"
    path.write_text(render_timeline_html(timeline), encoding="utf-8")
    opened = open_report(path)
    page = opened.page
    page.set_viewport_size({"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    assert page.locator("h2").all_inner_texts()[:2] == ["Saturday 20 January 2024", "Wednesday 10 April 2024"]
    assert page.locator("li").count() == 5
    page.screenshot(path=str(tmp_path / f"timeline-{width}.png"), full_page=True)
    assert opened.requests == [] and opened.console_errors == [] and opened.page_errors == []
