"""The gazetteer: places of ``gazetteer.tsv`` and the aliases of ``places_hand.yaml``."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel

from ..errors import ResourceError
from ..models import Place
from ._files import _read, _validate, _yaml

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


@lru_cache(maxsize=1 << 16)  # the same spans of capitalised words are looked up again and again
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
