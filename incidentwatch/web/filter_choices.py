"""The choices of the dashboard's multi-select filters: the countries, provinces (grouped by their
country) and districts (grouped by their province) the gazetteer knows, the groups of
``actors.yaml``, the event types and victim categories; each marked chosen when the selection
holds it. Values are the canonical names ``resolve_selection`` gives, so a URL typed with an
alias (``province=KP``) shows its choice selected."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..analytics import Selection
from ..models import EventType, VictimCategory

COUNTRIES = ("PK", "AF")  # the countries whose provinces and districts the gazetteer holds


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    chosen: bool = False


@dataclass(frozen=True)
class ChoiceGroup:
    label: str  # an <optgroup>'s label: a country for provinces, a province for districts
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class FilterChoices:
    countries: tuple[Choice, ...]
    provinces: tuple[ChoiceGroup, ...]
    districts: tuple[ChoiceGroup, ...]
    event_types: tuple[Choice, ...]
    groups: tuple[Choice, ...]
    categories: tuple[Choice, ...]


@dataclass(frozen=True)
class _Known:
    countries: tuple[tuple[str, str], ...]  # (code, name)
    provinces: tuple[tuple[str, str], ...]  # (country, province)
    districts: tuple[tuple[str, str, str], ...]  # (country, province, district)
    groups: tuple[tuple[str, str], ...]  # (name, full name)


@lru_cache(maxsize=1)
def _known() -> _Known:
    from ..resources import load_resources

    resources = load_resources()
    places = resources.gazetteer.places
    names = {p.country: p.name for p in places if p.kind == "country"}
    groups = {a.name: a.full_name or a.name for a in resources.actors.aliases.values() if a.kind == "group"}
    return _Known(
        countries=tuple((c, names.get(c, c)) for c in COUNTRIES),
        provinces=tuple(sorted({(p.country or "", p.name) for p in places if p.kind == "admin1" and p.country in COUNTRIES},
                               key=lambda cp: (COUNTRIES.index(cp[0]), cp[1]))),
        districts=tuple(sorted({(p.country or "", p.admin1 or "", p.name) for p in places
                                if p.kind == "admin2" and p.country in COUNTRIES and p.admin1},
                               key=lambda d: (COUNTRIES.index(d[0]), d[1], d[2]))),
        groups=tuple(sorted(groups.items(), key=lambda g: g[0].casefold())),
    )


def _flat(values: Sequence[tuple[str, str]], chosen: Sequence[str]) -> tuple[Choice, ...]:
    """Choices of (value, label), and any chosen value the list lacks (kept, so a shared URL
    shows every filter it applies)."""
    known = [Choice(v, label, v in chosen) for v, label in values]
    missing = [Choice(v, v, True) for v in chosen if v not in {c.value for c in known}]
    return tuple(known + missing)


def _grouped(items: Sequence[tuple[str, str]], chosen: Sequence[str]) -> tuple[ChoiceGroup, ...]:
    """(group label, value) pairs as option groups in their order; chosen values the list lacks last."""
    out: dict[str, list[Choice]] = {}
    for label, value in items:
        out.setdefault(label, []).append(Choice(value, value, value in chosen))
    listed = {v for _, v in items}
    missing = tuple(Choice(v, v, True) for v in chosen if v not in listed)
    groups = [ChoiceGroup(label, tuple(choices)) for label, choices in out.items()]
    return tuple(groups + ([ChoiceGroup("other", missing)] if missing else []))


def filter_choices(selection: Selection, countries: Sequence[str] | None = None) -> FilterChoices:
    """The dashboard's filter choices, those of ``selection`` chosen. The districts are those of
    the chosen provinces (all of them when none is chosen). ``countries``: the countries the user
    chose (canonical codes), when the selection's own include those its provinces imply: a
    country chosen only by implication would stay chosen and refuse the next province elsewhere."""
    known = _known()
    chosen_countries = selection.country if countries is None else countries
    country_names = dict(known.countries)
    provinces = [(f"{country_names.get(c, c)} ({c})", p) for c, p in known.provinces]
    districts = [(f"{p} ({c})", d) for c, p, d in known.districts if not selection.province or p in selection.province]
    return FilterChoices(
        countries=_flat([(c, f"{name} ({c})") for c, name in known.countries], chosen_countries),
        provinces=_grouped(provinces, selection.province),
        districts=_grouped(districts, selection.district),
        event_types=_flat([(t.value, t.value.replace("_", " ")) for t in EventType], [t.value for t in selection.event_type]),
        groups=_flat([(name, name if full == name else f"{name}: {full}") for name, full in known.groups], selection.group),
        categories=_flat([(c.value, c.value) for c in VictimCategory], [c.value for c in selection.category]),
    )
