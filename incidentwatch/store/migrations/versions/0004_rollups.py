"""monthly rollups of the incidents, kept by triggers

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 01:00:00

``stats`` reads these instead of every incident (see ``store/rollups.py``). The tables are
created here, then the triggers, then the rollups are counted from the incidents already there.
A later change to the rollups' keys or triggers is a new migration that drops and installs them.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from incidentwatch.store import rollups

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

VALUES = ["incidents", "killed_total", "killed_civilians", "killed_security", "killed_militants", "killed_foreigners",
          "injured_total", "injured_civilians", "injured_security", "injured_militants", "injured_foreigners",
          "hit_civilians", "hit_security", "hit_militants", "hit_foreigners", "hit_unspecified"]
SIZES = {"country": 2, "admin1": 120, "admin2": 120, "event_type": 30, "category": 12}
TABLES = {
    "rollup_place": ["country", "admin1", "event_type"],
    "rollup_district": ["country", "admin1", "admin2"],
    "rollup_group": ["country", "admin1", "actor_id"],
    "rollup_district_group": ["country", "admin1", "admin2", "actor_id"],
    "rollup_category_group": ["country", "admin1", "actor_id", "category"],
}


def upgrade() -> None:
    for table, keys in TABLES.items():
        columns: list[sa.Column[Any]] = [sa.Column("month", sa.Integer(), nullable=False), sa.Column("rejected", sa.Integer(), nullable=False)]
        columns += [sa.Column(key, sa.Integer() if key == "actor_id" else sa.String(length=SIZES[key]), nullable=False)
                    for key in keys]
        columns += [sa.Column(value, sa.Integer(), nullable=False) for value in VALUES]
        op.create_table(table, *columns,
                        sa.PrimaryKeyConstraint("month", "rejected", *keys, name=op.f(f"pk_{table}")),
                        sqlite_with_rowid=False)
    rollups.install(op.get_bind())


def downgrade() -> None:
    rollups.drop(op.get_bind())
    for table in TABLES:
        op.drop_table(table)
