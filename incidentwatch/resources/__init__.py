"""Bundled data files and their validating loaders.

Each loader reads one file through ``importlib.resources``, validates every entry and raises
``ResourceError(file, line-or-entry, message)`` on the first bad one. ``load_resources()``
loads them all once; stages receive what they need from it (nothing is read at import time).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from importlib import resources as importlib_resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import ResourceError
from ..models import EventType, Place, Qualifier

PACKAGE = "incidentwatch.resources"


def _read(name: str, directory: Path | None) -> str:
    if directory is not None:
        return (directory / name).read_text(encoding="utf-8")
    return importlib_resources.files(PACKAGE).joinpath(name).read_text(encoding="utf-8")


def _yaml(name: str, directory: Path | None) -> dict[str, Any]:
    try:
        data = yaml.safe_load(_read(name, directory))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ResourceError(name, mark.line + 1 if mark else None, str(error).splitlines()[0]) from None
    if not isinstance(data, dict):
        raise ResourceError(name, None, "expected a mapping at the top level")
    return data


def _validate(model: type[BaseModel], entry: Any, file: str, where: str) -> Any:
    try:
        return model.model_validate(entry)
    except ValidationError as error:
        first = error.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise ResourceError(file, None, f"{where}: {loc}: {first['msg']}") from None


# --- gazetteer -------------------------------------------------------------------------------

GAZETTEER_COLUMNS = ["id", "name", "kind", "admin2", "admin1", "country", "iso3166_2", "lat", "lon", "population", "source"]


class _Alias(BaseModel):
    alias: str
    name: str
    kind: str | None = None
    admin1: str | None = None
    country: str | None = None


@dataclass(frozen=True)
class Gazetteer:
    places: tuple[Place, ...]
    aliases: dict[str, list[Place]]  # normalised alias -> places
    by_name: dict[str, list[Place]]  # normalised name -> places

    def lookup(self, name: str) -> list[Place]:
        key = normalise_place(name)
        return self.by_name.get(key, []) + self.aliases.get(key, [])

    def admin1(self, name: str, country: str | None = None) -> Place | None:
        for p in self.lookup(name):
            if p.kind == "admin1" and (country is None or p.country == country):
                return p
        return None

    def country(self, code: str) -> Place | None:
        for p in self.places:
            if p.kind == "country" and p.country == code:
                return p
        return None


def normalise_place(name: str) -> str:
    name = name.lower().replace("’", "'").replace("‘", "'")
    for suffix in ("'s",):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    name = name.replace(".", ". ").replace("-", " ")
    return " ".join(name.split()).replace(". ", ".").replace(" .", ".")


def load_gazetteer(directory: Path | None = None) -> Gazetteer:
    name = "gazetteer.tsv"
    lines = [line for line in _read(name, directory).splitlines() if not line.startswith("#")]
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader, None)
    if header != GAZETTEER_COLUMNS:
        raise ResourceError(name, None, f"header must be {GAZETTEER_COLUMNS}, found {header}")
    places: list[Place] = []
    for lineno, row in enumerate(reader, start=2):
        if len(row) != len(GAZETTEER_COLUMNS):
            raise ResourceError(name, lineno, f"expected {len(GAZETTEER_COLUMNS)} columns, found {len(row)}")
        rec = dict(zip(GAZETTEER_COLUMNS, row, strict=True))
        try:
            lat = float(rec["lat"]) if rec["lat"] else None
            lon = float(rec["lon"]) if rec["lon"] else None
            population = int(float(rec["population"])) if rec["population"] else 0
        except ValueError as error:
            raise ResourceError(name, lineno, str(error)) from None
        if rec["kind"] not in {"country", "admin1", "admin2", "place", "region"}:
            raise ResourceError(name, lineno, f"unknown kind {rec['kind']!r}")
        places.append(
            Place(
                id=rec["id"], name=rec["name"], kind=rec["kind"], admin2=rec["admin2"] or None,
                admin1=rec["admin1"] or None, country=rec["country"] or None,
                iso3166_2=rec["iso3166_2"] or None, lat=lat, lon=lon, population=population,
            )
        )
    by_name: dict[str, list[Place]] = {}
    for p in places:
        by_name.setdefault(normalise_place(p.name), []).append(p)
    hand = _yaml("places_hand.yaml", directory)
    aliases: dict[str, list[Place]] = {}
    for i, entry in enumerate(hand.get("aliases") or []):
        alias = _validate(_Alias, entry, "places_hand.yaml", f"aliases[{i}]")
        targets = [
            p for p in by_name.get(normalise_place(alias.name), [])
            if (alias.kind is None or p.kind == alias.kind)
            and (alias.admin1 is None or p.admin1 == alias.admin1)
            and (alias.country is None or p.country == alias.country)
        ]
        if not targets:
            raise ResourceError("places_hand.yaml", None, f"aliases[{i}]: alias {alias.alias!r} names unknown place {alias.name!r}")
        aliases.setdefault(normalise_place(alias.alias), []).extend(targets)
    return Gazetteer(places=tuple(places), aliases=aliases, by_name=by_name)


# --- actors ----------------------------------------------------------------------------------


class _Group(BaseModel):
    name: str
    full_name: str | None = None
    country: str | None = None
    parent: str | None = None
    fold_into: str | None = None
    aliases: list[str] = []
    ambiguous_aliases: list[str] = []


class _StateActor(BaseModel):
    name: str
    kind: str
    country: str | None = None
    aliases: list[str] = []


class _Source(BaseModel):
    name: str
    full_name: str | None = None
    kind: str
    aliases: list[str] = []


@dataclass(frozen=True)
class Actor:
    name: str  # canonical short name, as reported
    kind: str  # group | state | source
    subkind: str | None = None
    full_name: str | None = None


@dataclass(frozen=True)
class ActorLexicon:
    aliases: dict[str, Actor]  # case-folded alias -> actor (already folded into parents)
    ambiguous: dict[str, Actor]

    def get(self, name: str) -> Actor | None:
        return self.aliases.get(name.casefold())


def load_actors(directory: Path | None = None) -> ActorLexicon:
    file = "actors.yaml"
    data = _yaml(file, directory)
    aliases: dict[str, Actor] = {}
    ambiguous: dict[str, Actor] = {}
    owners: dict[str, str] = {}

    def add(alias: str, actor: Actor, owner: str, table: dict[str, Actor]) -> None:
        key = alias.casefold().strip()
        if key in owners and owners[key] != owner:
            raise ResourceError(file, None, f"alias {alias!r} of {owner} already belongs to {owners[key]}")
        owners[key] = owner
        table[key] = actor

    groups = [_validate(_Group, g, file, f"groups[{i}]") for i, g in enumerate(data.get("groups") or [])]
    names = {g.name for g in groups}
    for g in groups:
        if g.fold_into and g.fold_into not in names:
            raise ResourceError(file, None, f"group {g.name!r} folds into unknown group {g.fold_into!r}")
        reported = g.fold_into or g.name
        actor = Actor(name=reported, kind="group", full_name=g.full_name)
        for alias in {g.name, *(g.aliases or []), *([g.full_name] if g.full_name else [])}:
            add(alias, actor, g.name, aliases)
        for alias in g.ambiguous_aliases or []:
            add(alias, actor, g.name, ambiguous)
    for i, s in enumerate(data.get("state") or []):
        st = _validate(_StateActor, s, file, f"state[{i}]")
        actor = Actor(name=st.name, kind="state", subkind=st.kind)
        for alias in {st.name, *st.aliases}:
            add(alias, actor, st.name, aliases)
    for i, s in enumerate(data.get("sources") or []):
        src = _validate(_Source, s, file, f"sources[{i}]")
        actor = Actor(name=src.name, kind="source", subkind=src.kind, full_name=src.full_name)
        for alias in {src.name, *src.aliases, *([src.full_name] if src.full_name else [])}:
            key = alias.casefold().strip()
            if key in aliases and aliases[key].kind != "source":
                continue  # "CTD" is both a force and a source of figures: the force entry wins
            add(alias, actor, src.name, aliases)
    return ActorLexicon(aliases=aliases, ambiguous=ambiguous)


# --- taxonomy --------------------------------------------------------------------------------


class _EventTypeEntry(BaseModel):
    type: EventType
    description: str | None = None
    priority: int
    triggers: list[str] = []
    acled: dict[str, Any] | None = None
    acled_if_civilian_victims: dict[str, Any] | None = None
    gtd: dict[str, Any] | None = None


@dataclass(frozen=True)
class Taxonomy:
    event_types: tuple[_EventTypeEntry, ...]
    victims: dict[str, tuple[str, ...]]  # category -> nouns (security, civilians, militants, foreigners, generic)
    state_action_triggers: tuple[str, ...]

    def entry(self, event_type: EventType) -> _EventTypeEntry:
        for e in self.event_types:
            if e.type is event_type:
                return e
        raise KeyError(event_type)


def load_taxonomy(directory: Path | None = None) -> Taxonomy:
    file = "taxonomy.yaml"
    data = _yaml(file, directory)
    entries = tuple(_validate(_EventTypeEntry, e, file, f"event_types[{i}]") for i, e in enumerate(data.get("event_types") or []))
    missing = set(EventType) - {e.type for e in entries}
    if missing:
        raise ResourceError(file, None, f"event types without an entry: {sorted(m.value for m in missing)}")
    victims = {k: tuple(str(v).lower() for v in (vals or [])) for k, vals in (data.get("victims") or {}).items()}
    for needed in ("security", "civilians", "militants", "foreigners", "generic"):
        if needed not in victims:
            raise ResourceError(file, None, f"victims: missing category {needed!r}")
    return Taxonomy(
        event_types=tuple(sorted(entries, key=lambda e: e.priority)),
        victims=victims,
        state_action_triggers=tuple(str(t).lower() for t in data.get("state_action_triggers") or []),
    )


# --- boilerplate and numbers -----------------------------------------------------------------


def load_boilerplate(directory: Path | None = None) -> Any:
    import re

    from ..pipeline.clean import Boilerplate

    file = "boilerplate.yaml"
    data = _yaml(file, directory)
    compiled: dict[str, tuple[re.Pattern[str], ...]] = {}
    for key in ("lines", "prefixes", "captions"):
        patterns = []
        for i, rx in enumerate(data.get(key) or []):
            try:
                patterns.append(re.compile(rx, re.IGNORECASE))
            except re.error as error:
                raise ResourceError(file, None, f"{key}[{i}]: {error}") from None
        compiled[key] = tuple(patterns)
    return Boilerplate(lines=compiled["lines"], prefixes=compiled["prefixes"], captions=compiled["captions"])


def load_numbers(person_nouns: frozenset[str], directory: Path | None = None) -> Any:
    from ..pipeline.quantities import NumberLexicon

    file = "number_words.yaml"
    data = _yaml(file, directory)
    try:
        qualifiers = {k.lower(): Qualifier(v) for k, v in (data.get("qualifiers") or {}).items()}
    except ValueError as error:
        raise ResourceError(file, None, f"qualifiers: {error}") from None
    return NumberLexicon(
        units={k: int(v) for k, v in data["units"].items()},
        tens={k: int(v) for k, v in data["tens"].items()},
        scales={k: int(v) for k, v in data["scales"].items()},
        exact_phrases={k: int(v) for k, v in (data.get("exact_phrases") or {}).items()},
        approximate={k: int(v) for k, v in (data.get("approximate") or {}).items()},
        articles=frozenset(str(a).lower() for a in data.get("articles") or []),
        qualifiers=qualifiers,
        person_nouns=person_nouns,
    )


@dataclass(frozen=True)
class Resources:
    gazetteer: Gazetteer
    actors: ActorLexicon
    taxonomy: Taxonomy
    boilerplate: Any
    numbers: Any


def person_nouns(taxonomy: Taxonomy) -> frozenset[str]:
    """Every noun of the victims lexicon, with its words, for 'a policeman' and 'one soldier'."""
    nouns: set[str] = set()
    for category, words in taxonomy.victims.items():
        for w in words:
            nouns.update(w.split())
    return frozenset(nouns | PERSON_NOUNS)


# Nouns after "a" or "an" that make the article a count of one person ("a traffic warden was
# shot dead"), beyond the victim words of taxonomy.yaml.
PERSON_NOUNS = frozenset(
    "person man woman child boy girl brigadier officer official warden guard employee teacher doctor journalist "
    "worker labourer laborer driver passenger vaccinator shopkeeper elder leader cleric student judge lawyer trader "
    "constable commander engineer resident villager farmer politician councillor nazim contractor pilgrim".split()
)


def load_resources(directory: Path | None = None) -> Resources:
    """Load and validate every bundled data file (or the files of ``directory``)."""
    taxonomy = load_taxonomy(directory)
    return Resources(
        gazetteer=load_gazetteer(directory),
        actors=load_actors(directory),
        taxonomy=taxonomy,
        boilerplate=load_boilerplate(directory),
        numbers=load_numbers(person_nouns(taxonomy), directory),
    )
