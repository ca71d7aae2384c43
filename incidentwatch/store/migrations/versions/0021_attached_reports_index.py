"""the unattached mentions' indexes cover their look-up; SQLite: the index of reports by incident holds only the reports that have one

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 15:30:00

SQLite has no statistics to plan with: for the writer's look-up of the unattached background
mentions of an attack's days (``store/adoption.py``: ``incident_id IS NULL`` and a range of
publication dates or dates) it took ``ix_incident_reports_incident_id`` for the ``IS NULL``
term, an equality to its planner, and read every unattached mention of the database and its
row, instead of the partial indexes of migration 0020 (11 ms against 0.15 ms a look-up, warm,
at 8,000 articles of the ingest benchmark; an article makes up to three look-ups). Made partial
(``incident_id IS NOT NULL``), the index still answers every ``incident_id = ?`` and ``IN
(...)`` (which imply it), and is no candidate for ``IS NULL``. PostgreSQL plans from its
statistics: its index stays whole.

The two partial indexes now hold every column the look-up reads or tests
(``tables.UNATTACHED_COLUMNS``): the table's rows, which hold the reports' payloads, are not
read (SQLite, the same database, a cold connection: 1.13 against 0.38 ms a look-up by
publication, 0.40 against 0.13 ms by date).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

NAME = "ix_incident_reports_incident_id"
# name: (the columns of 0020, the columns now)
UNATTACHED = {
    "ix_incident_reports_unattached": (("published",), ("published", "reported_as", "article_id", "date", "incident_id")),
    "ix_incident_reports_unattached_date": (("date",), ("date", "reported_as", "article_id", "published", "incident_id")),
}


def _unattached(columns_at: int) -> None:
    for name, columns in UNATTACHED.items():
        op.drop_index(name, table_name="incident_reports")
        op.create_index(name, "incident_reports", list(columns[columns_at]), unique=False,
                        sqlite_where=sa.text("incident_id IS NULL"), postgresql_where=sa.text("incident_id IS NULL"))


def upgrade() -> None:
    _unattached(1)
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index(NAME, table_name="incident_reports")
    op.create_index(NAME, "incident_reports", ["incident_id"], unique=False, sqlite_where=sa.text("incident_id IS NOT NULL"))


def downgrade() -> None:
    _unattached(0)
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index(NAME, table_name="incident_reports")
    op.create_index(NAME, "incident_reports", ["incident_id"], unique=False)
