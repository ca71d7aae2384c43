"""Ids of places and groups for the merged view, each looked up (or added) once per writer.

Ids added in a transaction are kept apart (``new_places``, ``new_actors``) until it commits
(``committed``): a rolled-back transaction's rows are gone, so their ids must not be reused.
"""

from __future__ import annotations

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from .tables import Actor, Place


class Lookups:
    def __init__(self) -> None:
        self.place_ids: dict[tuple, int] = {}
        self.actor_ids: dict[str, int] = {}
        self.new_places: dict[tuple, int] = {}
        self.new_actors: dict[str, int] = {}
        self.actor_names: dict[int, str] = {}

    def begin(self) -> None:
        """A new transaction: forget the ids a failed one added."""
        self.new_places, self.new_actors = {}, {}

    def committed(self) -> None:
        self.place_ids.update(self.new_places)
        self.actor_ids.update(self.new_actors)

    def actor_id(self, session: Session, name: str) -> int:
        cached = self.actor_ids.get(name) or self.new_actors.get(name)
        if cached is not None:
            self.actor_names[cached] = name
            return cached
        found = session.scalar(select(Actor.id).where(Actor.name == name))
        if found is None:
            # a Core insert: flushing the session here would insert a new incident half-made
            found = session.connection().execute(insert(Actor).values(name=name, kind="group").returning(Actor.id)).scalar_one()
            self.new_actors[name] = found
        else:
            self.actor_ids[name] = found
        self.actor_names[found] = name
        return found

    def place_id(self, session: Session, loc: dict) -> int | None:
        name = loc.get("place") or loc.get("admin2") or loc.get("admin1") or loc.get("country")
        if not name:
            return None
        key = (name, loc.get("admin2"), loc.get("admin1"), loc.get("country"))
        cached = self.place_ids.get(key) or self.new_places.get(key)
        if cached is not None:
            return cached
        query = select(Place.id).where(
            Place.name == name, Place.admin2.is_(None) if loc.get("admin2") is None else Place.admin2 == loc.get("admin2"),
            Place.admin1.is_(None) if loc.get("admin1") is None else Place.admin1 == loc.get("admin1"),
            Place.country.is_(None) if loc.get("country") is None else Place.country == loc.get("country"),
        )
        found = session.scalar(query)
        if found is None:
            found = session.connection().execute(insert(Place).values(
                name=name, admin2=loc.get("admin2"), admin1=loc.get("admin1"), country=loc.get("country"),
                iso3166_2=loc.get("iso3166_2"), lat=loc.get("lat"), lon=loc.get("lon")).returning(Place.id)).scalar_one()
            self.new_places[key] = found
        else:
            self.place_ids[key] = found
        return found
