"""covering indexes for the tallies

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01 21:50:00

``stats`` over a million incidents: SQLite groups by the leading columns of an index in one
pass without a sort, and answers from the index alone when it holds every column the tally
reads. ``ix_incidents_tally_place`` leads with admin1 and replaces ``ix_incidents_admin1_date``.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TALLY_COLUMNS = ["review_state", "country", "event_type", "killed_total", "killed_civilians", "killed_security",
                 "killed_militants", "killed_foreigners", "injured_total", "injured_civilians", "injured_security",
                 "injured_militants", "injured_foreigners"]


def upgrade() -> None:
    op.create_index("ix_incidents_tally_date", "incidents", ["date", *TALLY_COLUMNS], unique=False)
    op.create_index("ix_incidents_tally_place", "incidents", ["admin1", "admin2", "date", *TALLY_COLUMNS], unique=False)
    op.drop_index("ix_incidents_admin1_date", table_name="incidents")


def downgrade() -> None:
    op.create_index("ix_incidents_admin1_date", "incidents", ["admin1", "date"], unique=False)
    op.drop_index("ix_incidents_tally_place", table_name="incidents")
    op.drop_index("ix_incidents_tally_date", table_name="incidents")
