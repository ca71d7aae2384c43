"""Everything the report shows, gathered from the database into one typed ``Report``.

``build_report(session, period, selection)`` reads the incidents of ``selection`` within
``period`` and returns the summary sentences, the tallies (by province, district, victim
category, group and type, each with the change on the period before and shares), the charts and
the map as inline SVG, the deadliest incidents with the articles and sentences behind their
tolls, the claims ledger, and the methods-and-coverage figures (articles read, outlets,
extractor versions, review states, what is missing from the incidents, known gaps).

The database does the adding up: every figure comes from ``analytics.stats`` (one ``GROUP BY``
each) or from a small aggregate query here, and only the ``DEADLIEST`` incidents, their reports
and at most ``MAP_POINTS`` map places are loaded as rows, so a quarter of 100,000 incidents costs
a few dozen aggregate queries. Nothing here writes the database or renders HTML (``render``
does); article text is carried as plain text, bounded in length, for the template to escape.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from ..analytics.ledger import Ledger, ledger
from ..analytics.periods import Granularity, Period, bucket_of, buckets
from ..analytics.preset_stats import preset_stats
from ..analytics.presets import CountingPreset
from ..analytics.selection import Selection, SelectionError, apply
from ..analytics.sentences import summary_sentences
from ..analytics.stats import (
    CATEGORIES,
    UNSPECIFIED,
    Dimension,
    Figures,
    StatsRow,
    StatsTable,
    stats,
)
from ..analytics.undated import count_undated
from ..resources.outlines import load_outlines
from ..store.estimates import describe, estimates_of
from ..store.tables import Actor, Article, Incident, IncidentPerpetrator, IncidentReport
from .charts import MAX_BARS, BarSeries, Segment, StackedBarSeries, draw_bar_chart, draw_column_chart
from .maps import IncidentPoint, draw_map

# How much of each list the page shows. Ten deadliest incidents fit two A4 pages with their
# sources; 20 table rows keep a table on one page (the rest is summed into one "other" row);
# 15 bars keep a bar chart readable at 9 pt.
DEADLIEST = 10
SOURCES_PER_INCIDENT = 6
TABLE_ROWS = 20
CHART_BARS = 15
# Incidents are drawn on the map grouped by their coordinates (the gazetteer place they were
# geocoded to); the deadliest 400 places keep the SVG under ~100 kB whatever the corpus size.
MAP_POINTS = 400
OUTLETS_SHOWN = 25
# Article text is hostile and unbounded: titles and evidence sentences are cut to these lengths.
TITLE_CHARS = 300
EVIDENCE_CHARS = 600

CATEGORY_NAMES = {"civilians": "civilians", "security": "security forces", "militants": "militants",
                  "foreigners": "foreigners", UNSPECIFIED: "not split"}
EVENT_TYPE_NAMES = {"suicide_bombing": "suicide bombing", "bombing": "bombing", "armed_assault": "armed assault",
                    "targeted_killing": "targeted killing", "kidnapping": "kidnapping", "airstrike": "airstrike",
                    "security_operation": "security operation", "clash": "clash", "other": "other"}

KNOWN_GAPS = (
    "Only English-language news is read: events reported only in Urdu, Pashto or Dari, or not reported at all, "
    "are missing, and remote districts are under-reported.",
    "Incidents, places, groups and tolls are extracted by rules, not read by a person; an incident an editor has "
    "not reviewed may be wrong. The scores of the extractor on the development set are in the README.",
    "An incident's toll is the best-supported report's: the latest one when a later report gives a higher toll. "
    "People who die later of their wounds, and deaths no outlet reports, are not counted.",
    "Deaths a report does not split into civilians, security forces, militants and foreigners are counted as "
    "'not split'; they are in the totals and in no category.",
    "Reports of the same event are merged when their dates, places and types agree; two reports of one event "
    "that disagree on these stay two incidents, and two nearby events on the same day may be merged.",
    "Incidents without a date are in no period; incidents placed only to a province have no district.",
    "Published figures in the claims ledger count by their own rules (who is a victim, which days); a difference "
    "from our count is not by itself an error of either.",
)


def _cut(text: str | None, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- the model ---------------------------------------------------------------------------------

OWN_RULES = ("Counted under incidentwatch's own rules, no monitor's preset: every type of event, security operations "
             "and airstrikes included; killed includes the militants. In the claims ledger each published figure is "
             "compared with our count under its publisher's preset (CRSS, PICSS, PIPS, SATP, ACLED, GTD; "
             "docs/presets.md), and where the database reports on too few of the period's days the figure is marked "
             "'not comparable (thin coverage)'.")


@dataclass(frozen=True)
class ReportTable:
    """One tally of the report: the rows shown, and what the rows left out add up to."""

    title: str
    key_title: str  # the heading of the key column: "Province"
    table: StatsTable
    rows: tuple[StatsRow, ...]  # at most TABLE_ROWS
    hidden: int  # rows not shown
    other: Figures | None  # the hidden rows' sum, when every incident is in exactly one row
    note: str = ""
    plural: str = "rows"  # what the rows are, for "21 other provinces"

    @property
    def previous_label(self) -> str | None:
        period = self.table.previous_period
        if period is None:
            return None
        return period.label if period.granularity else f"{period.start} to {period.last}"


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str  # an inline <svg> element (charts.py, maps.py): no external reference


@dataclass(frozen=True)
class SourceRef:
    """One article's report of an incident: where it was published and what it said."""

    outlet: str | None
    published: date | None
    title: str
    url: str | None
    evidence: str  # the sentence the report's figures come from
    killed: int | None  # this report's own toll
    injured: int | None


@dataclass(frozen=True)
class DeadlyIncident:
    id: int
    date: date | None
    place: str  # "Kech, Balochistan"
    country: str | None
    event_type: str
    killed: int | None
    killed_qualifier: str | None
    injured: int | None
    split: tuple[tuple[str, int], ...]  # (category name, killed), "not split" last
    groups: tuple[str, ...]  # "TTP (claimed)"
    review_state: str
    sources: tuple[SourceRef, ...]  # at most SOURCES_PER_INCIDENT, earliest first
    more_sources: int  # reports not listed
    estimate: str | None = None  # the victims' estimate in words: "best 18 (ISPR, the next day), reports ranged 9–18"

    @property
    def revised(self) -> bool:
        """A report gave a different toll than the one counted (it rose or was corrected)."""
        return any(s.killed is not None and s.killed != self.killed for s in self.sources)


@dataclass(frozen=True)
class Count:
    label: str
    count: int


@dataclass(frozen=True)
class Coverage:
    """What the figures rest on, and what is missing from them."""

    articles_in_period: int  # current versions published in the period
    articles_total: int  # current versions in the database
    articles_undated: int  # no publication date: in no period
    first_published: date | None  # of all articles held
    last_published: date | None
    outlets: tuple[Count, ...]  # in the period, most articles first, at most OUTLETS_SHOWN
    outlets_total: int  # distinct outlets in the period
    extractor_versions: tuple[Count, ...]  # of the period's articles
    reports_in_period: int  # incident reports of the period's articles (background ones included)
    incidents: int  # counted incidents of the selection in the period
    review_states: tuple[Count, ...]  # unreviewed, confirmed, ... (rejected ones are not counted)
    rejected: int
    without_coordinates: int
    without_district: int
    without_split: int  # a toll not wholly split into categories
    undated_incidents: int  # matching the selection but for its dates: in no period
    months_without_articles: tuple[str, ...]  # months of the period no article was published in
    beyond_coverage: bool  # the period reaches before the first or after the last article held
    known_gaps: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    period: Period
    selection: Selection  # narrowed to the period
    title: str
    scope: str  # the selection in words
    generated_at: datetime
    summary: tuple[str, ...]
    total: StatsTable
    tables: tuple[ReportTable, ...]
    charts: tuple[Chart, ...]
    map: Chart | None
    deadliest: tuple[DeadlyIncident, ...]
    ledger: Ledger
    ledger_note: str
    coverage: Coverage
    counting: str = OWN_RULES  # which counting rules (preset) the report's figures follow

    @property
    def is_empty(self) -> bool:
        """No incident matches: the page says there is no data."""
        return self.total.is_empty


# --- building ----------------------------------------------------------------------------------

def counted_under(preset: CountingPreset) -> str:
    """The report's counting note under a monitor's preset."""
    return (f"Counted under the {preset.describe()} (docs/presets.md): the tables, charts, summary and deadliest "
            "incidents hold only the types of event it counts, and the claims ledger compares every published figure "
            f"with our count under the {preset.name} preset. Where the database reports on too few of the period's "
            "days a figure is marked 'not comparable (thin coverage)'.")


def _stats(session: Session, selection: Selection, by: Sequence[Dimension] = (), preset: CountingPreset | None = None) -> StatsTable:
    """Our figures, under ``preset`` when one is chosen (as ``stats --preset``)."""
    return preset_stats(session, selection, by, preset) if preset is not None else stats(session, selection, by)


def _counted_types(query: Select[Any], preset: CountingPreset | None) -> Select[Any]:
    """A query of incidents narrowed to the event types ``preset`` counts."""
    if preset is None:
        return query
    return query.where(Incident.event_type.in_([t.value for t in preset.event_types]))


def _table(session: Session, selection: Selection, dimension: Dimension, title: str, key_title: str,
           plural: str, note: str = "", preset: CountingPreset | None = None) -> ReportTable:
    table = _stats(session, selection, [dimension], preset)
    rows = [r for r in table.rows if r.figures.incidents or (r.previous and r.previous.incidents)]
    shown, hidden = rows[:TABLE_ROWS], rows[TABLE_ROWS:]
    other = None
    if hidden and dimension.partitions:
        other = sum((r.figures for r in hidden), Figures())
    return ReportTable(title=title, key_title=key_title, table=table, rows=tuple(shown), hidden=len(hidden),
                       other=other, note=note, plural=plural)


def _chart_granularity(period: Period) -> Dimension | None:
    """Weeks for a month or so, months up to five years, then quarters or years: at most MAX_BARS bars."""
    choices = [Dimension.WEEK] if period.days <= 45 else []
    choices += [Dimension.MONTH, Dimension.QUARTER, Dimension.YEAR]
    for dimension in choices:
        if len(buckets(period.start, period.last, dimension.granularity or Granularity.YEAR)) <= MAX_BARS:
            return dimension
    return None


def _time_chart(session: Session, selection: Selection, period: Period, preset: CountingPreset | None = None) -> Chart | None:
    dimension = _chart_granularity(period)
    if dimension is None:
        return None
    table = _stats(session, selection, [dimension, Dimension.CATEGORY], preset)
    labels: list[str] = []
    values: dict[str, list[int]] = {str(c): [] for c in CATEGORIES}
    for row in table.rows:  # time in calendar order, then categories in their order
        label, category = row.keys
        if not labels or labels[-1] != label:
            labels.append(label)
        values[category].append(row.figures.killed)
    segments = tuple(Segment(name=CATEGORY_NAMES[str(c)], values=tuple(values[str(c)])) for c in CATEGORIES
                     if any(values[str(c)]))
    title = f"Deaths by {dimension.value}, by victim category"
    if not segments:
        return Chart(title, draw_column_chart(BarSeries(title=title, labels=tuple(labels),
                                                        values=tuple(0 for _ in labels))))
    series = StackedBarSeries(title=title, labels=tuple(labels), segments=segments, value_axis="Deaths",
                              category_axis=dimension.value.capitalize())
    return Chart(title, draw_column_chart(series))


def _bar_chart(table: ReportTable, title: str, axis: str, names: dict[str, str] | None = None) -> Chart:
    rows = [r for r in table.table.rows if r.figures.killed > 0][:CHART_BARS]
    labels = tuple((names or {}).get(r.keys[0], r.keys[0]) for r in rows)
    series = BarSeries(title=title, labels=labels, values=tuple(r.figures.killed for r in rows), value_axis="Deaths",
                       category_axis=axis)
    return Chart(title, draw_bar_chart(series))


def _category_chart(table: ReportTable) -> Chart:
    title = "Deaths by victim category"
    rows = table.table.rows
    series = BarSeries(title=title, labels=tuple(CATEGORY_NAMES[r.keys[0]] for r in rows),
                       values=tuple(r.figures.killed for r in rows), value_axis="Deaths", category_axis="Victims")
    return Chart(title, draw_bar_chart(series))


def _map(session: Session, selection: Selection, preset: CountingPreset | None = None) -> Chart:
    outlines = load_outlines()
    known = {(o.country, o.admin1) for o in outlines.outlines}
    killed = func.coalesce(func.sum(Incident.killed_total), 0)
    by_province = _counted_types(apply(select(Incident.country, Incident.admin1, killed), selection), preset).where(
        Incident.admin1.is_not(None)).group_by(Incident.country, Incident.admin1)
    deaths = {(c, a): int(k) for c, a, k in session.execute(by_province) if (c, a) in known}
    count = func.count()
    places = (_counted_types(apply(select(Incident.lat, Incident.lon, killed, count, func.min(Incident.place)), selection), preset)
              .where(Incident.lat.is_not(None), Incident.lon.is_not(None))
              .group_by(Incident.lat, Incident.lon)
              .order_by(killed.desc(), count.desc(), Incident.lat, Incident.lon)
              .limit(MAP_POINTS))
    points = []
    for lat, lon, deaths_here, n, place in session.execute(places):
        label = f"{place or 'unnamed place'}: {n} incident{'s' if n != 1 else ''}"
        points.append(IncidentPoint(lat=float(lat), lon=float(lon), deaths=int(deaths_here), label=label))
    title = "Deaths by province, incidents by place"
    return Chart(title, draw_map(deaths, points, outlines=outlines, title=title))


def _place_label(incident: Incident) -> str:
    parts = [incident.place, incident.admin2, incident.admin1]
    out: list[str] = []
    for part in parts:
        if part and part not in out:
            out.append(part)
    return ", ".join(out) or incident.country or "unknown place"


def _split(incident: Incident) -> tuple[tuple[str, int], ...]:
    parts = [(CATEGORY_NAMES[c], getattr(incident, f"killed_{c}")) for c in ("civilians", "security", "militants",
                                                                              "foreigners")]
    out = [(name, value) for name, value in parts if value]
    rest = (incident.killed_total or 0) - sum(v for _, v in out)
    if rest > 0:
        out.append((CATEGORY_NAMES[UNSPECIFIED], rest))
    return tuple(out)


def _evidence(payload: dict | None) -> str:
    spans = (payload or {}).get("evidence") or []
    if not spans or not isinstance(spans[0], dict):
        return ""
    return _cut(str(spans[0].get("text") or ""), EVIDENCE_CHARS)


def _deadliest(session: Session, selection: Selection, preset: CountingPreset | None = None) -> tuple[DeadlyIncident, ...]:
    query = _counted_types(apply(select(Incident), selection), preset).where(Incident.killed_total > 0).order_by(
        Incident.killed_total.desc(), func.coalesce(Incident.injured_total, 0).desc(), Incident.date, Incident.id,
    ).limit(DEADLIEST)
    incidents = session.scalars(query).all()
    ids = [i.id for i in incidents]
    if not ids:
        return ()
    reports: dict[int, list[SourceRef]] = {i: [] for i in ids}
    rows = session.execute(
        select(IncidentReport, Article).join(Article, Article.id == IncidentReport.article_id)
        .where(IncidentReport.incident_id.in_(ids))
        .order_by(IncidentReport.published, Article.id, IncidentReport.position)
    )
    for report, article in rows:
        assert report.incident_id is not None  # noqa: S101 - the query asks for incidents in ids
        reports[report.incident_id].append(SourceRef(
            outlet=_cut(article.outlet, 120) or None, published=article.published,
            title=_cut(article.title, TITLE_CHARS) or "(no title)", url=article.url,
            evidence=_evidence(report.payload), killed=report.killed_total, injured=report.injured_total,
        ))
    groups: dict[int, list[str]] = {i: [] for i in ids}
    for incident_id, name, status in session.execute(
        select(IncidentPerpetrator.incident_id, Actor.name, IncidentPerpetrator.status)
        .join(Actor, Actor.id == IncidentPerpetrator.actor_id)
        .where(IncidentPerpetrator.incident_id.in_(ids)).order_by(Actor.name)
    ):
        groups[incident_id].append(f"{name} ({status})")
    return tuple(
        DeadlyIncident(
            id=i.id, date=i.date, place=_place_label(i), country=i.country,
            event_type=EVENT_TYPE_NAMES.get(i.event_type, i.event_type), killed=i.killed_total,
            killed_qualifier=i.killed_qualifier, injured=i.injured_total, split=_split(i), groups=tuple(groups[i.id]),
            review_state=i.review_state, sources=tuple(reports[i.id][:SOURCES_PER_INCIDENT]),
            more_sources=max(0, len(reports[i.id]) - SOURCES_PER_INCIDENT),
            estimate=describe(estimates_of(i)["killed"], i.date),
        )
        for i in incidents
    )


def _counts(rows: Sequence[tuple[str | None, int]], missing: str) -> tuple[Count, ...]:
    return tuple(Count(label=_cut(label, 120) or missing, count=int(n)) for label, n in rows)


def _coverage(session: Session, selection: Selection, period: Period, total: StatsTable,
              categories: StatsTable) -> Coverage:
    current = Article.is_current.is_(True)
    in_period = and_(current, Article.published >= period.start, Article.published < period.end)
    articles_in_period = session.scalar(select(func.count()).select_from(Article).where(in_period)) or 0
    articles_total, undated, first, last = session.execute(
        select(func.count(), func.count() - func.count(Article.published), func.min(Article.published),
               func.max(Article.published)).select_from(Article).where(current)
    ).one()
    n_articles = func.count()
    outlets = session.execute(
        select(Article.outlet, n_articles).where(in_period).group_by(Article.outlet)
        .order_by(n_articles.desc(), Article.outlet).limit(OUTLETS_SHOWN)
    ).all()
    outlets_total = session.scalar(select(func.count(func.distinct(Article.outlet))).where(in_period)) or 0
    versions = session.execute(
        select(Article.extractor_version, n_articles).where(in_period).group_by(Article.extractor_version)
        .order_by(n_articles.desc(), Article.extractor_version)
    ).all()
    reports_in_period = session.scalar(
        select(func.count()).select_from(IncidentReport).join(Article, Article.id == IncidentReport.article_id)
        .where(in_period)
    ) or 0
    with_rejected = replace(selection, include_rejected=True)
    states = session.execute(
        apply(select(Incident.review_state, func.count()), with_rejected).group_by(Incident.review_state)
        .order_by(Incident.review_state)
    ).all()
    rejected = sum(n for state, n in states if state == "rejected")
    without_coordinates = session.scalar(
        apply(select(func.count()).select_from(Incident), selection).where(Incident.lat.is_(None))) or 0
    without_district = session.scalar(
        apply(select(func.count()).select_from(Incident), selection).where(Incident.admin2.is_(None))) or 0
    undated_incidents = count_undated(session, selection)
    unsplit = categories.row(UNSPECIFIED)
    days = {d for (d,) in session.execute(select(Article.published).where(in_period).distinct()) if d is not None}
    empty_months = tuple(m.label for m in buckets(period.start, period.last, Granularity.MONTH)
                         if not any(m.start <= d < m.end for d in days))
    beyond = first is None or last is None or period.start < first or period.last > last
    gaps = list(KNOWN_GAPS)
    if beyond:
        held = f"from {first} to {last}" if first else "none"
        gaps.insert(0, f"The period reaches beyond the articles the database holds (published {held}); "
                       "figures for the rest of it are missing, not zero.")
    return Coverage(
        articles_in_period=int(articles_in_period), articles_total=int(articles_total or 0),
        articles_undated=int(undated or 0), first_published=first, last_published=last,
        outlets=_counts(outlets, "outlet not known"), outlets_total=int(outlets_total),
        extractor_versions=_counts(versions, "unknown"), reports_in_period=int(reports_in_period),
        incidents=total.total.incidents,
        review_states=tuple(Count(s, int(n)) for s, n in states if s != "rejected"), rejected=int(rejected),
        without_coordinates=int(without_coordinates), without_district=int(without_district),
        without_split=unsplit.figures.incidents if unsplit else 0, undated_incidents=int(undated_incidents),
        months_without_articles=empty_months, beyond_coverage=beyond, known_gaps=tuple(gaps),
    )


def _ledger_selection(selection: Selection) -> tuple[Selection, str]:
    """The ledger compares whole counts of a region and period: only the dates and place filters reach it."""
    dropped = [label for label, value in (("type", selection.event_type), ("group", selection.group),
                                          ("victims", selection.category), ("minimum killed", selection.min_killed),
                                          ("text", selection.text)) if value is not None and value != ()]
    kept = Selection(date_from=selection.date_from, date_to=selection.date_to, country=selection.country,
                     province=selection.province, district=selection.district,
                     include_rejected=selection.include_rejected)
    note = (f"The ledger compares whole counts of a region and period; the {', '.join(dropped)} "
            "filter of this report does not apply to it." if dropped else "")
    return kept, note


def _extra_sentences(total: StatsTable, deadliest: Sequence[DeadlyIncident]) -> list[str]:
    """The victims' split, and the deadliest incident, in words."""
    f = total.total
    out: list[str] = []
    if f.killed:
        parts = [(f.killed_civilians, "a civilian", "civilians"),
                 (f.killed_security, "a member of the security forces", "members of the security forces"),
                 (f.killed_militants, "a militant", "militants"), (f.killed_foreigners, "a foreign national",
                                                                 "foreign nationals")]
        named: list[str] = []
        for n, one, many in (p for p in parts if p[0]):
            if not named:
                named.append(f"{n:,} {'was' if n == 1 else 'were'} {one if n == 1 else many}")
            else:
                named.append(f"{n:,} {one.split(' ', 1)[1] if n == 1 else many}")
        if named:
            listed = named[0] if len(named) == 1 else f"{', '.join(named[:-1])} and {named[-1]}"
            sentence = f"Of those killed, {listed}"
            if f.killed_unspecified:
                sentence += f"; the reports did not say who the other {f.killed_unspecified:,} were"
        else:
            sentence = "The reports did not say whether those killed were civilians, security forces or militants"
        out.append(sentence + ".")
    if deadliest:
        d = deadliest[0]
        when = f" on {d.date.isoformat()}" if d.date else ""
        kind = "incident" if d.event_type == "other" else d.event_type
        article = "an" if kind[0] in "aeiou" else "a"
        out.append(f"The deadliest incident was {article} {kind} in {d.place}{when}, in which {d.killed:,} "
                   f"{'person was' if d.killed == 1 else 'people were'} killed.")
    return out


def build_report(session: Session, period: Period, selection: Selection | None = None, *,
                 generated_at: datetime | None = None, preset: CountingPreset | None = None) -> Report:
    """Gather what the report on ``selection`` within ``period`` shows.

    Args:
        session: a database session (only read).
        period: the report's period (month, quarter, year, or a range of days).
        selection: filters (place, type, group...); its own dates narrow ``period`` further.
        generated_at: the time printed on the report; now (UTC) by default.
        preset: count the way this monitor does (``stats --preset``): the figures, charts and
            deadliest incidents over the event types it counts, its rules on militants' deaths
            and the injured, and the ledger's comparisons all under it; the report says so.

    Returns:
        The ``Report``; ``report.is_empty`` when no incident matches (tables and charts are then
        empty, the coverage section is filled all the same).

    Raises:
        SelectionError: the selection's own dates do not overlap ``period``, or its event type
            is one the preset does not count.
    """
    selection = selection or Selection()
    narrowed = selection.within(period)
    if narrowed.date_from and narrowed.date_to and narrowed.date_to < narrowed.date_from:
        raise SelectionError("period", period.label, "does not overlap the selection's --from/--to dates")
    total = _stats(session, narrowed, (), preset)
    tables = (
        _table(session, narrowed, Dimension.PROVINCE, "By province", "Province", "provinces", preset=preset),
        _table(session, narrowed, Dimension.DISTRICT, "By district", "District", "districts", preset=preset),
        _table(session, narrowed, Dimension.CATEGORY, "By victim category", "Victims", "categories",
               note="An incident is counted in every category it killed or injured; 'not split' counts the "
                    "incidents and deaths a report did not split into categories.", preset=preset),
        _table(session, narrowed, Dimension.GROUP, "By group", "Group", "groups",
               note="An incident claimed by or blamed on two groups is in both rows; the total counts it once.", preset=preset),
        _table(session, narrowed, Dimension.EVENT_TYPE, "By type of event", "Type", "types", preset=preset),
    )
    provinces, _districts, categories, groups, _types = tables
    deadliest = _deadliest(session, narrowed, preset)
    ledger_selection, ledger_note = _ledger_selection(narrowed)
    claims = ledger(session, ledger_selection, preset=preset)
    coverage = _coverage(session, narrowed, period, total, categories.table)
    if total.is_empty:
        summary: tuple[str, ...] = (f"There is no data for {period.label}: no incident matches "
                                    f"{narrowed.describe()}.",)
        charts: tuple[Chart, ...] = ()
        map_chart = None
    else:
        summary = tuple(summary_sentences(session, narrowed, preset=preset)) + tuple(_extra_sentences(total, deadliest))
        time_chart = _time_chart(session, narrowed, period, preset)
        charts = tuple(c for c in (
            time_chart,
            _bar_chart(provinces, "Deaths by province", "Province"),
            _category_chart(categories),
            _bar_chart(groups, "Deaths by group", "Group"),
        ) if c is not None)
        map_chart = _map(session, narrowed, preset)
    scope = narrowed.describe()
    return Report(
        period=period, selection=narrowed, title=f"Militant violence and counterterrorism: {period.label}",
        scope=scope, generated_at=generated_at or datetime.now(UTC).replace(microsecond=0), summary=summary,
        total=total, tables=tables, charts=charts, map=map_chart, deadliest=deadliest, ledger=claims,
        ledger_note=ledger_note, coverage=coverage, counting=counted_under(preset) if preset is not None else OWN_RULES,
    )


def category_name(key: str) -> str:
    """``not split`` for ``unspecified``, ``security forces`` for ``security``."""
    return CATEGORY_NAMES.get(key, key)




def latest_quarter(session: Session) -> Period | None:
    """The quarter of the latest dated incident that counts (not rejected), or None for none."""
    latest = session.scalar(select(func.max(Incident.date)).where(Incident.review_state != "rejected"))
    return None if latest is None else bucket_of(latest, Granularity.QUARTER)


__all__ = ["Chart", "Count", "Coverage", "DeadlyIncident", "Report", "ReportTable", "SourceRef", "build_report",
           "category_name", "latest_quarter"]
