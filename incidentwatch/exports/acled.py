"""The ACLED format: a CSV with ACLED's columns, event types, sub-event types, actor types and
fatality counting, so that an analyst can load it beside ACLED's own data. The mapping is
documented in docs/exports.md; the event types come from ``resources/taxonomy.yaml`` (the same
mapping docs/event-types.md lists), never from a second table here.

What ACLED's rules decide here:

- ``fatalities`` are all reported deaths, attackers included, and when reports conflict the most
  conservative figure: among the main reports of the latest publication day that gave a toll,
  the lowest (a later day's report updates an earlier one: tolls rise as the wounded die). An
  editor's locked toll wins. No toll reported is 0, as ACLED records it.
- ACLED events always have a date: incidents without one are left out (``AcledCount.undated``).
- The Afghan Taliban are the state forces of Afghanistan from 15 August 2021 on (``Military
  Forces of Afghanistan (2021-)``, ``State forces``), as ACLED codes them (``resources/acled.yaml``).
- Actor names follow ACLED's patterns (``Military Forces of Pakistan``, ``Civilians
  (Pakistan)``, ``Unidentified Armed Group (Pakistan)``, ``TTP: Tehreek-e-Taliban Pakistan``)
  but are not looked up in ACLED's actor list: regime years are not added.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from typing import TextIO
from urllib.parse import urlsplit

from ..errors import ResourceError
from ..models import EventType
from ..resources import ActorLexicon, Taxonomy
from ..resources.acled_conventions import load_state_groups, state_group
from .notes import incident_note
from .rows import ExportRow
from .tabular import safe_cell

COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction", "civilian_targeting",
    "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude", "longitude", "geo_precision",
    "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
)

# ACLED's event types and their sub-event types (ACLED codebook, 2023 edition), in its order.
EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": ("Government regains territory", "Non-state actor overtakes territory", "Armed clash"),
    "Protests": ("Excessive force against protesters", "Protest with intervention", "Peaceful protest"),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": ("Chemical weapon", "Air/drone strike", "Suicide bomb",
                                   "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Grenade"),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Strategic developments": ("Agreement", "Arrests", "Change to group/activity", "Disrupted weapons use",
                               "Headquarters or base established", "Looting/property destruction",
                               "Non-violent transfer of territory", "Other"),
}
DISORDER_TYPES = ("Political violence", "Demonstrations", "Strategic developments", "Political violence; Demonstrations")

# ACLED's actor types ("inter" codes): the text ACLED exports, by its numeric code.
STATE, REBEL, MILITIA, CIVILIANS, EXTERNAL = "State forces", "Rebel group", "Political militia", "Civilians", "External/Other forces"
INTER_CODE = {STATE: 1, REBEL: 2, MILITIA: 3, "Identity militia": 4, "Rioters": 5, "Protesters": 6, CIVILIANS: 7,
              EXTERNAL: 8}
CIVILIAN_TARGETING = "Civilian targeting"

# ISO 3166-1 alpha-3, numeric, ACLED's country name and region, for the countries incidents fall in.
COUNTRIES = {
    "PK": ("PAK", 586, "Pakistan", "South Asia"),
    "AF": ("AFG", 4, "Afghanistan", "South Asia"),
    "IN": ("IND", 356, "India", "South Asia"),
    "IR": ("IRN", 364, "Iran", "Middle East"),
}

POLICE = re.compile(r"\b(police\w*|policem[ae]n|constables?|cops?|levies|ctd|sho|dsp)\b", re.IGNORECASE)
GRENADE = re.compile(r"\bgrenades?\b", re.IGNORECASE)
NAMED_STATUSES = ("claimed", "attributed")  # a suspected group is not coded as the actor
NOTES_CHARS = 1500


@dataclass
class AcledCount:
    rows: int = 0
    undated: int = 0  # incidents left out: ACLED events always have a date


@dataclass(frozen=True)
class AcledTypes:
    disorder_type: str
    event_type: str
    sub_event_type: str


def check_taxonomy(taxonomy: Taxonomy) -> None:
    """Every ACLED mapping of the taxonomy names a real ACLED event type and sub-event type.

    Raises:
        ResourceError: a mapping names something ACLED does not have.
    """
    for entry in taxonomy.event_types:
        for label in ("acled", "acled_if_civilian_victims", "acled_if_security_victims"):
            mapping = getattr(entry, label)
            if mapping is None:
                continue
            event_type, sub = mapping.get("event_type"), mapping.get("sub_event_type")
            if sub not in EVENT_TYPES.get(event_type, ()) or mapping.get("disorder_type") not in DISORDER_TYPES:
                raise ResourceError("taxonomy.yaml", None, f"{entry.type.value}.{label}: {event_type} / {sub} is not an "
                                                           "ACLED event type and sub-event type")


def _harmed(*values: int | None) -> bool:
    return any(v for v in values)


def acled_types(row: ExportRow, taxonomy: Taxonomy) -> AcledTypes:
    """ACLED's event type and sub-event type for an incident, from the taxonomy's mapping; the
    civilian-victims and security-victims variants where the taxonomy has them, and an armed
    assault with grenades as Explosions/Remote violence / Grenade (docs/event-types.md)."""
    try:
        entry = taxonomy.entry(EventType(row.event_type))
    except ValueError:
        entry = taxonomy.entry(EventType.OTHER)
    security = _harmed(row.killed_security, row.injured_security)
    civilians = _harmed(row.killed_civilians, row.killed_foreigners, row.injured_civilians, row.injured_foreigners)
    mapping = entry.acled
    if entry.acled_if_civilian_victims and civilians and not security:
        mapping = entry.acled_if_civilian_victims
    elif entry.acled_if_security_victims and security:
        mapping = entry.acled_if_security_victims
    if entry.type is EventType.ARMED_ASSAULT and any(GRENADE.search(e) for e in row.evidence):
        mapping = {"event_type": "Explosions/Remote violence", "sub_event_type": "Grenade",
                   "disorder_type": "Political violence"}
    if mapping is None:
        raise ResourceError("taxonomy.yaml", None, f"{entry.type.value}: no ACLED mapping")
    return AcledTypes(mapping["disorder_type"], mapping["event_type"], mapping["sub_event_type"])


def fatalities(row: ExportRow) -> int:
    """ACLED's count: every death, attackers included; of conflicting reports, the lowest of the
    latest day's; an editor's locked toll as it is; 0 when no toll is known."""
    if "killed" in row.locked_fields or "killed_total" in row.locked_fields:
        return row.killed_total or 0
    tolls = [t for t in row.reported_tolls if t.killed is not None]
    if not tolls:
        return row.killed_total or 0
    dated = [t.published for t in tolls if t.published is not None]
    latest = max(dated) if dated else None
    return min(t.killed for t in tolls if t.published == latest or latest is None)


def _actor_name(name: str, actors: ActorLexicon) -> str:
    actor = actors.get(name)
    full = actor.full_name if actor is not None else None
    return f"{name}: {full}" if full and full.lower() != name.lower() else name


def _interaction(inter1: str, inter2: str) -> str:
    if not inter2:
        return f"{inter1} only"
    first, second = sorted((inter1, inter2), key=INTER_CODE.__getitem__)
    if (first, second) == (CIVILIANS, EXTERNAL):
        return f"{EXTERNAL}-{CIVILIANS}"  # ACLED's one exception to the code order (78)
    return f"{first}-{second}"


@dataclass(frozen=True)
class _Actors:
    actor1: str
    assoc1: str
    inter1: str
    actor2: str
    assoc2: str
    inter2: str
    civilian_targeting: bool


def acled_actors(row: ExportRow, types: AcledTypes, actors: ActorLexicon) -> _Actors:
    """Actor 1 and Actor 2 with their types, as ACLED codes them (the target of violence
    against civilians is always Actor 2)."""
    country = COUNTRIES.get(row.country or "", (None, None, row.country or "unknown country", None))[2]
    named = [p for p in row.perpetrators if p.status in NAMED_STATUSES]
    civilians = f"Civilians ({country})"
    police = any(POLICE.search(e) for e in row.evidence)
    forces = f"{'Police' if police else 'Military'} Forces of {country}"
    security_harmed = _harmed(row.killed_security, row.injured_security)
    civilians_harmed = _harmed(row.killed_civilians, row.killed_foreigners, row.injured_civilians, row.injured_foreigners)
    state = [state_group(p.name, row.date, load_state_groups()) for p in named]
    groups = [(s.police if police else s.military) if s else _actor_name(p.name, actors) for p, s in zip(named, state, strict=True)]
    group, group_inter = ((groups[0], STATE if state[0] else REBEL) if groups
                          else (f"Unidentified Armed Group ({country})", MILITIA))
    assoc_groups = "; ".join(groups[1:])

    if row.event_type in (EventType.SECURITY_OPERATION, EventType.AIRSTRIKE):
        if row.country == "PK" or row.event_type == EventType.SECURITY_OPERATION:
            state, state_inter = f"Military Forces of {country}", STATE
        else:
            state, state_inter = "Unidentified Military Forces", EXTERNAL
        if row.event_type == EventType.AIRSTRIKE and not groups and civilians_harmed:
            return _Actors(state, "", state_inter, civilians, "", CIVILIANS, True)
        target_assoc = civilians if row.event_type == EventType.AIRSTRIKE and civilians_harmed else ""
        return _Actors(state, "", state_inter, group, "; ".join(filter(None, [assoc_groups, target_assoc])),
                       group_inter, False)
    if types.event_type == "Violence against civilians":
        return _Actors(group, assoc_groups, group_inter, civilians, "", CIVILIANS, True)
    if types.event_type == "Battles":
        return _Actors(group, assoc_groups, group_inter, forces, "", STATE, False)
    # Explosions/Remote violence: one-sided unless somebody was harmed
    if security_harmed:
        return _Actors(group, assoc_groups, group_inter, forces, civilians if civilians_harmed else "", STATE, False)
    if civilians_harmed:
        return _Actors(group, assoc_groups, group_inter, civilians, "", CIVILIANS, True)
    return _Actors(group, assoc_groups, group_inter, "", "", "", False)


def geo_precision(row: ExportRow) -> int:
    """1: a named place below the district; 2: the district; 3: only the province or country."""
    if row.place and row.place != row.district and row.lat is not None:
        return 1
    return 2 if row.district else 3


def _notes(row: ExportRow, deaths: int) -> str:
    """The incident's one-sentence note, with ACLED's fatalities as its killed, then the
    evidence sentence and where it comes from."""
    text = incident_note(row, killed=deaths)
    if row.evidence:
        text += f" Evidence: \"{row.evidence[0]}\""
    text += f" [incidentwatch incident {row.id}]"
    return text if len(text) <= NOTES_CHARS else text[: NOTES_CHARS - 1] + "…"


def acled_source(row: ExportRow) -> str:
    """ACLED's ``source``: the outlets that reported the incident, else the sites of their URLs."""
    if row.outlets:
        return "; ".join(row.outlets)
    sites = (urlsplit(u).hostname or "" for u in row.urls)
    return "; ".join(dict.fromkeys(s.removeprefix("www.") for s in sites if s))


def acled_record(row: ExportRow, *, taxonomy: Taxonomy, actors: ActorLexicon) -> dict:
    """One ACLED row (``COLUMNS``) for a dated incident."""
    types = acled_types(row, taxonomy)
    who = acled_actors(row, types, actors)
    deaths = fatalities(row)
    iso3, iso, country, region = COUNTRIES.get(row.country or "", ("XXX", "", row.country or "", ""))
    precision = {"day": 1, "month": 3, "quarter": 3, "year": 3}.get(row.date_precision or "day", 1)
    stamp = row.updated_at.replace(tzinfo=UTC) if row.updated_at and row.updated_at.tzinfo is None else row.updated_at
    return {
        "event_id_cnty": f"{iso3}IW{row.id}", "event_date": row.date.isoformat(), "year": row.date.year,
        "time_precision": precision, "disorder_type": types.disorder_type, "event_type": types.event_type,
        "sub_event_type": types.sub_event_type, "actor1": who.actor1, "assoc_actor_1": who.assoc1, "inter1": who.inter1,
        "actor2": who.actor2, "assoc_actor_2": who.assoc2, "inter2": who.inter2,
        "interaction": _interaction(who.inter1, who.inter2),
        "civilian_targeting": CIVILIAN_TARGETING if who.civilian_targeting else "", "iso": iso, "region": region,
        "country": country, "admin1": row.province or "", "admin2": row.district or "", "admin3": "",
        "location": row.place or row.district or row.province or country,
        "latitude": "" if row.lat is None else round(row.lat, 4), "longitude": "" if row.lon is None else round(row.lon, 4),
        "geo_precision": geo_precision(row), "source": acled_source(row), "source_scale": "",
        "notes": _notes(row, deaths), "fatalities": deaths,
        "tags": f"incidentwatch review: {row.review_state}; confidence: {row.confidence:.2f}",
        "timestamp": int(stamp.timestamp()) if stamp else "",
    }


def write_acled(rows: Iterable[ExportRow], out: TextIO, *, taxonomy: Taxonomy, actors: ActorLexicon,
                count: AcledCount | None = None) -> int:
    """Write the dated rows in ACLED's format to ``out``; the number written.

    Raises:
        ResourceError: the taxonomy maps a type to something ACLED does not have.
    """
    check_taxonomy(taxonomy)
    count = count if count is not None else AcledCount()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        if row.date is None:
            count.undated += 1
            continue
        record = acled_record(row, taxonomy=taxonomy, actors=actors)
        writer.writerow([safe_cell(record[c]) for c in COLUMNS])
        count.rows += 1
    return count.rows
