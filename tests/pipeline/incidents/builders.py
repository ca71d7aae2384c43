"""Hand-built event mentions for the unit tests of pipeline/incidents."""

from __future__ import annotations

from datetime import date

from incidentwatch.models import DatePrecision, EventType, Place, Qualifier, Sentence
from incidentwatch.models.mentions import PlaceMention, TemporalMention
from incidentwatch.pipeline.incidents.mentions import EventMention
from incidentwatch.pipeline.tolls import TollSum

PLACES = {
    "Bannu": ("admin2", "Bannu", "Khyber Pakhtunkhwa", "PK"),
    "Wana": ("place", "South Waziristan", "Khyber Pakhtunkhwa", "PK"),
    "Quetta": ("place", "Quetta", "Balochistan", "PK"),
    "Jani Khel": ("place", "Jani Khel", "Paktika", "AF"),
    "Khost": ("admin1", None, "Khost", "AF"),
    "Kot Sultan": ("place", "Layyah", "Punjab", "PK"),
    "Dera Ismail Khan": ("admin2", "Dera Ismail Khan", "Khyber Pakhtunkhwa", "PK"),
    "Peshawar": ("admin2", "Peshawar", "Khyber Pakhtunkhwa", "PK"),
    "Pakistan": ("country", None, None, "PK"),
    "Swat": ("admin2", "Swat", "Khyber Pakhtunkhwa", "PK"),
    "Bara": ("place", "Khyber", "Khyber Pakhtunkhwa", "PK"),
    "Lakki Marwat": ("place", "Lakki Marwat", "Khyber Pakhtunkhwa", "PK"),
    "Khyber": ("admin2", "Khyber", "Khyber Pakhtunkhwa", "PK"),
    "Sarai Naurang": ("place", "Lakki Marwat", "Khyber Pakhtunkhwa", "PK"),
    "Kalat": ("admin2", "Kalat", "Balochistan", "PK"),
}


def place(name: str, start: int = 0) -> PlaceMention:
    kind, admin2, admin1, country = PLACES[name]
    return PlaceMention(start=start, end=start + len(name), text=name, place=Place(
        id=name, name=name, kind=kind, admin2=admin2, admin1=admin1, country=country, iso3166_2=None, lat=None, lon=None))


def day(d: date, start: int = 0) -> TemporalMention:
    return TemporalMention(start=start, end=start + 6, text="Monday", range_start=d, range_end=d, precision=DatePrecision.DAY)


def toll(total: int | None = None, *, updated: bool = False, **split: int) -> TollSum:
    return TollSum(total=total, qualifier=Qualifier.EXACT if total is not None else None, updated=updated, **split)


def mention(text: str, *, index: int = 0, paragraph: int | None = None, killed: TollSum | None = None,
            injured: TollSum | None = None, places: tuple[str, ...] = (), days: tuple[date, ...] = (),
            starts_new: bool = False, may_start_new: bool = False, stray_headline: bool = False,
            triggers: tuple[EventType, ...] = ()) -> EventMention:
    """A mention whose sentence is ``text`` at offset 1000 * index (place names found in it)."""
    start = 1000 * index
    sentence = Sentence(start=start, end=start + len(text), text=text, paragraph=index if paragraph is None else paragraph, index=index)
    found = [place(n, start + text.index(n)) for n in places]
    return EventMention(
        sentence=sentence, start=start, end=start + len(text), toll=killed or TollSum(), injured=injured or TollSum(),
        triggers=[(start, t) for t in triggers], dates=[day(d, start) for d in days], places=found, actors=[],
        starts_new=starts_new, may_start_new=may_start_new, stray_headline=stray_headline,
    )
