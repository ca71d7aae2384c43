"""SQLite: ``incidents.toll_sources`` moved to the end of the row, ``merge_state`` before it

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 16:40:00

SQLite stores a row's columns in the table's order, and a row longer than a page spills into a
chain of overflow pages. ``toll_sources`` (the reports behind each low / best / high figure:
2.3 kB on average in the ingest benchmark, up to 19 kB for an attack of a hundred reports) was
added by migration 0005 before ``merge_state``, ``published`` and ``doubts``, so every read of
those, the writer's candidate statement's for each incident it judges, walked the overflow
chain of ``toll_sources`` to reach them. Added anew at the end (copied, the old column dropped,
the new one renamed), it is read only by what asks for it; ``merge_state`` (which the candidate
statement reads, after ``published``) moved the same way just before it, so that the small
columns come first. The values are unchanged.

PostgreSQL keeps a large value out of the row (TOAST): nothing to do there. ``DROP COLUMN``
needs SQLite 3.35 (2021); an older library keeps the order, which changes only the speed.
"""

from __future__ import annotations

import sqlite3

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

# the row's last columns, in order: the merge state, which the candidate statement reads for each
# row after ``published``, then the toll sources, which it never reads
MOVED = ("merge_state", "toll_sources")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite" or sqlite3.sqlite_version_info < (3, 35, 0):
        return
    for column in MOVED:  # each added anew at the end, in this order
        op.execute(f"ALTER TABLE incidents ADD COLUMN {column}_last JSON")
        op.execute(f"UPDATE incidents SET {column}_last = {column}")
        op.execute(f"ALTER TABLE incidents DROP COLUMN {column}")
        op.execute(f"ALTER TABLE incidents RENAME COLUMN {column}_last TO {column}")


def downgrade() -> None:
    """The column's place in the row is no part of the schema: nothing to undo."""
