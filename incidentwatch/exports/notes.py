"""One sentence per incident, as ACLED's ``notes`` column has one: when, what, where, who was
killed and injured, who claimed it or was blamed, and how many sources report it.

It is built from the incident's fields only (no text is invented): the figures are those the
incident holds, or the figure the caller counts by (ACLED's ``fatalities``), so the sentence
never disagrees with the columns beside it. The timeline, the dashboard's table and the ACLED
export show it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Protocol

from ..store.tables import Incident
from .rows import ExportRow


class _Named(Protocol):
    name: str
    status: str


class NoteRow(Protocol):
    """What a note is made of: an ``ExportRow`` has it, and so does ``IncidentNoteRow``."""

    date: date | None
    date_precision: str | None
    place: str | None
    district: str | None
    province: str | None
    event_type: str
    killed_total: int | None
    killed_qualifier: str | None
    killed_civilians: int | None
    killed_security: int | None
    killed_militants: int | None
    killed_foreigners: int | None
    injured_total: int | None
    injured_qualifier: str | None
    injured_civilians: int | None
    injured_security: int | None
    injured_militants: int | None
    injured_foreigners: int | None
    sources: int

    @property
    def perpetrators(self) -> Iterable[_Named]: ...

CATEGORY_WORDS = (("civilians", "civilian", "civilians"), ("security", "security official", "security personnel"),
                  ("foreigners", "foreigner", "foreigners"), ("militants", "militant", "militants"))
STATUS_WORDS = {"claimed": "{} claimed it", "attributed": "officials blamed {}", "suspected": "{} is suspected",
                "denied": "{} denied it"}
VAGUE = {"at_least": "at least ", "over": "more than ", "approx": "about "}


def _place(row: NoteRow) -> str:
    parts = list(dict.fromkeys(p for p in (row.place, row.district, row.province) if p))
    return ", ".join(parts) if parts else "an unknown place"


def _when(row: NoteRow) -> str:
    if row.date is None:
        return "On an unknown date"
    if row.date_precision == "month":
        return f"In {row.date:%B %Y}"
    if row.date_precision in ("quarter", "year"):
        return f"In {row.date.year}"
    return f"On {row.date.day} {row.date:%B %Y}"


def _split(row: NoteRow, kind: str) -> str:
    parts = []
    for field, one, many in CATEGORY_WORDS:
        n = getattr(row, f"{kind}_{field}")
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    return ", ".join(parts)


def _killed(row: NoteRow, killed: int | None) -> str | None:
    total = row.killed_total if killed is None else killed
    if total is None:
        return None
    if total == 0:
        return "no deaths were reported" if row.killed_total is None else "no one was killed"
    qualifier = VAGUE.get(row.killed_qualifier or "", "") if killed is None or killed == row.killed_total else ""
    text = f"{qualifier}{total} {'person was' if total == 1 else 'people were'} killed"
    split = _split(row, "killed")
    # the split only where it belongs to this figure: a different count (ACLED's) may not add up to it
    if split and (killed is None or killed == row.killed_total):
        text += f" ({split})"
    return text


def _injured(row: NoteRow) -> str | None:
    if not row.injured_total:
        return None
    split = _split(row, "injured")
    qualifier = VAGUE.get(row.injured_qualifier or "", "")
    return f"{qualifier}{row.injured_total} injured" + (f" ({split})" if split else "")


def _who(row: NoteRow) -> str:
    if not row.perpetrators:
        return "No group was named."
    named = [STATUS_WORDS.get(p.status, "{} (" + p.status + ")").format(p.name) for p in row.perpetrators]
    text = "; ".join(named)
    return f"{text[0].upper()}{text[1:]}."


def incident_note(row: NoteRow | ExportRow, *, killed: int | None = None, when: bool = True, where: bool = True) -> str:
    """The one-sentence summary of ``row``; ``killed`` replaces its killed total (with no split)
    where the caller counts deaths its own way. ``when`` and ``where``: open with the date, name
    the place (a timeline says them in its headings and columns)."""
    what = "violent incident" if row.event_type == "other" else row.event_type.replace("_", " ")
    article = "an" if what[:1] in "aeiou" else "a"
    tolls = [t for t in (_killed(row, killed), _injured(row)) if t]
    text = f"{article} {what}" + (f" in {_place(row)}" if where else "")
    text = f"{_when(row)}, {text}" if when else text[0].upper() + text[1:]
    text += (": " + " and ".join(tolls) + ".") if tolls else "."
    text += f" {_who(row)} Reported by {row.sources} source{'s' if row.sources != 1 else ''}."
    return text


class _Group:
    __slots__ = ("name", "status")

    def __init__(self, name: str, status: str) -> None:
        self.name, self.status = name, status


class IncidentNoteRow:
    """A stored incident (``store.tables.Incident``, its perpetrators loaded) seen as a
    ``NoteRow``, for the pages that list incidents."""

    def __init__(self, incident: Incident, sources: int) -> None:
        self._i, self.sources = incident, sources

    def __getattr__(self, name: str) -> object:
        return getattr(self._i, {"district": "admin2", "province": "admin1"}.get(name, name))

    @property
    def perpetrators(self) -> list[_Group]:
        return [_Group(p.actor.name, p.status) for p in self._i.perpetrators if p.actor is not None]


def note_of(incident: Incident, sources: int) -> str:
    """The note of a stored incident."""
    return incident_note(IncidentNoteRow(incident, sources))
