"""the background mentions no incident holds, by publication date and by date; incidents' doubts

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-06 12:30:00

A follow-up's background mention of an attack the database does not hold yet is kept with no
incident; when the attack's report later makes the incident, the writer looks for such
mentions published or dated in the attack's days (``store/adoption.py``). The partial indexes
hold only the reports with no incident, so that look-up does not read the table.

``incidents.doubts``: what the review queue brings forward (an impossible figure, a group that
claimed and denied, a toll that fell with no reason; ``merged_view.doubts_of``), computed here
for the incidents stored before from their toll reconciliation and merge state.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0018"
branch_labels = None
depends_on = None


INDEXES = {"ix_incident_reports_unattached": "published", "ix_incident_reports_unattached_date": "date"}


def upgrade() -> None:
    from incidentwatch.store.merged_view import doubts_of

    for name, column in INDEXES.items():
        op.create_index(name, "incident_reports", [column], unique=False,
                        sqlite_where=sa.text("incident_id IS NULL"), postgresql_where=sa.text("incident_id IS NULL"))
    op.add_column("incidents", sa.Column("doubts", sa.Integer(), nullable=True))
    incidents = sa.table("incidents", sa.column("id", sa.Integer()), sa.column("toll_sources", sa.JSON()),
                         sa.column("merge_state", sa.JSON()), sa.column("doubts", sa.Integer()))
    bind = op.get_bind()
    rows = bind.execute(sa.select(incidents.c.id, incidents.c.toll_sources, incidents.c.merge_state)).all()
    doubted = [{"key": row.id, "doubts": doubts_of(row.toll_sources, row.merge_state)} for row in rows]
    doubted = [row for row in doubted if row["doubts"]]
    if doubted:
        bind.execute(incidents.update().where(incidents.c.id == sa.bindparam("key")).values(doubts=sa.bindparam("doubts")),
                     doubted)
    bind.execute(incidents.update().where(incidents.c.doubts.is_(None)).values(doubts=0))


def downgrade() -> None:
    op.drop_column("incidents", "doubts")
    for name in INDEXES:
        op.drop_index(name, table_name="incident_reports")
