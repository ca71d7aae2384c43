"""Actors: militant groups, state forces and sources of figures, from ``actors.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from ..errors import ResourceError
from ._files import _validate, _yaml


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
    parents: dict[str, str] = field(default_factory=dict)  # a faction's name -> its parent group's (JuA -> TTP)

    def get(self, name: str) -> Actor | None:
        return self.aliases.get(name.casefold())

    def family(self, name: str) -> str:
        """The top of a group's line of parents (IS-K -> IS, JuA -> TTP); the name itself for a group with none."""
        seen = {name}
        while name in self.parents and self.parents[name] not in seen:
            name = self.parents[name]
            seen.add(name)
        return name


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
    parents = {g.name: g.parent for g in groups if g.parent and g.parent in names and not g.fold_into}
    return ActorLexicon(aliases=aliases, ambiguous=ambiguous, parents=parents)
