"""store/adoption: a mention's key read once, kept only once its transaction commits
(``MentionKeys``); the quick place test before ``same_incident`` (``placed_apart``)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlalchemy import select

from incidentwatch.store.adoption import MentionKeys, placed_apart
from incidentwatch.store.merge import ReportKey, same_incident
from incidentwatch.store.tables import IncidentReport


class _Session:
    """Counts the payload statements and answers them from a dict (id -> payload)."""

    def __init__(self, payloads: dict[int, dict]) -> None:
        self.payloads = payloads
        self.statements = 0

    def execute(self, statement, params):  # noqa: ANN001, ANN201 - the Session.execute shape
        self.statements += 1
        return [(i, self.payloads[i]) for i in params["ids"] if i in self.payloads]


class _Row:
    def __init__(self, id: int, published: date | None) -> None:  # noqa: A002 - a row's column
        self.id, self.published = id, published


def _key(payload: dict, published: date | None) -> ReportKey:
    return ReportKey(date=None, published=published, place=payload.get("place"), admin2=None, admin1=None,
                     country="PK", lat=None, lon=None, event_type="bombing")


def test_a_key_is_read_once_and_kept_after_the_commit() -> None:
    keys, session = MentionKeys(), _Session({1: {"place": "Wana"}, 2: {"place": "Tank"}})
    rows = [_Row(1, date(2025, 1, 2)), _Row(2, None)]
    first = keys.of(session, rows, _key)  # type: ignore[arg-type]
    assert {i: k.place for i, k in first.items()} == {1: "Wana", 2: "Tank"}
    assert first[1].published == date(2025, 1, 2)
    keys.committed()
    keys.of(session, rows, _key)  # type: ignore[arg-type]
    assert session.statements == 1


def test_keys_read_in_a_rolled_back_transaction_are_read_again() -> None:
    keys, session = MentionKeys(), _Session({1: {"place": "Wana"}})
    keys.of(session, [_Row(1, None)], _key)  # type: ignore[arg-type]
    keys.begin()  # the transaction was rolled back: its rows' ids may be taken again
    session.payloads[1] = {"place": "Bannu"}
    assert keys.of(session, [_Row(1, None)], _key)[1].place == "Bannu"  # type: ignore[arg-type]
    assert session.statements == 2


def test_a_deleted_report_is_forgotten() -> None:
    keys, session = MentionKeys(), _Session({7: {"place": "Wana"}})
    keys.of(session, [_Row(7, None)], _key)  # type: ignore[arg-type]
    keys.committed()
    keys.forget([7])
    session.payloads[7] = {"place": "Khar"}
    assert keys.of(session, [_Row(7, None)], _key)[7].place == "Khar"  # type: ignore[arg-type]


def test_the_payload_statement_selects_by_id() -> None:
    from incidentwatch.store import adoption

    assert str(adoption._PAYLOADS.compile()).count("incident_reports.id IN") == 1
    assert isinstance(select(IncidentReport.id), type(adoption._PAYLOADS))


# districts (made up) around one point, some of another province, at distances either side of
# merge.NEARBY_KM (25 km): 12 km, 22 km, 24.9 km and 25.1 km north, 18.7 km east, far away
_DISTRICTS = [("Alpha", "North", 33.0, 71.0), ("Bravo", "South", 33.1, 71.05), ("Charlie", "North", 33.2, 71.0),
              ("Delta", "South", 33.224, 71.0), ("Echo", "South", 33.2262, 71.0), ("Foxtrot", "South", 33.0, 71.2),
              ("Golf", "North", 34.5, 72.0), ("Hotel", "West", None, None)]
_TERMS = ["checkpost", "bazaar", "convoy", "school", "police station", "wedding"]


def _random_key(rng: random.Random, background: bool) -> ReportKey:
    depth = rng.choice(["place", "district", "district", "province", "country"])
    name, province, lat, lon = rng.choice(_DISTRICTS)
    if depth in ("province", "country"):
        name, lat, lon = None, None if rng.random() < 0.7 else lat, None if rng.random() < 0.7 else lon
    if depth == "country":
        province = None
    place = rng.choice(["Domel", "Mir Ali", name]) if depth == "place" else name
    day = date(2025, 3, 10) + timedelta(days=rng.randrange(-3, 4)) if rng.random() < 0.8 else None
    published = date(2025, 3, 10) + timedelta(days=rng.randrange(-2, 12)) if rng.random() < 0.85 else None
    return ReportKey(date=day, published=published, place=place, admin2=name, admin1=province,
                     country=rng.choice(["PK", "PK", "PK", "AF", None]), lat=lat, lon=lon,
                     event_type=rng.choice(["bombing", "suicide_bombing", "armed_assault", "security_operation", "other"]),
                     background=background, terms=frozenset(rng.sample(_TERMS, rng.randrange(0, 4))),
                     places=frozenset(rng.sample(["domel", "mir ali"], rng.randrange(0, 2))))


def test_placed_apart_is_never_true_where_same_incident_holds() -> None:
    # adoption skips ``same_incident`` for a mention ``placed_apart`` says cannot fit: that must
    # never drop a mention the merge rules would join (were a place rule to change in merge.py,
    # this fails until ``placed_apart`` follows it)
    rng = random.Random(11)
    joined = apart = 0
    for _ in range(40_000):
        mention, incident = _random_key(rng, background=True), _random_key(rng, background=False)
        if same_incident(mention, incident):
            joined += 1
            assert not placed_apart(mention, incident), (mention, incident)
        apart += placed_apart(mention, incident)
    assert joined > 500 and apart > 10_000  # both outcomes drawn often, the nearby districts among them


def test_placed_apart_keeps_a_district_just_within_reach_and_drops_one_just_beyond() -> None:
    here = ReportKey(date=date(2025, 3, 10), published=date(2025, 3, 10), place="Alpha", admin2="Alpha", admin1="North",
                     country="PK", lat=33.0, lon=71.0, event_type="bombing")
    within = ReportKey(date=date(2025, 3, 10), published=date(2025, 3, 11), place="Delta", admin2="Delta", admin1="South",
                       country="PK", lat=33.224, lon=71.0, event_type="bombing", background=True)
    beyond = ReportKey(date=date(2025, 3, 10), published=date(2025, 3, 11), place="Echo", admin2="Echo", admin1="South",
                       country="PK", lat=33.2262, lon=71.0, event_type="bombing", background=True)
    assert same_incident(within, here) and not placed_apart(within, here)
    assert not same_incident(beyond, here) and placed_apart(beyond, here)
