"""Toll reconciliation: low, best and high for victims killed, militants killed and injured.

Pure functions over JSON-ready dicts, so that an incident's reconciliation is kept in one JSON
column (``incidents.toll_sources``) and updated one report at a time (``fold``) without
reading the incident's other reports. The rules (``docs/storage.md``):

- a report's figure comes with its source, found in its evidence (``toll_sources.yaml``): tier 3
  official (ISPR, CTD, police, health department, an official statement), 2 hospital or rescue
  officials, 1 unnamed, 0 a perpetrator's own claim;
- an impossible figure (below zero, or above the plausible most for the event type) is
  ``flagged`` for review: kept and shown, never in the range, never best;
- a perpetrator's claim is kept (``uncredited``), never in the range, never best;
- low and high: the smallest and largest credible figure, each with the report that gave it;
- a report that names the district (or a place in it) is trusted before one that names only the
  province or the country, whatever their tiers (a province-wide round-up may sum several
  attacks); among reports of one depth, the tier rules (``_rank``), and "tier" below means both;
- best: the latest figure of the most trusted tier. A later day's figure of that tier that is
  lower replaces best only when its report gives a reason ("after duplicate names were
  removed"); without one it is a ``conflict``, kept and shown, and best stays. Figures of that
  tier published the same day count as one day's: best is the one most of them give (a tie:
  the one more credible reports give, then the higher), the others are conflicts;
- a higher figure than best that ``CORROBORATED`` credible reports of a less trusted tier give,
  the later published no earlier than best, replaces it unless best is a revision with a reason
  (the toll rose after the official spoke); a later figure of a more trusted tier is best again;
- a figure whose article gives no publication date cannot be placed in time: in best's tier
  it replaces best only when higher (tolls rise as the wounded die and the missing are found)
  and best is not a revision with a reason; it never lowers best.

Each list keeps at most ``KEPT`` entries, so the state does not grow with the reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..resources.toll_sources import MEASURES, toll_sources

KEPT = 20  # entries kept in each of conflicts, flagged and uncredited
CREDIBLE_TIER = 1
CORROBORATED = 2  # credible reports that must give a higher figure than best's less trusted tier to replace it


@dataclass(frozen=True)
class Attribution:
    """Who gave a report's figures, and the reason it gives for a lower one."""

    source: str
    tier: int
    reason: str | None


def attribute(evidence_texts: list[str]) -> Attribution:
    """The source of a report's tolls from its evidence sentences."""
    text = " ".join(evidence_texts)
    found = toll_sources().source_of(text)
    reason = toll_sources().reason_in(text)
    return Attribution(found.name, found.tier, reason[:200] if reason else None)


@dataclass(frozen=True)
class Figure:
    """One report's figure for one measure."""

    value: int
    report: int | None  # the writer takes a report's id before its insert (``row_ids.RowIds``)
    article: int | None
    published: date | None
    source: str
    tier: int
    reason: str | None = None
    split: dict[str, Any] | None = None  # the report's whole toll (killed and injured best): its parts and qualifier
    deep: bool = True  # the report names the district (or a place in it); a province-wide one may sum several attacks

    def order(self) -> tuple[date, int]:
        return (self.published or date.min, self.report or 0)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"value": self.value, "report": self.report, "article": self.article,
                               "published": self.published.isoformat() if self.published else None,
                               "source": self.source, "tier": self.tier}
        if self.reason:
            out["reason"] = self.reason
        if self.split is not None:
            out["split"] = self.split
        if not self.deep:
            out["deep"] = False
        return out

    def rank(self) -> tuple[bool, int]:
        return (self.deep, self.tier)


def _rank(entry: dict[str, Any]) -> tuple[bool, int]:
    """How far a kept figure is trusted: a report that names the district before one that names
    only the province or country (a round-up's "six killed in attacks across the province"),
    then the source's tier."""
    return (entry.get("deep", True), entry["tier"])


def _order(entry: dict[str, Any]) -> tuple[date, int]:
    published = entry.get("published")
    return (date.fromisoformat(published) if published else date.min, entry["report"])


def _keep(items: list, entry: dict[str, Any]) -> list:
    return [*items, entry][-KEPT:] if len(items) >= KEPT else [*items, entry]


def empty() -> dict[str, Any]:
    # values: how many credible reports give each figure; day: the best tier's figures of
    # best's publication day (bounded by the distinct figures, not the reports)
    return {"low": None, "best": None, "high": None, "conflicts": [], "flagged": [], "uncredited": [], "values": {},
            "day": {}, "support": {}, "undated": {}}


class OutOfOrder(Exception):
    """A figure older than best in best's tier: only a recomputation in time order places it."""


def fold(state: dict[str, Any] | None, figure: Figure, measure: str, event_type: str) -> dict[str, Any]:
    """The measure's state once ``figure`` is added (a new dict; ``state`` is not changed).

    Raises:
        OutOfOrder: the figure is in best's tier and older than best (see the module docstring).
    """
    out = {**(state or empty())}
    entry = figure.as_json()
    if figure.value < 0 or figure.value > toll_sources().limit(measure, event_type):
        out["flagged"] = _keep(out["flagged"], {**entry, "why": "impossible for the event type" if figure.value >= 0
                                                else "negative"})
        return out
    if figure.tier < CREDIBLE_TIER:
        out["uncredited"] = _keep(out["uncredited"], entry)
        return out
    if out["low"] is None or figure.value < out["low"]["value"]:
        out["low"] = entry
    if out["high"] is None or figure.value > out["high"]["value"]:
        out["high"] = entry
    key = str(figure.value)
    out["values"] = {**out.get("values", {}), key: out.get("values", {}).get(key, 0) + 1}
    _support(out, key, entry)
    best = out["best"]
    if best is None or figure.rank() > _rank(best):
        out["best"], out["day"] = entry, {key: entry}
    elif figure.rank() < _rank(best) and _corroborated_rise(out, figure, best):
        out["best"], out["day"] = {**entry, "corroborated": out["values"][key]}, {key: entry}
    elif figure.rank() == _rank(best) and figure.published is None:
        if figure.value > best["value"] and not best.get("reason"):
            out["best"], out["day"] = entry, {key: entry}
    elif figure.rank() == _rank(best):
        if (figure.published or date.min) < _order(best)[0]:
            raise OutOfOrder(measure)
        if (figure.published or date.min) == _order(best)[0]:
            out["day"] = {**out.get("day", {}), key: {**entry, "count": out.get("day", {}).get(key, {}).get("count", 1) + (
                key in out.get("day", {}))}}
            out["best"] = _day_best(out)
            if figure.value < out["best"]["value"]:
                out["conflicts"] = _keep(out["conflicts"], {**entry, "why": f"{out['best']['value']} the same day"})
        elif figure.value >= best["value"] or figure.reason:
            out["best"], out["day"] = entry, {key: entry}
        else:
            out["conflicts"] = _keep(out["conflicts"], {**entry, "why": f"fell from {best['value']} without a reason"})
    _day_again(out)
    _rise_to_corroborated(out)
    return out


def _day_again(state: dict[str, Any]) -> None:
    """Best's day holds several figures of best's tier: judge them again once ``values`` counts
    the figure just folded, so that the tie-break counts every credible report, whenever it came
    (an undated page's 35 that comes after the day's 44 and 35 counts as much as one that came
    before them); a conflict of the day that is best now is a conflict no more."""
    best, day = state["best"], state.get("day") or {}
    if best is None or len(day) < 2 or str(best["value"]) not in day:
        return
    chosen = _day_best(state)
    if chosen["value"] != best["value"]:
        state["best"] = chosen
        state["conflicts"] = [c for c in state["conflicts"]
                              if not (c["value"] == chosen["value"] and c.get("why", "").endswith("the same day"))]


def _support(state: dict[str, Any], key: str, entry: dict[str, Any]) -> None:
    """Keep, for each credible figure, its latest-published report (``support``) and whether a
    report with no publication date gives it (``undated``): what ``_rise_to_corroborated`` needs
    to judge every figure, not only the one folded in (bounded by the distinct figures)."""
    support, undated = dict(state.get("support") or {}), dict(state.get("undated") or {})
    held = support.get(key)
    if held is None or _order(entry) >= _order(held):
        support[key] = entry
    if entry.get("published") is None:
        undated[key] = True
    state["support"], state["undated"] = support, undated


def _rise_to_corroborated(state: dict[str, Any]) -> None:
    """Best rises to the highest figure above it that ``CORROBORATED`` credible reports of a less
    trusted tier give, the latest of them published no earlier than best (or undated), when best
    is no revision with a reason (``_corroborated_rise``, judged for every figure held, so that
    the order the reports came in does not matter)."""
    best = state["best"]
    if best is None or best.get("reason"):
        return
    support, undated, values = state.get("support") or {}, state.get("undated") or {}, state["values"]
    risen = [key for key, entry in support.items()
             if values.get(key, 0) >= CORROBORATED and int(key) > best["value"] and _rank(entry) < _rank(best)
             and (undated.get(key) or entry.get("published") is None or best.get("published") is None
                  or _order(entry)[0] >= _order(best)[0])]
    if risen:
        key = max(risen, key=int)
        state["best"], state["day"] = {**support[key], "corroborated": values[key]}, {key: support[key]}


def _corroborated_rise(state: dict[str, Any], figure: Figure, best: dict[str, Any]) -> bool:
    """A higher figure than best that ``CORROBORATED`` credible reports give, the latest of them
    published no earlier than best (or undated), when best is no revision with a reason: the
    toll rose after the more trusted source spoke (the wounded died, the missing were found)."""
    if figure.value <= best["value"] or best.get("reason"):
        return False
    if state["values"].get(str(figure.value), 0) < CORROBORATED:
        return False
    return figure.published is None or best.get("published") is None or figure.published >= _order(best)[0]


def _day_best(state: dict[str, Any]) -> dict[str, Any]:
    """Of the best tier's figures of best's day: the one most of them give; a tie goes to the
    figure more credible reports give, then to the higher."""
    day, values = state["day"], state["values"]
    key = max(day, key=lambda k: (day[k].get("count", 1), values.get(k, 0), int(k)))
    return {k: v for k, v in day[key].items() if k != "count"}


def reconcile(figures: dict[str, list[Figure]], event_type: str) -> dict[str, dict[str, Any]]:
    """Every measure's state from all its figures, folded in time order."""
    out: dict[str, dict[str, Any]] = {}
    for measure in MEASURES:
        state = empty()
        for figure in sorted(figures.get(measure, []), key=Figure.order):
            state = fold(state, figure, measure, event_type)
        out[measure] = state
    return out


def figures_of_report(payload: dict[str, Any], *, report: int | None, article: int | None, published: date | None,
                      attribution: Attribution) -> dict[str, Figure]:
    """A report's figures, by measure: victims killed (killed minus militants), militants, injured."""
    killed, injured = payload.get("killed") or {}, payload.get("injured") or {}
    deep = (payload.get("location") or {}).get("admin2") is not None

    def make(value: int, split: dict[str, Any] | None = None) -> Figure:
        return Figure(value=value, report=report, article=article, published=published, source=attribution.source,
                      tier=attribution.tier, reason=attribution.reason, split=split, deep=deep)

    out: dict[str, Figure] = {}
    if killed.get("total") is not None:
        out["killed"] = make(killed["total"] - (killed.get("militants") or 0),
                             {k: killed.get(k) for k in ("civilians", "security", "foreigners", "qualifier")})
    if killed.get("militants") is not None:
        out["militants"] = make(killed["militants"])
    if injured.get("total") is not None:
        out["injured"] = make(injured["total"],
                              {k: injured.get(k) for k in ("civilians", "security", "militants", "foreigners", "qualifier")})
    return out
