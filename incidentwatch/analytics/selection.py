"""Which incidents a tally, a ledger, a report, an export or an API call is about.

A ``Selection`` holds the filters every consumer shares (dates, country, province, district,
event type, group, victim category, a minimum death toll, text). The named filters (country,
province, district, event type, group, victim category) hold several values each, as tuples:
an incident matches when it matches any of them (``province=("Balochistan", "Khyber
Pakhtunkhwa")``); an empty tuple does not filter. One value is the common case and behaves as
a single filter always did; ``Selection(province="Balochistan")`` is read as one value.
``resolve_selection`` turns what a user typed into canonical names, with a clear
``SelectionError`` for an unknown province, district, country, group or type; ``apply`` adds
the filters to a SQLAlchemy query over ``incidents`` (``=`` for one value, ``IN`` with bound
parameters for several).

Rejected incidents (an editor's verdict) are never counted unless ``include_rejected``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date
from difflib import get_close_matches
from enum import Enum
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, exists, func, or_, select

from ..errors import IncidentwatchError
from ..models import EventType, VictimCategory
from ..store.tables import Actor, Article, Incident, IncidentPerpetrator, IncidentReport
from .periods import Period, period_label


class SelectionError(IncidentwatchError):
    """A filter names something the gazetteer, the actors or the taxonomy do not know."""

    def __init__(self, field: str, value: str, message: str) -> None:
        self.field, self.value = field, value
        super().__init__(f"{field} {value!r}: {message}")


MULTI_VALUED = ("country", "province", "district", "event_type", "group", "category")  # tuples of values


def _as_values(value: object, kind: type | None = None) -> tuple:
    """A filter's values as a tuple, in order, each once: None is none (in a tuple too), a lone
    string or enum one."""
    if value is None:
        return ()
    items: Iterable = (value,) if isinstance(value, str | Enum) else value  # type: ignore[assignment]
    out: list = []
    for item in items:
        if item is None:
            continue
        item = kind(item) if kind is not None and not isinstance(item, kind) else item
        if item not in out:
            out.append(item)
    return tuple(out)


def words(values: Sequence[object], joiner: str = " or ") -> str:
    """``Balochistan or Khyber Pakhtunkhwa``: a filter's values in words."""
    return joiner.join(str(v) for v in values)


def single(values: Sequence[str]) -> str | None:
    """The value of a filter that holds exactly one, else None."""
    return values[0] if len(values) == 1 else None


@dataclass(frozen=True)
class Selection:
    date_from: date | None = None  # inclusive
    date_to: date | None = None  # inclusive
    country: tuple[str, ...] = ()  # ISO 3166-1 alpha-2: PK, AF
    province: tuple[str, ...] = ()  # admin1, as the gazetteer names it
    district: tuple[str, ...] = ()  # admin2, as the gazetteer names it
    event_type: tuple[EventType, ...] = ()
    group: tuple[str, ...] = ()  # perpetrators' canonical names
    category: tuple[VictimCategory, ...] = ()  # incidents where one of these categories was killed or injured
    min_killed: int | None = None
    text: str | None = None  # in the place names or the reporting articles' titles
    include_rejected: bool = False

    def __post_init__(self) -> None:
        # a lone value (a string, an enum, None) is read as a tuple of one (or of none)
        for name, kind in (("country", None), ("province", None), ("district", None), ("event_type", EventType),
                           ("group", None), ("category", VictimCategory)):
            object.__setattr__(self, name, _as_values(getattr(self, name), kind))

    def within(self, period: Period) -> Selection:
        """The same filters, narrowed to ``period`` (and to the selection's own dates)."""
        start = max(period.start, self.date_from) if self.date_from else period.start
        last = min(period.last, self.date_to) if self.date_to else period.last
        return replace(self, date_from=start, date_to=last)

    def as_dict(self) -> dict:
        """The filters as JSON-ready data (dates as ISO strings, enums as their values); a named
        filter is its value when it holds one (as it always was), a list when several, None when none."""
        out: dict = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name in MULTI_VALUED:
                names = [str(v) for v in value]
                out[f.name] = None if not names else names[0] if len(names) == 1 else names
            else:
                out[f.name] = value.isoformat() if isinstance(value, date) else value
        return out

    def describe(self) -> str:
        """The filters in words, for table titles and report headers (several values of a filter
        joined with "or": ``province Balochistan or Khyber Pakhtunkhwa``)."""
        parts = []
        if self.date_from and self.date_to:
            parts.append(period_label(self.date_from, self.date_to))
        elif self.date_from or self.date_to:
            parts.append(f"{self.date_from or '…'} to {self.date_to or '…'}")
        for label, values in (("country", self.country), ("province", self.province), ("district", self.district),
                              ("type", self.event_type), ("group", self.group), ("victims", self.category)):
            if values:
                parts.append(f"{label} {words(values)}")
        for label, value in (("at least killed", self.min_killed), ("text", self.text)):
            if value is not None:
                parts.append(f"{label} {value}")
        return ", ".join(parts) or "all incidents"


KILLED_COLUMN = {
    VictimCategory.CIVILIANS: Incident.killed_civilians,
    VictimCategory.SECURITY: Incident.killed_security,
    VictimCategory.MILITANTS: Incident.killed_militants,
    VictimCategory.FOREIGNERS: Incident.killed_foreigners,
}
INJURED_COLUMN = {
    VictimCategory.CIVILIANS: Incident.injured_civilians,
    VictimCategory.SECURITY: Incident.injured_security,
    VictimCategory.MILITANTS: Incident.injured_militants,
    VictimCategory.FOREIGNERS: Incident.injured_foreigners,
}


def matches(column: Any, values: Sequence) -> ColumnElement:  # noqa: ANN401 - a mapped or a table column
    """``column = value`` for one value, ``column IN (...)`` (bound parameters) for several."""
    return column == values[0] if len(values) == 1 else column.in_(values)


def apply(query: Select, selection: Selection) -> Select:
    """``query`` (over ``incidents``) with the selection's filters added."""
    s = selection
    conditions = []
    if not s.include_rejected:
        conditions.append(Incident.review_state != "rejected")
    if s.date_from is not None:
        conditions.append(Incident.date >= s.date_from)
    if s.date_to is not None:
        conditions.append(Incident.date <= s.date_to)
    if s.country:
        conditions.append(matches(Incident.country, s.country))
    if s.province:
        conditions.append(matches(Incident.admin1, s.province))
    if s.district:
        conditions.append(matches(Incident.admin2, s.district))
    if s.event_type:
        conditions.append(matches(Incident.event_type, [t.value for t in s.event_type]))
    if s.min_killed is not None:
        conditions.append(Incident.killed_total >= s.min_killed)
    if s.category:
        conditions.append(or_(*(or_(KILLED_COLUMN[c] > 0, INJURED_COLUMN[c] > 0) for c in s.category)))
    if s.group:
        # the groups' incidents as a list of ids (through the perpetrators' actor index), not a
        # probe per incident: SQLite then reads only those rows (0.4 s instead of 3.6 s for a
        # group of 64,000 incidents among a million); an incident of two of the groups once
        conditions.append(Incident.id.in_(
            select(IncidentPerpetrator.incident_id)
            .where(IncidentPerpetrator.actor_id.in_(select(Actor.id).where(matches(Actor.name, s.group))))
        ))
    if s.text:
        pattern = f"%{escape_like(s.text.lower())}%"
        in_places = or_(*(func.lower(column).like(pattern, escape="\\")
                          for column in (Incident.place, Incident.admin2, Incident.admin1)))
        in_titles = exists(
            select(IncidentReport.id)
            .join(Article, Article.id == IncidentReport.article_id)
            .where(IncidentReport.incident_id == Incident.id, func.lower(Article.title).like(pattern, escape="\\"))
        )
        conditions.append(or_(in_places, in_titles))
    return query.where(and_(*conditions)) if conditions else query


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@lru_cache(maxsize=1)
def _resources():
    from ..resources import load_resources

    return load_resources()


LIST_ALL = 60  # a list of known names this long is given whole; a longer one only by its close matches


def _suggest(value: str, known: list[str], *, what: str = "names", narrower: str | None = None) -> str:
    """The close matches of ``value`` among ``known``; else all of them when they are few, else
    how to narrow the list (``narrower``: the filter that would)."""
    needle = value.strip().lower()
    close = [k for k in known if needle and needle in k.lower()][:3] or get_close_matches(value, known, n=3, cutoff=0.6)
    if close:
        return f"did you mean {', '.join(close)}?"
    if len(known) <= LIST_ALL:
        return f"known {what}: {', '.join(sorted(known))}"
    loose = get_close_matches(value, known, n=3, cutoff=0.4)
    hint = f"; give {narrower} to list its {what}" if narrower else ""
    return (f"did you mean {', '.join(loose)}?" if loose else f"none of the {len(known)} known {what} is close") + hint


def country_name(code: str) -> str:
    """``Pakistan`` for ``PK``; the code itself when the gazetteer does not know it."""
    place = _resources().gazetteer.country(code)
    return place.name if place is not None else code


def resolve_country(value: str) -> str:
    gazetteer = _resources().gazetteer
    code = value.strip().upper()
    if len(code) == 2 and gazetteer.country(code) is not None:
        return code
    for place in gazetteer.lookup(value):
        if place.kind == "country" and place.country:
            return place.country
    raise SelectionError("country", value, "unknown country; give a name or a two-letter code (PK, AF)")


def resolve_province(value: str, country: str | Sequence[str] | None = None) -> str:
    """The province ``value`` names, in ``country`` (one code, or several: in any of them) when given."""
    countries = _as_values(country)
    gazetteer = _resources().gazetteer
    place = next((p for p in (gazetteer.admin1(value, c) for c in countries) if p is not None), None) if countries \
        else gazetteer.admin1(value)
    if place is None:
        elsewhere = gazetteer.admin1(value)
        if elsewhere is not None:
            raise SelectionError("province", value, f"{elsewhere.name} is in {elsewhere.country}, not {words(countries)}")
        known = sorted({p.name for p in gazetteer.places if p.kind == "admin1" and (not countries or p.country in countries)})
        raise SelectionError("province", value, f"unknown province; {_suggest(value, known, what='provinces', narrower='the country')}")
    return place.name


def resolve_district(value: str, province: str | Sequence[str] | None = None) -> str:
    """The district ``value`` names, in ``province`` (one, or several: in any of them) when given."""
    provinces = _as_values(province)
    for place in _resources().gazetteer.lookup(value):
        if place.kind == "admin2" and (not provinces or place.admin1 in provinces):
            return place.name
    elsewhere = [p for p in _resources().gazetteer.lookup(value) if p.kind == "admin2"]
    if elsewhere:
        raise SelectionError("district", value, f"{elsewhere[0].name} is in {elsewhere[0].admin1}, not {words(provinces)}")
    known = sorted({p.name for p in _resources().gazetteer.places if p.kind == "admin2" and (not provinces or p.admin1 in provinces)})
    raise SelectionError("district", value, f"unknown district; {_suggest(value, known, what='districts', narrower=None if provinces else 'the province')}")


def resolve_group(value: str) -> str:
    actor = _resources().actors.get(value)
    if actor is None or actor.kind != "group":
        raise SelectionError("group", value, "unknown group; give a name or an alias from actors.yaml (TTP, BLA, ISKP, ...)")
    return actor.name


def resolve_event_type(value: str) -> EventType:
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return EventType(key)
    except ValueError:
        raise SelectionError("event type", value, f"unknown type; known: {', '.join(e.value for e in EventType)}") from None


def resolve_category(value: str) -> VictimCategory:
    key = value.strip().lower()
    key = {"civilian": "civilians", "security forces": "security", "militant": "militants", "foreigner": "foreigners",
           "sf": "security"}.get(key, key)
    try:
        return VictimCategory(key)
    except ValueError:
        raise SelectionError("victim category", value, f"known: {', '.join(c.value for c in VictimCategory)}") from None


Typed = str | Sequence[str] | None  # what a user typed for a named filter: one value, several, or none


def _typed(value: Typed) -> list[str]:
    """The non-blank values typed for a filter (a lone string is one value)."""
    items = [value] if isinstance(value, str) else list(value or ())
    return [v for v in items if v and v.strip()]


def resolve_selection(
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    country: Typed = None,
    province: Typed = None,
    district: Typed = None,
    event_type: Typed = None,
    group: Typed = None,
    category: Typed = None,
    min_killed: int | None = None,
    text: str | None = None,
    include_rejected: bool = False,
) -> Selection:
    """A ``Selection`` from what a user typed, names made canonical. Each named filter takes one
    value or several (an incident matches any of them); blank values are ignored.

    Raises:
        SelectionError: a name is unknown (the first such value, with its close matches), or the
            dates are the wrong way round.
    """
    if date_from and date_to and date_to < date_from:
        raise SelectionError("dates", f"{date_from}..{date_to}", "--to is before --from")
    if min_killed is not None and min_killed < 0:
        raise SelectionError("minimum killed", str(min_killed), "must not be negative")
    codes = _as_values([resolve_country(v) for v in _typed(country)])
    admin1 = _as_values([resolve_province(v, codes) for v in _typed(province)])
    if admin1 and not codes:
        codes = _as_values([_resources().gazetteer.admin1(p).country for p in admin1])
    return Selection(
        date_from=date_from, date_to=date_to, country=codes, province=admin1,
        district=_as_values([resolve_district(v, admin1) for v in _typed(district)]),
        event_type=_as_values([resolve_event_type(v) for v in _typed(event_type)]),
        group=_as_values([resolve_group(v) for v in _typed(group)]),
        category=_as_values([resolve_category(v) for v in _typed(category)]),
        min_killed=min_killed, text=text.strip() or None if text else None, include_rejected=include_rejected,
    )
