"""Ids for new rows taken before their insert: SQLite's next rowids read once a transaction,
PostgreSQL's sequence in blocks."""

from __future__ import annotations

from sqlalchemy import insert, select

from incidentwatch.store import Store
from incidentwatch.store.row_ids import BLOCK, RowIds
from incidentwatch.store.tables import Actor


def test_ids_follow_one_another_in_a_transaction_and_are_read_anew_in_the_next(db_url):
    store = Store.open(db_url)
    ids = RowIds()
    try:
        with store.sessions() as session, session.begin():
            ids.begin()
            first = ids.take(session, "actors", 3)
            second = ids.take(session, "actors", 2)
            assert ids.take(session, "actors", 0) == []
            assert first + second == sorted(set(first + second)) and len(first + second) == 5
            session.execute(insert(Actor), [{"id": i, "name": f"group {i}", "kind": "group"} for i in first + second])
        with store.sessions() as session, session.begin():
            ids.begin()
            # another writer adds a row between the two transactions
            other = session.execute(insert(Actor).values(name="other", kind="group").returning(Actor.id)).scalar_one()
            later = ids.take(session, "actors", 1)
            assert later[0] > max(first + second) and later[0] != other
            session.execute(insert(Actor), [{"id": later[0], "name": "later", "kind": "group"}])
            assert len(session.scalars(select(Actor.id)).all()) == 7
    finally:
        store.close()


def test_postgresql_takes_a_block_of_the_sequence_a_round_trip(postgres_db):
    store = Store.open(postgres_db)
    ids = RowIds()
    statements: list[str] = []
    from sqlalchemy import event

    event.listen(store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    try:
        with store.sessions() as session, session.begin():
            taken = [ids.take(session, "actors", 1)[0] for _ in range(BLOCK)]
            assert taken == sorted(set(taken))
            assert sum("nextval" in s for s in statements) == 1
            taken += ids.take(session, "actors", 1)
            assert sum("nextval" in s for s in statements) == 2 and len(set(taken)) == BLOCK + 1
    finally:
        store.close()
