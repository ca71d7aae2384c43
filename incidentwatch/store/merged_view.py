"""The merged view of an incident: the fields it shows, chosen from its reports.

The one module that sets them, for the writer and for the web's merge and split:

- ``absorb``: a new report joins the incident. Reads the incident's row (its ``merge_state``
  and ``toll_sources``: counts and chosen figures, bounded whatever the number of reports) and
  the new report, never the incident's other reports, so that storing an article costs the
  same whether its incident has one report or a thousand.
- ``recompute``: every report afresh, in time order (a retired article version, a
  re-extraction, a merge or split in the web, an incident stored before ``merge_state``).

The rules (both paths):

- date: the day most main reports give (ties: the earliest day);
- place: the most precise location a main report gives (town over district over province);
  an equally precise one later does not replace it;
- event type: the most frequent type other than ``other`` (ties: the more specific, ``TYPE_ORDER``);
- perpetrators: each group with its strongest status (claimed, attributed, suspected, denied);
  a group both claimed and denied is kept as a conflict (``merge_state["attribution"]``);
- confidence: the highest;
- published: the earliest publication of its main reports, of any report while it has none
  (a follow-up published weeks later does not move it; where the writer looks for an undated
  incident's reports);
- tolls: low / best / high per measure, with the report behind each (``tolls.py``);
- signature: the union of every report's shared-detail words (``signature.py``), bounded,
  which the writer compares a report that gives no date with (``merge_state["signature"]``);
- places: the places below the district the main reports named, bounded
  (``merge_state["places"]``), any of which a new report may name;
- doubts: an impossible figure, a group that claimed and denied, a toll that fell with no
  reason (``DOUBT_*`` bits in ``incidents.doubts``), which the review queue ranks.

Main reports set the fields; background mentions (a follow-up story's) add only their
figures, unless the incident has no main report. Fields an editor set (``locked_fields``)
stay; a locked toll is its own best.

``snapshot`` is the one shape of an incident in the audit log, for the machine and the editors.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from ..resources.toll_sources import MEASURES
from . import signature, toll_context, tolls
from .lookups import Lookups
from .report_records import ReportFields, read
from .tables import Incident, IncidentPerpetrator

STATUS_RANK = {"claimed": 0, "attributed": 1, "suspected": 2, "denied": 3}
# the more specific type first: wins a tie between equally frequent types
TYPE_ORDER = ("suicide_bombing", "bombing", "targeted_killing", "kidnapping", "airstrike", "armed_assault", "clash",
              "security_operation")
PRECISION_RANK = {"place": 4, "admin2": 3, "admin1": 2, "country": 1}
TOLL_PARTS = ("total", "civilians", "security", "militants", "foreigners")
MAX_PLACES = 16  # the places below the district an incident's merge state keeps
LOCATION_COLUMNS = ("place", "admin2", "admin1", "country", "iso3166_2", "lat", "lon")


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def attribution(report: ReportFields) -> tolls.Attribution:
    """Who gave the report's figures: stored with the report, or read from its evidence."""
    if report.toll_tier is not None and report.toll_source is not None:
        return tolls.Attribution(report.toll_source, report.toll_tier, report.toll_reason)
    return _read_attribution(report.payload or {})


def _read_attribution(payload: dict[str, Any]) -> tolls.Attribution:
    found = tolls.attribute([span.get("text", "") for span in payload.get("evidence") or []])
    context = toll_context.of_payload(payload)
    if not context:
        return found
    # the sentences that restate the figure may name a more trusted source, never a less trusted one
    # (a claim of the same number is not the report's own)
    restated = tolls.attribute(context)
    best = restated if restated.tier > found.tier else found
    return tolls.Attribution(best.source, best.tier, found.reason or restated.reason)


def _has_figures(report: ReportFields) -> bool:
    return _payload_has_figures(report.payload or {})


def _payload_has_figures(payload: dict[str, Any]) -> bool:
    killed, injured = payload.get("killed") or {}, payload.get("injured") or {}
    return killed.get("total") is not None or killed.get("militants") is not None or injured.get("total") is not None


def payload_attribution(payload: dict[str, Any]) -> tolls.Attribution | None:
    """Who gave the figures of a new report's payload, stored with the report (None: it gives
    none); ``prepared.prepare`` reads it with the extraction."""
    if not _payload_has_figures(payload):
        return None
    return _read_attribution(payload)


def _figures(report: ReportFields) -> dict[str, tolls.Figure]:
    if not _has_figures(report):
        return {}
    return tolls.figures_of_report(report.payload or {}, report=report.id, article=report.article_id,
                                   published=report.published, attribution=attribution(report))


def _empty_state() -> dict[str, Any]:
    return {"main": 0, "background": 0, "days": {}, "types": {}, "location": 0, "perpetrators": {}, "attribution": {},
            "confidence": None}


def _fold_fields(state: dict[str, Any], report: ReportFields) -> bool:
    """Count the report's fields into ``state``; True when its location is the most precise yet."""
    payload = report.payload or {}
    if report.date is not None:
        day = report.date.isoformat()
        state["days"] = {**state["days"], day: state["days"].get(day, 0) + 1}
    kind = payload.get("event_type") or "other"
    if kind != "other":
        state["types"] = {**state["types"], kind: state["types"].get(kind, 0) + 1}
    confidence = payload.get("confidence", 0.5)
    state["confidence"] = confidence if state["confidence"] is None else max(state["confidence"], confidence)
    perpetrators, seen = dict(state["perpetrators"]), dict(state["attribution"])
    for perp in payload.get("perpetrators") or []:
        name, status = perp["name"], perp["status"]
        if name not in perpetrators or STATUS_RANK[status] < STATUS_RANK[perpetrators[name]]:
            perpetrators[name] = status
        seen[name] = sorted(set(seen.get(name, [])) | {status}, key=STATUS_RANK.__getitem__)
    state["perpetrators"], state["attribution"] = perpetrators, seen
    _fold_place(state, payload.get("location") or {})
    rank = PRECISION_RANK.get((payload.get("location") or {}).get("precision") or "", 0)
    if rank > state["location"] or (state["main"] + state["background"] == 0):
        state["location"] = rank
        return True
    return False


def _fold_place(state: dict[str, Any], loc: dict[str, Any]) -> None:
    """Keep the place below the district that a report names (lower case, at most ``MAX_PLACES``):
    a report naming any of an incident's places fits it (``merge._sub_district_places_differ``)."""
    place = (loc.get("place") or "").lower()
    if not place or place in {(loc.get("admin2") or "").lower(), (loc.get("admin1") or "").lower()}:
        return
    places = state.get("places") or []
    if place not in places and len(places) < MAX_PLACES:
        state["places"] = [*places, place]


def _fold_signature(state: dict[str, Any], report: ReportFields) -> None:
    terms = (report.payload or {}).get(signature.KEY) or []
    if terms:
        state[signature.KEY] = signature.union(state.get(signature.KEY) or [], terms)


def _most_common_day(days: dict[str, int]) -> date | None:
    if not days:
        return None
    return date.fromisoformat(min(days, key=lambda d: (-days[d], d)))


def _most_common_type(types: dict[str, int]) -> str:
    if not types:
        return "other"
    order = {t: i for i, t in enumerate(TYPE_ORDER)}
    return min(types, key=lambda t: (-types[t], order.get(t, len(order)), t))


def _put(incident: Incident, locked: set[str], lock: str, column: str, value: Any) -> None:
    if lock not in locked:
        setattr(incident, column, value)


def _apply_fields(session: Session, incident: Incident, state: dict[str, Any], located: ReportFields | None,
                  lookups: Lookups) -> None:
    locked = set(incident.locked_fields or [])
    day = _most_common_day(state["days"])
    _put(incident, locked, "date", "date", day)
    _put(incident, locked, "date", "date_precision", "day" if day else None)
    if located is not None and "place" not in locked:
        loc = (located.payload or {}).get("location") or {}
        for column in LOCATION_COLUMNS:
            setattr(incident, column, loc.get(column))
        incident.place_id = lookups.place_id(session, loc)
    _put(incident, locked, "event_type", "event_type", _most_common_type(state["types"]))
    if state["confidence"] is not None:
        incident.confidence = state["confidence"]
    if "perpetrators" not in locked:
        wanted = {lookups.actor_id(session, name): status for name, status in state["perpetrators"].items()}
        for perpetrator in list(incident.perpetrators):
            if perpetrator.actor_id not in wanted:
                incident.perpetrators.remove(perpetrator)
            elif perpetrator.status != wanted[perpetrator.actor_id]:
                perpetrator.status = wanted[perpetrator.actor_id]
        have = {p.actor_id for p in incident.perpetrators}
        for actor_id, status in sorted(wanted.items()):
            if actor_id not in have:
                incident.perpetrators.append(IncidentPerpetrator(actor_id=actor_id, status=status))


def _value(entry: dict[str, Any] | None) -> int | None:
    return entry["value"] if entry else None


def editor_best(incident: Incident, prefix: str) -> None:
    """A toll an editor set is its own best: ``killed_best`` (victims), ``militants_best`` or
    ``injured_best`` follow the edited columns."""
    if prefix == "killed":
        total, militants = incident.killed_total, incident.killed_militants
        incident.killed_best = None if total is None else total - (militants or 0)
        incident.militants_best = militants
    else:
        incident.injured_best = incident.injured_total


def _apply_tolls(incident: Incident, reconciled: dict[str, dict[str, Any]]) -> None:
    locked = set(incident.locked_fields or [])
    incident.toll_sources = reconciled
    for measure in MEASURES:
        state = reconciled[measure]
        setattr(incident, f"{measure}_low", _value(state["low"]))
        setattr(incident, f"{measure}_high", _value(state["high"]))
    if "killed" in locked:
        editor_best(incident, "killed")
    else:
        victims, militants = reconciled["killed"]["best"], reconciled["militants"]["best"]
        split = (victims or {}).get("split") or {}
        incident.killed_best, incident.militants_best = _value(victims), _value(militants)
        parts = [v for v in (_value(victims), _value(militants)) if v is not None]
        incident.killed_total = sum(parts) if parts else None
        incident.killed_militants = _value(militants)
        for part in ("civilians", "security", "foreigners", "qualifier"):
            setattr(incident, f"killed_{part}", split.get(part))
    if "injured" in locked:
        editor_best(incident, "injured")
    else:
        injured = reconciled["injured"]["best"]
        split = (injured or {}).get("split") or {}
        incident.injured_best = _value(injured)
        incident.injured_total = _value(injured)
        for part in ("civilians", "security", "militants", "foreigners", "qualifier"):
            setattr(incident, f"injured_{part}", split.get(part))


# what the review queue brings forward (``incidents.doubts``, a bit each; web/review_queue.py)
DOUBT_IMPOSSIBLE = 1  # a figure below zero or above the plausible most for the type (``tolls.fold``: flagged)
DOUBT_CLAIMED_AND_DENIED = 2  # a group claimed it in one report and denied it in another
DOUBT_TOLL_FELL = 4  # a lower toll with no reason given beside best (``tolls.fold``: a conflict)


def doubts_of(toll_sources: dict[str, Any] | None, merge_state: dict[str, Any] | None) -> int:
    """An incident's doubts (``DOUBT_*``), from its toll reconciliation (``toll_sources``) and
    its merge state's attribution."""
    states = [(toll_sources or {}).get(measure) or {} for measure in MEASURES]
    doubts = DOUBT_IMPOSSIBLE if any(state.get("flagged") for state in states) else 0
    seen: dict[str, list[str]] = (merge_state or {}).get("attribution") or {}
    if any("denied" in statuses and len(statuses) > 1 for statuses in seen.values()):
        doubts |= DOUBT_CLAIMED_AND_DENIED
    if any(state.get("conflicts") for state in states):
        doubts |= DOUBT_TOLL_FELL
    return doubts


def _touched(incident: Incident) -> None:
    incident.doubts = doubts_of(incident.toll_sources, incident.merge_state)
    incident.updated_at = _now()
    incident.row_version = (incident.row_version or 0) + 1


def recompute(session: Session, incident: Incident, lookups: Lookups, pending: Sequence[ReportFields] = (),
              stored: Sequence[ReportFields] | None = None) -> None:
    """Set the incident's fields from all its reports (see the module docstring); ``pending``:
    its reports not in the database yet (the writer inserts an article's reports after this);
    ``stored``: its reports in the database, when read already (else ``incident.reports``)."""
    held: Sequence[ReportFields] = incident.reports if stored is None else stored
    ids = {report.id for report in held}
    everyone = [*held, *(report for report in pending if report.id not in ids)]
    reports = sorted(everyone, key=lambda r: (r.published or date.min, r.id or 0))
    if not reports:
        return
    main = [r for r in reports if r.reported_as == "main"] or reports
    state, located = _empty_state(), None
    for report in main:
        if _fold_fields(state, report):
            located = report
        state["main" if report.reported_as == "main" else "background"] += 1
    state["background"] += len(reports) - len(main)
    figures: dict[str, list[tolls.Figure]] = {}
    for report in reports:
        _fold_signature(state, report)
        for measure, figure in _figures(report).items():
            figures.setdefault(measure, []).append(figure)
    incident.merge_state = state
    incident.published = min((r.published for r in main if r.published is not None), default=None)
    _apply_fields(session, incident, state, located, lookups)
    _apply_tolls(incident, tolls.reconcile(figures, incident.event_type))
    _touched(incident)


def absorb(session: Session, incident: Incident, report: ReportFields, lookups: Lookups, *, fresh: bool,
           pending: Sequence[ReportFields] = ()) -> None:
    """Add one new report to the incident's view without reading its other reports. The report
    has its id (the writer takes it before the insert, so that its figures name it); a ``fresh``
    incident (created for this report) is then inserted whole. Falls back
    on ``recompute`` for an incident stored before ``merge_state``, for the first main report
    of an incident that had only background mentions, and for a figure older than best in
    best's tier (``tolls.OutOfOrder``); ``pending``: its reports the database does not hold yet
    (``recompute``)."""
    state = incident.merge_state
    if state is None and not fresh:
        return _recompute_stored(session, incident, lookups, pending)
    state = {**(state or _empty_state())}
    is_main = report.reported_as == "main"
    if is_main and state["main"] == 0 and state["background"] > 0:
        return _recompute_stored(session, incident, lookups, pending)
    located = None
    if is_main or state["main"] == 0:
        if _fold_fields(state, report):
            located = report
    state["main" if is_main else "background"] += 1
    _fold_signature(state, report)
    event_type = _most_common_type(state["types"])
    reconciled = {m: (incident.toll_sources or {}).get(m) or tolls.empty() for m in MEASURES}
    try:
        for measure, figure in _figures(report).items():
            reconciled[measure] = tolls.fold(reconciled[measure], figure, measure, event_type)
    except tolls.OutOfOrder:
        return _recompute_stored(session, incident, lookups, pending)
    incident.merge_state = state
    if (report.published is not None and (is_main or state["main"] == 0)
            and (incident.published is None or report.published < incident.published)):
        incident.published = report.published
    _apply_fields(session, incident, state, located, lookups)
    _apply_tolls(incident, reconciled)
    _touched(incident)


def _recompute_stored(session: Session, incident: Incident, lookups: Lookups, pending: Sequence[ReportFields]) -> None:
    """``recompute`` for the writer: the stored reports of a stored incident read as plain
    records (``report_records.read``: the writer's reports never enter the session, and
    everything it changed is flushed before an article's reports are merged), the same reports
    ``incident.reports`` would load."""
    if not inspect(incident).persistent:
        return recompute(session, incident, lookups, pending)
    return recompute(session, incident, lookups, pending, stored=read(session, incident.id))


# every column ``absorb`` and ``recompute`` may set (the perpetrators are rows of their own)
MERGED_COLUMNS = ("date", "date_precision", "published", "place_id", *LOCATION_COLUMNS, "event_type", "confidence",
                  *(f"killed_{p}" for p in (*TOLL_PARTS, "qualifier")), *(f"injured_{p}" for p in (*TOLL_PARTS, "qualifier")),
                  *(f"{m}_{k}" for m in MEASURES for k in ("low", "best", "high")), "toll_sources", "merge_state",
                  "doubts", "row_version", "updated_at")


def write_whole(incident: Incident) -> None:
    """Have the next flush write every merged column of a stored incident, changed or not (call
    it before setting them: a column set to its old value afterwards is still written): one
    UPDATE statement for every merge (the unit of work would write only the changed columns, a
    statement of its own for each combination, which SQLite prepares anew with the rollup
    triggers' programs, hundreds of them over an ingest). The triggers' ``WHEN`` still compares
    old and new values, so an unchanged tally column moves no rollup."""
    state = inspect(incident)
    if not state.persistent:
        return
    for column in MERGED_COLUMNS:
        if column in state.dict:
            flag_modified(incident, column)


def snapshot(incident: Incident, names: dict[int, str] | None = None) -> dict[str, Any]:
    """The incident's reviewable fields as JSON: the audit log's one shape (machine and editors)
    and the web's conflict answers. ``names``: actor names by id, for perpetrators added in
    this transaction (their actor row not loaded)."""
    names = names or {}
    out: dict[str, Any] = {
        "date": incident.date.isoformat() if incident.date else None,
        "place": incident.place, "district": incident.admin2, "province": incident.admin1, "country": incident.country,
        "lat": incident.lat, "lon": incident.lon, "event_type": incident.event_type,
    }
    for prefix in ("killed", "injured"):
        out[prefix] = {**{p: getattr(incident, f"{prefix}_{p}") for p in TOLL_PARTS},
                       "qualifier": getattr(incident, f"{prefix}_qualifier")}
    out["estimates"] = {m: {k: getattr(incident, f"{m}_{k}") for k in ("low", "best", "high")} for m in MEASURES}
    out["perpetrators"] = sorted(({"name": names.get(p.actor_id) or (p.actor.name if p.actor is not None else str(p.actor_id)),
                                   "status": p.status} for p in incident.perpetrators), key=lambda p: p["name"])
    out["review_state"] = incident.review_state
    out["locked_fields"] = sorted(incident.locked_fields or [])
    out["row_version"] = incident.row_version
    return out


def attribution_conflicts(incident: Incident) -> dict[str, list[str]]:
    """Groups whose reports disagree: claimed by one, denied by another."""
    seen: dict[str, list[str]] = (incident.merge_state or {}).get("attribution") or {}
    return {name: statuses for name, statuses in seen.items() if "denied" in statuses and len(statuses) > 1}

