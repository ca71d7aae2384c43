"""A database of known incidents for the export tests, built through the real writer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from incidentwatch.exports.rows import ExportRow
from incidentwatch.models import EventType, Location, LocationPrecision, Perpetrator, Span, Toll
from incidentwatch.store import Store
from tests.factories import make_extracted, make_incident

BANNU = Location(place="Bannu", admin2="Bannu", admin1="Khyber Pakhtunkhwa", country="PK", iso3166_2="PK-KP",
                 lat=32.99, lon=70.6, precision=LocationPrecision.ADMIN2)
QUETTA = Location(admin2="Quetta", admin1="Balochistan", country="PK", iso3166_2="PK-BA",
                  precision=LocationPrecision.ADMIN2)  # no coordinates
PESHAWAR = Location(place="Hayatabad", admin2="Peshawar", admin1="Khyber Pakhtunkhwa", country="PK", iso3166_2="PK-KP",
                    lat=33.98, lon=71.44, precision=LocationPrecision.PLACE)
WAZIRISTAN = Location(admin2="North Waziristan", admin1="Khyber Pakhtunkhwa", country="PK", iso3166_2="PK-KP",
                      lat=32.95, lon=70.05, precision=LocationPrecision.ADMIN2)


# one incident row, for the ACLED mapping rules tested on single rows
BASE = ExportRow(
    id=9, date=date(2024, 5, 13), date_precision="day", place="Bannu", district="Bannu", province="Khyber Pakhtunkhwa",
    country="PK", iso3166_2="PK-KP", lat=32.99, lon=70.6, event_type="armed_assault", perpetrators=(),
    killed_total=None, killed_civilians=None, killed_security=None, killed_militants=None, killed_foreigners=None,
    killed_qualifier=None, injured_total=None, injured_civilians=None, injured_security=None, injured_militants=None,
    injured_foreigners=None, injured_qualifier=None, review_state="unreviewed", confidence=0.5, sources=1,
    outlets=("Dawn",), urls=(), article_ids=(1,), evidence=("Gunmen opened fire.",), updated_at=datetime(2024, 5, 14),
)


def row_with(**changes) -> ExportRow:
    return replace(BASE, **changes)


def _spanned(text: str) -> list[Span]:
    return [Span(start=0, end=len(text), text=text)]


def write_known(store: Store) -> None:
    """Five incidents:

    1. Bannu, 2024-05-13: TTP (claimed) shot two soldiers: Battles / Armed clash; told by three
       outlets, 4 killed (published 05-13), then 7 and 6 (both 05-14, no reason for the fall): best and ACLED fatalities 7.
    2. Quetta, 2024-05-20: a bomb killed 5 civilians; no coordinates.
    3. Hayatabad (Peshawar), 2024-06-02: a grenade hurled at a police station injured a policeman.
    4. North Waziristan, 2024-06-10: security forces killed 5 militants in an operation.
    5. Bannu, no date given (a background-dated main report): never in ACLED.
    """
    writer = store.writer()
    first = "Gunmen of the TTP killed four soldiers in Bannu, the group claimed."
    writer.write(make_extracted(first, source_id="b1", outlet="Dawn", url="https://dawn.example/1",
                                published=date(2024, 5, 13), incidents=[make_incident(
                                    location=BANNU, killed=Toll(total=4, security=4, qualifier="exact"),
                                    perpetrators=[Perpetrator(name="TTP", status="claimed")], evidence=_spanned(first))]))
    for n, (outlet, toll) in enumerate((("Express Tribune", 7), ("The News", 6)), start=2):
        text = f"The toll of the attack on soldiers in Bannu rose to {toll}, officials said."
        writer.write(make_extracted(text, source_id=f"b{n}", outlet=outlet, url=f"https://news{n}.example/{n}",
                                    published=date(2024, 5, 14), incidents=[make_incident(
                                        location=BANNU, killed=Toll(total=toll, security=toll, qualifier="exact"),
                                        perpetrators=[Perpetrator(name="TTP", status="claimed")],
                                        evidence=_spanned(text))]))
    text = "A bomb planted on a motorcycle killed five civilians in Quetta."
    writer.write(make_extracted(text, source_id="q1", outlet="Dawn", url="https://dawn.example/q",
                                published=date(2024, 5, 21), incidents=[make_incident(
                                    date="2024-05-20", location=QUETTA, event_type=EventType.BOMBING,
                                    killed=Toll(total=5, civilians=5, qualifier="exact"), evidence=_spanned(text))]))
    text = "=A policeman was injured when attackers hurled a grenade at a police station in Hayatabad."
    writer.write(make_extracted(text, source_id="p1", outlet="The News", url="https://news.example/p",
                                published=date(2024, 6, 2), incidents=[make_incident(
                                    date="2024-06-02", location=PESHAWAR, event_type=EventType.ARMED_ASSAULT,
                                    killed=Toll(), injured=Toll(total=1, security=1), evidence=_spanned(text))]))
    text = "Security forces killed five militants in an intelligence-based operation in North Waziristan."
    writer.write(make_extracted(text, source_id="w1", outlet="ISPR wire", url=None, published=date(2024, 6, 11),
                                incidents=[make_incident(
                                    date="2024-06-10", location=WAZIRISTAN, event_type=EventType.SECURITY_OPERATION,
                                    killed=Toll(total=5, militants=5, qualifier="exact"), evidence=_spanned(text))]))
    text = "Two policemen were shot dead in Bannu some time ago."
    writer.write(make_extracted(text, source_id="u1", outlet="Dawn", url="https://dawn.example/u",
                                published=date(2023, 1, 9), incidents=[make_incident(
                                    date=None, date_precision=None, location=BANNU, event_type=EventType.TARGETED_KILLING,
                                    killed=Toll(total=2, security=2), evidence=_spanned(text))]))


@pytest.fixture()
def known_store(tmp_path):
    store = Store.open(str(tmp_path / "exports.db"))
    write_known(store)
    yield store
    store.close()
