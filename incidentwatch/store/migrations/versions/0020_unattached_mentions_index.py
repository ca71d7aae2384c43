"""the background mentions no incident holds, by publication date and by date

Revision ID: 0020
Revises: 0018
Create Date: 2026-12-06 12:30:00

A follow-up's background mention of an attack the database does not hold yet is kept with no
incident; when the attack's report later makes the incident, the writer looks for such
mentions published or dated in the attack's days (``store/adoption.py``). The partial indexes
hold only the reports with no incident, so that look-up does not read the table.
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
    for name, column in INDEXES.items():
        op.create_index(name, "incident_reports", [column], unique=False,
                        sqlite_where=sa.text("incident_id IS NULL"), postgresql_where=sa.text("incident_id IS NULL"))


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="incident_reports")
