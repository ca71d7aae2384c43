"""The claims ledger: the figures other monitors and officials published (SATP, CRSS, PICSS,
PIPS, ISPR, ministries...), side by side for the same region, period and metric, beside our own
count of the incidents in the database, with the difference.

Each published figure is one ``LedgerEntry`` (its source, value, qualifier, the article that
reported it and the evidence sentence). Entries about the same region, period, metric and unit
form a ``LedgerGroup``, which carries our count once (``OwnCount``), computed with ``stats`` over
the same selection of incidents the tallies use, so the ledger and ``incidentwatch stats``
cannot disagree.

Our count of each metric:

- ``incidents``: every incident; ``attacks``: every incident but those the state began
  (security operations and airstrikes);
- ``killed``: everyone killed except militants, as the monitors and our annotation rules count
  victims (``killed.total - killed.militants``); ``injured``: everyone injured;
- ``killed_civilians`` and ``injured_civilians`` include foreign nationals (the monitors count
  them as civilians); ``killed_security``, ``killed_militants``, ``injured_security`` are the
  splits; tolls a report did not split are in none of them;
- ``arrested`` and ``operations``, and every percentage, get no count, with the reason.

A claim's region is counted when it is one district, one province or one country, or a list of
provinces ("Khyber Pakhtunkhwa and Balochistan"); its period when it has both bounds. With
dates in the selection, claims whose period overlaps them are listed, and claims without a
period are left out (they cannot be placed in time). The agreement band compares our count with
the published figure (``AGREE_PERCENT``, ``CLOSE_PERCENT``); an "at least" or "over" figure is
a lower bound, met by any count at or above it.

This module reads the database; it never writes it and never prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..models import EventType, Metric, Qualifier, Unit
from ..models.claim import is_usable_value
from ..store.tables import Article, ClaimRow, Incident, IncidentReport
from .presets import CountingPreset, parse_preset, preset_figures, preset_for_source
from .selection import Selection, SelectionError, matches, resolve_country, resolve_province, words
from .stats import Figures, stats

# Our count is compared only where the database holds reports on at least a quarter of the
# period's days in the region (and at least 2 outlets): below that it counts a sliver of what the
# monitor counted, and "differs" would say nothing about either. See docs/presets.md.
THIN_DAYS_SHARE = 0.25
THIN_MIN_OUTLETS = 2

# A count within 10% of the published figure agrees: monitors themselves differ by about that
# much for the same quarter (different cut-off days, late-reported deaths), so a smaller band
# would flag noise; within 25% is close, beyond that the figures differ.
AGREE_PERCENT = 10.0
CLOSE_PERCENT = 25.0

UNATTRIBUTED = "unattributed"  # the --source value for figures no source is named for
STATE_TYPES = (EventType.SECURITY_OPERATION.value, EventType.AIRSTRIKE.value)
EVIDENCE_LIMIT = 2000  # characters of an evidence sentence carried into the ledger


class Band(StrEnum):
    AGREES = "agrees"  # within AGREE_PERCENT, or an at-least figure our count meets
    CLOSE = "close"  # within CLOSE_PERCENT
    DIFFERS = "differs"  # further apart
    NO_COUNT = "no_count"  # we have no count to compare with
    THIN = "thin_coverage"  # not comparable: the database covers too little of the period and region
    PERIOD_UNKNOWN = "period_unknown"  # the figure's period cannot be placed: never compared

    @property
    def label(self) -> str:
        return BAND_LABELS[self]


BAND_LABELS = {
    Band.AGREES: "agrees", Band.CLOSE: "close", Band.DIFFERS: "differs", Band.NO_COUNT: "no count",
    Band.THIN: "not comparable (thin coverage)", Band.PERIOD_UNKNOWN: "period unknown",
}


@dataclass(frozen=True)
class Coverage:
    """How much of a period and region the database reports on: the articles reporting incidents
    there and then, their outlets, and the days (of ``period_days``) those incidents fell on."""

    articles: int
    outlets: int
    days: int
    period_days: int
    min_days_share: float = THIN_DAYS_SHARE
    min_outlets: int = THIN_MIN_OUTLETS

    @property
    def thin(self) -> bool:
        """Too little to compare: reports on fewer than ``min_days_share`` of the days, or from
        fewer than ``min_outlets`` outlets."""
        return self.period_days > 0 and (self.days / self.period_days < self.min_days_share or self.outlets < self.min_outlets)

    def describe(self) -> str:
        return (f"{self.articles} article{'s' if self.articles != 1 else ''}, {self.outlets} outlet{'s' if self.outlets != 1 else ''}, "
                f"{self.days} of {self.period_days} days with reports")


@dataclass(frozen=True)
class ClaimArticle:
    """The article that reported a figure."""

    id: int
    outlet: str | None
    title: str | None
    url: str | None
    published: date | None


@dataclass(frozen=True)
class OwnCount:
    """Our count for a group: ``value`` of the metric over ``incidents`` incidents in ``scope``."""

    value: int
    incidents: int
    scope: str  # what was counted: "Khyber Pakhtunkhwa, 2024-04-01 to 2024-06-30"
    note: str  # how the metric was counted, and any caveat
    partial_coverage: bool = False  # the period reaches beyond the publication days of the articles held
    coverage: Coverage | None = None
    by_type: tuple[tuple[str, Figures], ...] = ()  # our figures per event type, for the presets


@dataclass(frozen=True)
class LedgerEntry:
    """One published figure, compared with our count."""

    claim_id: int
    source: str | None
    region: str  # as the article stated it
    period_label: str | None
    period_start: date | None
    period_end: date | None  # inclusive
    metric: str
    unit: str
    value: float
    qualifier: str
    article: ClaimArticle
    evidence: str  # the sentence the figure comes from
    own: int | None = None  # our count under ``preset`` (the publisher's), else under our own rules
    difference: float | None = None  # own - value
    percent: float | None = None  # the difference as a percent of the published value
    band: Band = Band.NO_COUNT
    preset: str | None = None  # the counting preset ``own`` was counted under (the publisher's)
    own_note: str | None = None  # how ``own`` was counted
    flags: tuple[str, ...] = ()  # "contradicts itself": the article states the figure both ways


@dataclass(frozen=True)
class LedgerGroup:
    """Figures about the same region, period, metric and unit, with our count once."""

    region: str
    period_label: str | None
    period_start: date | None
    period_end: date | None
    metric: str
    unit: str
    own: OwnCount | None
    reason: str | None  # why there is no own count
    entries: tuple[LedgerEntry, ...]

    @property
    def sources(self) -> list[str]:
        """The distinct sources, in entry order (``unattributed`` for none)."""
        seen: list[str] = []
        for e in self.entries:
            name = e.source or UNATTRIBUTED
            if name not in seen:
                seen.append(name)
        return seen

    @property
    def spread(self) -> float:
        """Highest minus lowest published value: how far the sources differ among themselves."""
        values = [e.value for e in self.entries]
        return max(values) - min(values)


@dataclass(frozen=True)
class Ledger:
    groups: tuple[LedgerGroup, ...]
    selection: Selection
    source: str | None = None
    metric: Metric | None = None
    coverage: tuple[date, date] | None = None  # first and last publication day of the articles held

    @property
    def entries(self) -> list[LedgerEntry]:
        return [e for g in self.groups for e in g.entries]

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def describe(self) -> str:
        parts = [self.selection.describe()] if self.selection.describe() != "all incidents" else []
        if self.source:
            parts.append(f"source {self.source}")
        if self.metric:
            parts.append(f"metric {self.metric.value}")
        return ", ".join(parts) or "all published figures"


# --- inputs -------------------------------------------------------------------------------------

def parse_metric(value: Metric | str) -> Metric:
    """A ``Metric`` from what a user typed (``killed``, ``killed civilians``, ``killed-security``).

    Raises:
        SelectionError: no such metric.
    """
    if isinstance(value, Metric):
        return value
    key = "_".join(value.strip().lower().replace("-", " ").split())
    try:
        return Metric(key)
    except ValueError:
        raise SelectionError("metric", value, f"unknown metric; known: {', '.join(m.value for m in Metric)}") from None


def resolve_source(session: Session, value: str) -> str:
    """The source name as stored (``crss`` gives ``CRSS``; ``unattributed`` stays).

    Raises:
        SelectionError: no claim in the database has this source.
    """
    text = value.strip()
    if text.lower() == UNATTRIBUTED:
        return UNATTRIBUTED
    known = sorted(s for s in session.scalars(select(ClaimRow.source).distinct()) if s)
    for name in known:
        if name.lower() == text.lower():
            return name
    from .selection import _resources  # the actors' aliases: "Centre for Research and Security Studies"

    actor = _resources().actors.get(text)
    if actor is not None and actor.name in known:
        return actor.name
    listed = ", ".join(known) if known else "none: the database holds no attributed figure"
    raise SelectionError("source", value, f"no published figure from this source; sources in the database: {listed}")


# --- own counts ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Scope:
    """Where our count is taken: one or more (country, province, district) units."""

    units: tuple[tuple[str, str | None, str | None], ...]
    label: str


def _scope_of(claim: ClaimRow) -> _Scope | str:
    """The units a claim's region names, or the reason it cannot be counted."""
    name = claim.region_name or ""
    country = claim.region_country
    if claim.region_admin2:
        province = claim.region_admin1
        return _Scope(((country or "", province, claim.region_admin2),),
                      f"{claim.region_admin2} ({province})" if province else claim.region_admin2)
    if claim.region_admin1:
        return _Scope(((country or "", claim.region_admin1, None),), claim.region_admin1)
    if country is None:
        return f"the region {name!r} could not be placed in a country"
    try:
        if resolve_country(name) == country:
            return _Scope(((country, None, None),), name)
    except SelectionError:
        pass
    parts = [p.strip() for p in re.split(r",|\band\b|&", name) if p.strip()]
    provinces: list[str] = []
    for part in parts:
        try:
            province = resolve_province(part, country)
        except SelectionError:
            return f"the region {name!r} is not one district, province or country, nor a list of provinces"
        if province not in provinces:
            provinces.append(province)
    if not provinces:
        return f"the region {name!r} is not one district, province or country"
    return _Scope(tuple((country, p, None) for p in provinces), " + ".join(provinces))


@dataclass(frozen=True)
class _Tally:
    total: Figures
    state_incidents: int  # incidents the state began (left out of attacks)
    by_type: dict[str, Figures]


def _tally(session: Session, scope: _Scope, start: date, end: date, include_rejected: bool) -> _Tally:
    total, state = Figures(), 0
    by_type: dict[str, Figures] = {}
    for country, province, district in scope.units:
        selection = Selection(date_from=start, date_to=end, country=(country,) if country else (),
                              province=(province,) if province else (), district=(district,) if district else (),
                              include_rejected=include_rejected)
        table = stats(session, selection, by=["event_type"])
        total += table.total
        state += sum(r.figures.incidents for r in table.rows if r.keys and r.keys[0] in STATE_TYPES)
        for r in table.rows:
            if r.keys:
                by_type[r.keys[0]] = by_type.get(r.keys[0], Figures()) + r.figures
    return _Tally(total, state, by_type)


def _coverage(session: Session, scope: _Scope, start: date, end: date, thresholds: tuple[float, int]) -> Coverage:
    """Articles, outlets and days with reports of incidents in ``scope`` between ``start`` and ``end``."""
    articles: set[int] = set()
    outlets: set[str] = set()
    days: set[date] = set()
    for country, province, district in scope.units:
        query = (select(Article.id, Article.outlet, Incident.date)
                 .join(IncidentReport, IncidentReport.article_id == Article.id)
                 .join(Incident, Incident.id == IncidentReport.incident_id)
                 .where(Incident.date >= start, Incident.date <= end))
        if country:
            query = query.where(Incident.country == country)
        if province:
            query = query.where(Incident.admin1 == province)
        if district:
            query = query.where(Incident.admin2 == district)
        for article_id, outlet, day in session.execute(query):
            articles.add(article_id)
            if outlet:
                outlets.add(outlet)
            if day is not None:  # always: the query asks for dates in the period
                days.add(day)
    return Coverage(articles=len(articles), outlets=len(outlets), days=len(days), period_days=(end - start).days + 1,
                    min_days_share=thresholds[0], min_outlets=thresholds[1])


NOT_COUNTED = {
    Metric.ARRESTED.value: "arrests are not incidents: the database does not count them",
    Metric.OPERATIONS.value: ("most security operations are never reported one by one; the database holds only those "
                              "the news told with an outcome, so its count would not be comparable"),
}


def _own_under_preset(metric: str, tally: _Tally, preset: CountingPreset) -> tuple[int | None, str]:
    """Our figure for ``metric`` counted the way ``preset``'s monitor counts (None: it publishes none):
    the event types it counts, and the dead with the militants when it counts them."""
    how = preset.describe()
    if metric in (Metric.INJURED, Metric.INJURED_CIVILIANS, Metric.INJURED_SECURITY) and not preset.injured:
        return None, f"{preset.name} publishes no injured; {how}"
    every_death = preset.model_copy(update={"perpetrators_killed": True})
    state = sum(v.incidents for k, v in tally.by_type.items() if k in STATE_TYPES and preset.counts_type(k))
    counted = _Tally(preset_figures(tally.by_type, every_death), state, tally.by_type)
    if metric == Metric.INCIDENTS:
        return counted.total.incidents, f"incidents of the types it counts; {how}"
    if metric == Metric.KILLED and preset.perpetrators_killed:
        f = counted.total
        return f.killed, f"everyone killed, the {f.killed_militants} militants included; {how}"
    value, note = _own_value(metric, counted)
    return value, f"{note}; {how}"


def _own_value(metric: str, tally: _Tally) -> tuple[int, str]:
    """Our figure for ``metric`` and how it was counted."""
    f = tally.total
    unsplit = f" ({f.killed_unspecified} killed not split by category are in no category)" if f.killed_unspecified else ""
    unsplit_injured = (f" ({f.injured_unspecified} injured not split by category are in no category)"
                       if f.injured_unspecified else "")
    if metric == Metric.INCIDENTS:
        return f.incidents, "incidents of every type"
    if metric == Metric.ATTACKS:
        return f.incidents - tally.state_incidents, (f"incidents other than security operations and airstrikes "
                                                     f"({tally.state_incidents} of those left out)")
    if metric == Metric.KILLED:
        militants = (f" ({f.killed} with the {f.killed_militants} militant{'s' if f.killed_militants != 1 else ''})"
                     if f.killed_militants else " (no militant among the dead)")
        return f.killed - f.killed_militants, f"everyone killed but militants{militants}"
    if metric == Metric.INJURED:
        return f.injured, "everyone injured"
    if metric == Metric.KILLED_CIVILIANS:
        foreign = f" and {f.killed_foreigners} foreign nationals" if f.killed_foreigners else ""
        return f.killed_civilians + f.killed_foreigners, f"civilians{foreign} killed{unsplit}"
    if metric == Metric.INJURED_CIVILIANS:
        foreign = f" and {f.injured_foreigners} foreign nationals" if f.injured_foreigners else ""
        return f.injured_civilians + f.injured_foreigners, f"civilians{foreign} injured{unsplit_injured}"
    if metric == Metric.KILLED_SECURITY:
        return f.killed_security, f"security forces killed{unsplit}"
    if metric == Metric.KILLED_MILITANTS:
        return f.killed_militants, f"militants killed{unsplit}"
    if metric == Metric.INJURED_SECURITY:
        return f.injured_security, f"security forces injured{unsplit_injured}"
    raise ValueError(metric)


def compare(value: float, qualifier: str, own: int | None) -> tuple[float | None, float | None, Band]:
    """The difference of our count from a published figure: (own - value, as a percent of the
    value, band). ``None``s and ``NO_COUNT`` without a count."""
    if own is None:
        return None, None, Band.NO_COUNT
    difference = own - value
    percent = None if value == 0 else 100.0 * difference / value
    if qualifier == Qualifier.AT_LEAST and own >= value or qualifier == Qualifier.OVER and own > value:
        return difference, percent, Band.AGREES
    if percent is None:
        return difference, percent, Band.AGREES if own == 0 else Band.DIFFERS
    if abs(percent) <= AGREE_PERCENT:
        return difference, percent, Band.AGREES
    if abs(percent) <= CLOSE_PERCENT:
        return difference, percent, Band.CLOSE
    return difference, percent, Band.DIFFERS


# --- the ledger ---------------------------------------------------------------------------------

_METRIC_ORDER = {m.value: i for i, m in enumerate(Metric)}
_UNIT_ORDER = {u.value: i for i, u in enumerate(Unit)}


def _claims(session: Session, selection: Selection, source: str | None, metric: Metric | None) -> Iterable:
    query = select(ClaimRow, Article).join(Article, Article.id == ClaimRow.article_id)
    if selection.date_from is not None:
        query = query.where(ClaimRow.period_end >= selection.date_from)
    if selection.date_to is not None:
        query = query.where(ClaimRow.period_start <= selection.date_to)
    if selection.country:
        query = query.where(matches(ClaimRow.region_country, selection.country))
    if selection.province:
        query = query.where(matches(ClaimRow.region_admin1, selection.province))
    if selection.district:
        query = query.where(matches(ClaimRow.region_admin2, selection.district))
    if source == UNATTRIBUTED:
        query = query.where(ClaimRow.source.is_(None))
    elif source is not None:
        query = query.where(ClaimRow.source == source)
    if metric is not None:
        query = query.where(ClaimRow.metric == metric.value)
    return session.execute(query.order_by(ClaimRow.id))


def _check(selection: Selection) -> None:
    for label, value in (("type", words(selection.event_type)), ("group", words(selection.group)),
                         ("victims", words(selection.category)), ("minimum killed", selection.min_killed),
                         ("text", selection.text)):
        if value is not None and value != "":
            raise SelectionError(label, str(value), "the ledger compares whole counts of a region and period; "
                                                    "filter it by dates, place, source or metric")


def ledger(session: Session, selection: Selection | None = None, *, source: str | None = None,
           metric: Metric | str | None = None, min_days_share: float = THIN_DAYS_SHARE,
           min_outlets: int = THIN_MIN_OUTLETS, preset: CountingPreset | str | None = None) -> Ledger:
    """The published figures that match, grouped by (region, period, metric, unit), each group
    with our own count and each figure with its difference from it.

    Args:
        session: a database session.
        selection: dates (claims whose period overlaps them), country, province, district; its
            ``include_rejected`` reaches our counts. Other filters are refused.
        source: a source name as stored or an alias (``resolve_source``), or ``unattributed``.
        metric: only this metric.
        min_days_share, min_outlets: below these the coverage is thin and a figure is "not
            comparable (thin coverage)" instead of agreeing or differing (``Coverage.thin``).

    Each figure is compared with our count under its publisher's counting preset
    (``presets.preset_for_source``), or under our own rules when we have none for it; under
    ``preset`` instead when it is given (``report --preset``: every figure beside our count
    under the report's preset).

    Raises:
        SelectionError: an unknown source, metric or preset, or a filter the ledger cannot apply.
    """
    selection = selection or Selection()
    _check(selection)
    counting = parse_preset(preset)
    wanted_metric = parse_metric(metric) if metric is not None else None
    wanted_source = resolve_source(session, source) if source is not None else None
    first, last = session.execute(select(func.min(Article.published), func.max(Article.published))).one()
    coverage = (first, last) if first and last else None

    buckets: dict[tuple, list[tuple[ClaimRow, Article, _Scope | str]]] = {}
    for claim, article in _claims(session, selection, wanted_source, wanted_metric):
        if claim.value is None or not is_usable_value(claim.value):
            continue  # stored before values were bounded, or by hand: an infinity is no figure
        scope = _scope_of(claim)
        where = ("units", scope.units) if isinstance(scope, _Scope) else ("name", (claim.region_name or "").lower())
        key = (where, claim.period_start, claim.period_end, claim.metric, claim.unit)
        buckets.setdefault(key, []).append((claim, article, scope))

    tallies: dict[tuple, _Tally] = {}
    coverages: dict[tuple, Coverage] = {}
    groups: list[LedgerGroup] = []
    for (_, start, end, metric_value, unit), members in buckets.items():
        claim0, _, scope = members[0]
        region = scope.label if isinstance(scope, _Scope) else claim0.region_name
        own, reason, tally = None, None, None
        if unit != Unit.COUNT:
            reason = f"a percentage ({unit}): the ledger compares counts"
        elif metric_value in NOT_COUNTED:
            reason = NOT_COUNTED[metric_value]
        elif start is None or end is None:
            stated = f" (as stated: {claim0.period_label!r})" if claim0.period_label else ""
            reason = f"the figure names no period we can place{stated}"
        elif isinstance(scope, str):
            reason = scope
        else:
            tally_key = (scope.units, start, end)
            if tally_key not in tallies:
                tallies[tally_key] = _tally(session, scope, start, end, selection.include_rejected)
                coverages[tally_key] = _coverage(session, scope, start, end, (min_days_share, min_outlets))
            tally = tallies[tally_key]
            value, note = _own_value(metric_value, tally)
            partial = coverage is None or start < coverage[0] or end > coverage[1]
            own = OwnCount(value=value, incidents=tally.total.incidents,
                           scope=f"{scope.label}, {start} to {end}", note=note, partial_coverage=partial,
                           coverage=coverages[tally_key])
        entries = []
        for claim, article, _ in members:
            preset = counting or preset_for_source(claim.source)
            own_value, own_note = (own.value, own.note) if own else (None, None)
            if own is not None and tally is not None and preset is not None:
                own_value, own_note = _own_under_preset(metric_value, tally, preset)
            difference, percent, band = compare(claim.value, claim.qualifier, own_value)
            if start is None or end is None:
                band = Band.PERIOD_UNKNOWN
            elif own_value is not None and own is not None and own.coverage is not None and own.coverage.thin:
                band = Band.THIN
            entries.append(LedgerEntry(
                claim_id=claim.id, source=claim.source, region=claim.region_name, period_label=claim.period_label,
                period_start=claim.period_start, period_end=claim.period_end, metric=claim.metric, unit=claim.unit,
                value=claim.value, qualifier=claim.qualifier,
                article=ClaimArticle(id=article.id, outlet=article.outlet, title=article.title, url=article.url,
                                     published=article.published),
                evidence=str((claim.evidence or {}).get("text") or "")[:EVIDENCE_LIMIT],
                own=own_value, difference=difference, percent=percent, band=band,
                preset=preset.key if preset is not None and own_value is not None else None, own_note=own_note,
                flags=tuple((claim.evidence or {}).get("flags") or ()),
            ))
        entries.sort(key=lambda e: (e.source is None, (e.source or "").lower(), e.article.published or date.max, e.claim_id))
        groups.append(LedgerGroup(region=region, period_label=claim0.period_label, period_start=start, period_end=end,
                                  metric=metric_value, unit=unit, own=own, reason=reason, entries=tuple(entries)))

    groups.sort(key=lambda g: (g.period_start is None, g.period_start or date.max, g.period_end or date.max,
                               g.region.lower(), _METRIC_ORDER.get(g.metric, 99), _UNIT_ORDER.get(g.unit, 99)))
    return Ledger(groups=tuple(groups), selection=selection, source=wanted_source, metric=wanted_metric,
                  coverage=coverage)


def entry_fields(group: LedgerGroup, entry: LedgerEntry) -> dict:
    """One flat row (CSV, JSON): the figure, the article, the evidence, our count and the difference."""
    return {
        "claim_id": entry.claim_id, "source": entry.source, "region": entry.region, "counted_region": group.region,
        "period_label": entry.period_label,
        "period_start": entry.period_start.isoformat() if entry.period_start else None,
        "period_end": entry.period_end.isoformat() if entry.period_end else None,
        "metric": entry.metric, "unit": entry.unit, "qualifier": entry.qualifier, "value": entry.value,
        "own": entry.own, "own_incidents": group.own.incidents if group.own else None, "preset": entry.preset,
        "coverage_articles": group.own.coverage.articles if group.own and group.own.coverage else None,
        "coverage_outlets": group.own.coverage.outlets if group.own and group.own.coverage else None,
        "coverage_days": group.own.coverage.days if group.own and group.own.coverage else None,
        "period_days": group.own.coverage.period_days if group.own and group.own.coverage else None,
        "difference": entry.difference, "percent": None if entry.percent is None else round(entry.percent, 1),
        "band": entry.band.value, "own_note": entry.own_note,
        "own_partial_coverage": group.own.partial_coverage if group.own else None, "reason": group.reason,
        "article_id": entry.article.id, "outlet": entry.article.outlet, "title": entry.article.title,
        "url": entry.article.url, "published": entry.article.published.isoformat() if entry.article.published else None,
        "evidence": entry.evidence, "flags": list(entry.flags),
    }


__all__ = [
    "AGREE_PERCENT", "BAND_LABELS", "CLOSE_PERCENT", "THIN_DAYS_SHARE", "THIN_MIN_OUTLETS", "Band", "ClaimArticle", "Coverage", "Ledger", "LedgerEntry", "LedgerGroup", "OwnCount",
    "compare", "entry_fields", "ledger", "parse_metric", "resolve_source",
]
