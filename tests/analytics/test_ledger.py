"""The claims ledger: published figures side by side, beside our own count, every figure checked
against a value worked out by hand from the incidents inserted here."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial

import pytest

from incidentwatch.analytics import Selection, SelectionError
from incidentwatch.analytics.ledger import Band, Coverage, compare, ledger
from incidentwatch.store import Store
from incidentwatch.store.tables import Article, ClaimRow, Incident, IncidentReport

STAMP = datetime(2024, 7, 10, 9, 0)
Q2 = (date(2024, 4, 1), date(2024, 6, 30))


def _article(session, n: int, published: date, outlet: str) -> Article:
    article = Article(source_id=f"a{n}", outlet=outlet, url=f"https://news{n}.example/story", content_hash=f"{n:064d}",
                      title=f"Report {n}", published=published, clean_text="text", extractor_version="test",
                      ingested_at=STAMP)
    session.add(article)
    session.flush()
    return article


def _claim(session, article: Article, *, source, value, metric="killed", region="Pakistan", country="PK",
           admin1=None, admin2=None, period=Q2, label="Q2 2024", unit="count", qualifier="exact",
           evidence="A sentence.") -> ClaimRow:
    start, end = period if period else (None, None)
    row = ClaimRow(article_id=article.id, source=source, region_name=region, region_country=country,
                   region_admin1=admin1, region_admin2=admin2, period_label=label if period else None,
                   period_start=start, period_end=end, metric=metric, unit=unit, value=value, qualifier=qualifier,
                   evidence={"start": 0, "end": len(evidence), "text": evidence})
    session.add(row)
    return row


def _incident(session, day, *, province="Khyber Pakhtunkhwa", district="Bannu", country="PK", event_type="bombing",
              killed=None, civilians=None, security=None, militants=None, foreigners=None, injured=None,
              review_state="unreviewed"):
    session.add(Incident(date=day, place=district, admin2=district, admin1=province, country=country,
                         event_type=event_type, killed_total=killed, killed_civilians=civilians,
                         killed_security=security, killed_militants=militants, killed_foreigners=foreigners,
                         injured_total=injured, review_state=review_state, created_at=STAMP, updated_at=STAMP))


def build(session) -> None:
    """Q2 2024 in Pakistan, by hand: incidents #1-#4 (4; 3 attacks, #3 being an operation);
    killed 12 + 8 + 9 + 1 = 30, of them militants 1 + 7 = 8, so 22 victims; civilians 6 + 8 = 14,
    security 5 + 2 + 1 = 8; injured 20 + 10 = 30. Khyber Pakhtunkhwa (#1, #3, #4): 3 incidents,
    22 killed, 8 militants, 14 victims, 6 civilians. Balochistan (#2): 8 civilians."""
    _incident(session, date(2024, 4, 10), event_type="suicide_bombing", killed=12, civilians=6, security=5, militants=1,
              injured=20)  # 1
    _incident(session, date(2024, 5, 14), province="Balochistan", district="Quetta", killed=8, civilians=8,
              injured=10)  # 2
    _incident(session, date(2024, 6, 2), district="North Waziristan", event_type="security_operation", killed=9,
              militants=7, security=2)  # 3
    _incident(session, date(2024, 6, 20), district="Peshawar", event_type="targeted_killing", killed=1, security=1)  # 4
    _incident(session, date(2024, 3, 30), event_type="armed_assault", killed=3, security=3)  # Q1: outside
    _incident(session, date(2024, 5, 1), killed=50, civilians=50, review_state="rejected")  # never counted
    _incident(session, date(2024, 5, 5), province="Kabul", district="Kabul", country="AF", killed=4, civilians=4)
    _article(session, 1, date(2024, 3, 1), "Early Outlet")  # the articles held cover 2024-03-01 to 2024-07-08
    dawn = _article(session, 2, date(2024, 7, 3), "Dawn")
    express = _article(session, 3, date(2024, 7, 8), "Express Tribune")
    _claim(session, dawn, source="CRSS", value=24, evidence="CRSS said 24 people were killed in the second quarter.")
    _claim(session, express, source="PICSS", value=30, evidence="PICSS recorded 30 deaths between April and June.")
    _claim(session, dawn, source="CRSS", value=4, metric="incidents")
    _claim(session, express, source="PIPS", value=3, metric="attacks", qualifier="at_least")
    _claim(session, express, source="Khyber Pakhtunkhwa Police", value=16, region="Khyber Pakhtunkhwa",
           admin1="Khyber Pakhtunkhwa")
    _claim(session, dawn, source="CRSS", value=14, metric="killed_civilians", region="Khyber Pakhtunkhwa and Balochistan")
    _claim(session, dawn, source="SATP", value=100, metric="killed_civilians", period=None)
    _claim(session, express, source="ISPR", value=120, metric="arrested")
    _claim(session, dawn, source="CRSS", value=-12, unit="percent_change")
    _claim(session, dawn, source=None, value=7, region="the tribal belt")
    _claim(session, express, source="PICSS", value=40, period=(date(2024, 1, 1), date(2024, 12, 31)), label="2024")
    session.commit()


@pytest.fixture()
def session(db_url):
    store = Store.open(db_url)
    with store.sessions() as s:
        build(s)
        yield s
    store.close()


# every test but the coverage ones compares whatever the coverage: the database built here holds
# a handful of incidents, far below the thin-coverage threshold
counted = partial(ledger, min_days_share=0, min_outlets=0)


def group(result, metric, region="Pakistan", unit="count", start=Q2[0]):
    return next(g for g in result.groups if g.metric == metric and g.region == region and g.unit == unit
                and g.period_start == start)


def test_sources_for_the_same_quarter_sit_side_by_side_beside_our_count(session):
    killed = group(counted(session), "killed")
    assert [(e.source, e.value) for e in killed.entries] == [("CRSS", 24), ("PICSS", 30)]
    assert killed.own.value == 22 and killed.own.incidents == 4
    assert "30 with the 8 militants" in killed.own.note
    crss, picss = killed.entries
    # each figure against our count under its publisher's preset: CRSS counts the operation #3
    # and the militants, 12 + 8 + 9 + 1 = 30; PICSS counts militant attacks only, with the
    # attackers who died in them: #1, #2, #4, 12 + 8 + 1 = 21
    assert (crss.preset, crss.own, crss.difference, round(crss.percent, 2), crss.band) == ("crss", 30, 6, 25.0, Band.CLOSE)
    assert (picss.preset, picss.own, picss.difference, round(picss.percent, 2), picss.band) == ("picss", 21, -9, -30.0, Band.DIFFERS)
    assert "PICSS preset" in picss.own_note and "no security operations" in picss.own_note
    assert killed.spread == 6
    assert crss.article.outlet == "Dawn" and crss.article.url == "https://news2.example/story"
    assert crss.evidence == "CRSS said 24 people were killed in the second quarter."
    assert not killed.own.partial_coverage


def test_incidents_count_every_type_and_attacks_leave_out_the_operations(session):
    result = counted(session)
    assert group(result, "incidents").own.value == 4
    attacks = group(result, "attacks")
    assert attacks.own.value == 3 and attacks.entries[0].band is Band.AGREES  # "at least 3", we count 3
    assert "1 of those left out" in attacks.own.note


def test_a_province_figure_is_compared_with_the_province_count(session):
    kp = group(counted(session), "killed", region="Khyber Pakhtunkhwa")
    assert kp.own.value == 14 and kp.own.incidents == 3
    (entry,) = kp.entries
    assert (entry.difference, entry.percent, entry.band) == (-2, -12.5, Band.CLOSE)


def test_a_list_of_provinces_is_counted_as_their_sum(session):
    both = group(counted(session), "killed_civilians", region="Khyber Pakhtunkhwa + Balochistan")
    assert both.own.value == 6 + 8 and both.entries[0].band is Band.AGREES


def test_figures_we_cannot_count_are_listed_with_the_reason(session):
    result = counted(session)
    undated = next(g for g in result.groups if g.period_start is None)
    assert undated.own is None and "no period" in undated.reason and undated.entries[0].source == "SATP"
    assert undated.entries[0].band is Band.PERIOD_UNKNOWN and undated.entries[0].band.label == "period unknown"
    arrests = group(result, "arrested")
    assert arrests.own is None and "arrests are not incidents" in arrests.reason
    assert arrests.entries[0].band is Band.NO_COUNT and arrests.entries[0].difference is None
    percent = group(result, "killed", unit="percent_change")
    assert percent.own is None and "percentage" in percent.reason
    vague = group(result, "killed", region="the tribal belt")
    assert vague.own is None and "not one district, province or country" in vague.reason
    assert vague.entries[0].source is None


def test_a_period_beyond_the_articles_held_is_flagged(session):
    year = group(counted(session), "killed", start=date(2024, 1, 1))
    assert year.own.value == 22 + 3  # Q2's victims and the Q1 assault's three soldiers
    assert year.own.partial_coverage
    assert counted(session).coverage == (date(2024, 3, 1), date(2024, 7, 8))


def test_dates_keep_the_claims_whose_period_overlaps_and_drop_the_undated(session):
    result = counted(session, Selection(date_from=date(2024, 1, 1), date_to=date(2024, 3, 31)))
    assert [(g.metric, g.period_start) for g in result.groups] == [("killed", date(2024, 1, 1))]


def test_source_province_and_metric_filter_the_figures(session):
    crss = counted(session, source="centre for research and security studies")
    assert crss.source == "CRSS" and {e.source for e in crss.entries} == {"CRSS"} and len(crss.entries) == 4
    kp = counted(session, Selection(province="Khyber Pakhtunkhwa"))
    assert [e.source for e in kp.entries] == ["Khyber Pakhtunkhwa Police"]
    assert [e.value for e in counted(session, metric="killed civilians").entries] == [14, 100]
    assert [e.value for e in counted(session, source="unattributed").entries] == [7]


def test_several_provinces_keep_the_figures_of_any_of_them(session):
    alone = [[(e.source, e.value) for e in counted(session, Selection(province=p)).entries]
             for p in ("Khyber Pakhtunkhwa", "Balochistan", "Punjab")]
    both = counted(session, Selection(province=("Khyber Pakhtunkhwa", "Balochistan", "Punjab")))
    assert sorted((e.source, e.value) for e in both.entries) == sorted(sum(alone, [])) and alone[0]


def test_several_groups_are_refused_with_their_names(session):
    with pytest.raises(SelectionError, match="group 'TTP or BLA': the ledger compares whole counts"):
        counted(session, Selection(group=("TTP", "BLA")))


def test_rejected_incidents_count_only_when_asked(session):
    with_rejected = group(counted(session, Selection(include_rejected=True)), "killed")
    assert with_rejected.own.value == 22 + 50


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"source": "Reuters"}, "source 'Reuters': no published figure from this source; sources in the database: CRSS"),
    ({"metric": "deaths"}, "metric 'deaths': unknown metric; known: incidents"),
])
def test_an_unknown_source_or_metric_is_a_clear_error(session, kwargs, message):
    with pytest.raises(SelectionError, match=message.replace("(", r"\(")):
        counted(session, **kwargs)


def test_a_filter_the_ledger_cannot_apply_is_refused(session):
    with pytest.raises(SelectionError, match="the ledger compares whole counts"):
        counted(session, Selection(min_killed=3))


def test_no_matching_figure_gives_an_empty_counted(session):
    assert counted(session, Selection(date_from=date(2020, 1, 1), date_to=date(2020, 12, 31))).is_empty


@pytest.mark.parametrize(("value", "qualifier", "own", "expected"), [
    (100, "exact", 110, (10, 10.0, Band.AGREES)),
    (100, "exact", 89, (-11, -11.0, Band.CLOSE)),
    (100, "approx", 74, (-26, -26.0, Band.DIFFERS)),
    (100, "at_least", 180, (80, 80.0, Band.AGREES)),
    (100, "over", 100, (0, 0.0, Band.AGREES)),  # within the band anyway
    (100, "over", 70, (-30, -30.0, Band.DIFFERS)),
    (0, "exact", 0, (0, None, Band.AGREES)),
    (0, "exact", 2, (2, None, Band.DIFFERS)),
    (5, "exact", None, (None, None, Band.NO_COUNT)),
])
def test_compare_gives_the_difference_and_the_band(value, qualifier, own, expected):
    assert compare(value, qualifier, own) == expected


def test_a_figure_from_a_monitor_without_injured_gets_no_injured_count(session):
    dawn = session.get(Article, 2)
    _claim(session, dawn, source="SATP", value=30, metric="injured")
    _claim(session, dawn, source="CRSS", value=30, metric="injured")
    session.commit()
    injured = group(counted(session), "injured")
    by_source = {e.source: e for e in injured.entries}
    assert by_source["SATP"].own is None and by_source["SATP"].band is Band.NO_COUNT  # SATP publishes no injured
    assert "publishes no injured" in by_source["SATP"].own_note
    assert (by_source["CRSS"].own, by_source["CRSS"].band) == (20 + 10, Band.AGREES)


def _report(session, article: Article, incident_id: int) -> None:
    session.add(IncidentReport(article_id=article.id, incident_id=incident_id, position=0, reported_as="main",
                               event_type="bombing", payload={}, extractor_version="test"))


def test_thin_coverage_is_not_compared_and_says_how_much_is_held(session):
    # Q2 in Pakistan: the incidents on 10 April (#1), 14 May (#2), 2 and 20 June (#3, #4),
    # reported by Dawn and Express Tribune: 4 of the quarter's 91 days, 2 outlets, 3 articles
    dawn, express = session.get(Article, 2), session.get(Article, 3)
    extra = _article(session, 9, date(2024, 6, 21), "Dawn")
    for article, incident in ((dawn, 1), (express, 2), (dawn, 3), (extra, 4)):
        _report(session, article, incident)
    session.commit()
    killed = group(ledger(session), "killed")
    assert killed.own.coverage == Coverage(articles=3, outlets=2, days=4, period_days=91)
    assert killed.own.coverage.describe() == "3 articles, 2 outlets, 4 of 91 days with reports"
    assert {e.band for e in killed.entries} == {Band.THIN}
    assert killed.entries[0].band.label == "not comparable (thin coverage)"
    assert killed.entries[0].own == 30  # the count is still shown beside the figure
    # with a threshold of 4% of the days (4/91 = 4.4%) and two outlets, it is compared
    compared = group(ledger(session, min_days_share=0.04, min_outlets=2), "killed")
    assert [e.band for e in compared.entries] == [Band.CLOSE, Band.DIFFERS]
    one_outlet = group(ledger(session, min_days_share=0.04, min_outlets=3), "killed")
    assert {e.band for e in one_outlet.entries} == {Band.THIN}


def test_a_figure_flagged_as_contradicting_itself_keeps_its_flag(session):
    dawn = session.get(Article, 2)
    row = _claim(session, dawn, source="CRSS", value=12, unit="percent_change")
    row.evidence = {**row.evidence, "flags": ["contradicts itself: the article states this change both as a rise and as a fall"]}
    session.commit()
    changes = [e for e in counted(session).entries if e.unit == "percent_change"]
    assert {e.value: bool(e.flags) for e in changes} == {-12: False, 12: True}
