"""Places of the gazetteer."""

from __future__ import annotations

from dataclasses import dataclass

from .vocab import LocationPrecision


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    kind: str  # country | admin1 | admin2 | place | region
    admin2: str | None
    admin1: str | None
    country: str | None
    iso3166_2: str | None
    lat: float | None
    lon: float | None
    population: int = 0

    @property
    def precision(self) -> LocationPrecision:
        return {
            "country": LocationPrecision.COUNTRY,
            "region": LocationPrecision.COUNTRY,
            "admin1": LocationPrecision.ADMIN1,
            "admin2": LocationPrecision.ADMIN2,
        }.get(self.kind, LocationPrecision.PLACE)
