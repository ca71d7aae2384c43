"""Small databases of known incidents for the analytics tests, inserted as ``incidents`` rows
(and their groups) directly, so that every figure a test checks can be added up by hand."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from incidentwatch.store import Store
from incidentwatch.store.tables import Actor, Incident, IncidentPerpetrator

STAMP = datetime(2024, 7, 2, 12, 0)


@contextmanager
def opened(db_url: str) -> Iterator[Session]:
    """A migrated database at ``db_url`` and a session on it."""
    store = Store.open(db_url)
    try:
        with store.sessions() as session:
            yield session
    finally:
        store.close()


def add_incident(session: Session, day: date | None, *, province: str | None = "Khyber Pakhtunkhwa",
                 district: str | None = "Bannu", country: str | None = "PK", event_type: str = "bombing",
                 killed: int | None = None, civilians: int | None = None, security: int | None = None,
                 militants: int | None = None, foreigners: int | None = None, injured: int | None = None,
                 injured_civilians: int | None = None, injured_security: int | None = None,
                 groups: tuple[str, ...] = (), review_state: str = "unreviewed", place: str | None = None) -> Incident:
    """One incident row; ``groups`` are perpetrators (actors created on first use)."""
    incident = Incident(
        date=day, place=place or district, admin2=district, admin1=province, country=country, event_type=event_type,
        killed_total=killed, killed_civilians=civilians, killed_security=security, killed_militants=militants,
        killed_foreigners=foreigners, injured_total=injured, injured_civilians=injured_civilians,
        injured_security=injured_security, review_state=review_state, created_at=STAMP, updated_at=STAMP,
    )
    session.add(incident)
    session.flush()
    for name in groups:
        actor = session.scalars(select(Actor).where(Actor.name == name)).one_or_none()
        if actor is None:
            actor = Actor(name=name, kind="group")
            session.add(actor)
            session.flush()
        session.add(IncidentPerpetrator(incident_id=incident.id, actor_id=actor.id, status="claimed"))
    session.flush()
    return incident


def add_known_incidents(session: Session) -> None:
    """Ten incidents of 2024 whose tallies the tests work out by hand (numbers as in the comments).

    Q1: #1, #2 (2 incidents, 14 killed, 26 injured). Q2: #3, #4, #5, #9, #10 (5 incidents, 6 killed,
    5 injured). Q3: #6 on 1 July. #7 is rejected, #8 has no date.
    """
    # 1: Q1, split 3 security + 1 unspecified killed, 6 civilians injured
    add_incident(session, date(2024, 1, 15), killed=4, security=3, injured=6, injured_civilians=6, groups=("TTP",))
    # 2: the last day of Q1; 20 injured, none split
    add_incident(session, date(2024, 3, 31), province="Balochistan", district="Quetta", event_type="suicide_bombing",
                 killed=10, civilians=7, security=2, militants=1, injured=20, groups=("BLA",))
    # 3: the first day of Q2, claimed by two groups
    add_incident(session, date(2024, 4, 1), event_type="armed_assault", killed=2, security=2, injured=0,
                 groups=("TTP", "HGB"))
    # 4: the last day of Q2 (a Sunday)
    add_incident(session, date(2024, 6, 30), province="Balochistan", district="Kech", event_type="targeted_killing",
                 killed=1, civilians=1)
    # 5: nobody killed, 3 injured with no split
    add_incident(session, date(2024, 5, 10), province="Punjab", district="Lahore", killed=0, injured=3)
    # 6: the first day of Q3 (a Monday)
    add_incident(session, date(2024, 7, 1), district="Peshawar", killed=5, foreigners=5, groups=("ISKP",))
    # 7: rejected by an editor: never counted
    add_incident(session, date(2024, 5, 20), district=None, event_type="clash", killed=6, militants=6,
                 review_state="rejected")
    # 8: no date: only in tallies without a time dimension or date filter
    add_incident(session, None, killed=3, civilians=3)
    # 9: Afghanistan
    add_incident(session, date(2024, 5, 5), province="Kabul", district="Kabul", country="AF", killed=3, civilians=3,
                 groups=("ISKP",))
    # 10: Q2, the district unknown, 2 civilians injured
    add_incident(session, date(2024, 6, 15), district=None, event_type="armed_assault", killed=0, injured=2,
                 injured_civilians=2)
    session.commit()
