"""SQLite: the index of reports by incident holds only the reports that have one

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06 15:30:00

SQLite has no statistics to plan with: for the writer's look-up of the unattached background
mentions of an attack's days (``store/adoption.py``: ``incident_id IS NULL`` and a range of
publication dates or dates) it took ``ix_incident_reports_incident_id`` for the ``IS NULL``
term, an equality to its planner, and read every unattached mention of the database and its
row, instead of the partial indexes of migration 0020 (11 ms against 0.15 ms a look-up at 8,000
articles of the ingest benchmark, several look-ups an article). Made partial (``incident_id IS
NOT NULL``), the index still answers every ``incident_id = ?`` and ``IN (...)`` (which imply it),
and is no candidate for ``IS NULL``. PostgreSQL plans from its statistics: its index stays whole.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

NAME = "ix_incident_reports_incident_id"


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index(NAME, table_name="incident_reports")
    op.create_index(NAME, "incident_reports", ["incident_id"], unique=False, sqlite_where=sa.text("incident_id IS NOT NULL"))


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index(NAME, table_name="incident_reports")
    op.create_index(NAME, "incident_reports", ["incident_id"], unique=False)
