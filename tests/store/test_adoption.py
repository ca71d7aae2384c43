"""store/adoption.MentionKeys: a mention's key read once, kept only once its transaction commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from incidentwatch.store.adoption import MentionKeys
from incidentwatch.store.merge import ReportKey
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
