"""Ids for new rows, taken before their insert, so that the writer can name a row before it is
written (a toll figure names its report) and insert many rows with one statement (an insert
that must return each new id is a statement per row).

- PostgreSQL: the table's sequence, ``BLOCK`` ids a round trip; a block outlives the
  transaction (a sequence never gives an id twice, rolled back or not), so an unused id is
  only a gap, as a rolled-back insert leaves.
- SQLite: the next rowids after the table's largest, read once a transaction (``begin``): the
  file is locked to other writers from the transaction's start (``writer._lock``), so nobody
  else takes them meanwhile. The same ids SQLite would give (a table without AUTOINCREMENT
  takes the largest rowid plus one).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

BLOCK = 64  # ids fetched from a PostgreSQL sequence in one round trip


class RowIds:
    def __init__(self) -> None:
        self._next: dict[str, int] = {}  # SQLite: the next free id of each table, this transaction
        self._pool: dict[str, list[int]] = {}  # PostgreSQL: ids taken from each table's sequence

    def begin(self) -> None:
        """A new transaction: another writer may have added rows since the last one."""
        self._next = {}

    def take(self, session: Session, table: str, count: int) -> list[int]:
        """``count`` ids for new rows of ``table``."""
        if count <= 0:
            return []
        connection = session.connection()
        if connection.dialect.name == "postgresql":
            pool = self._pool.setdefault(table, [])
            if len(pool) < count:
                pool.extend(connection.execute(text(f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) "
                                                    "FROM generate_series(1, :n)"), {"n": max(BLOCK, count)}).scalars())
            taken, pool[:] = pool[:count], pool[count:]
            return taken
        first = self._next.get(table)
        if first is None:
            first = (connection.exec_driver_sql(f"SELECT max(id) FROM {table}").scalar() or 0) + 1
        self._next[table] = first + count
        return list(range(first, first + count))
