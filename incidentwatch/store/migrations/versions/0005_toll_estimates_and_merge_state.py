"""toll estimates (low / best / high with their reports) and the incremental merge state

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 04:30:00

Adds to ``incidents`` the low, best and high of victims killed, militants killed and injured,
``toll_sources`` (the reports behind them), ``merge_state`` (what a new report is folded
into, see ``store/merged_view.py``) and ``published`` (its reports' earliest publication, with
a partial index over the undated incidents, where the writer looks for an undated one's
reports); to ``incident_reports`` the source of a report's figures.
Incidents already stored get best = low = high = their toll; their ``merge_state`` stays empty
and the next report that joins one recomputes it from all its reports. The rollups count
``killed_total`` and friends, which keep their meaning: no trigger changes.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ESTIMATES = [f"{measure}_{kind}" for measure in ("killed", "militants", "injured") for kind in ("low", "best", "high")]


def upgrade() -> None:
    # plain ALTER TABLE ... ADD COLUMN on both backends (no table copy: the rollup triggers stay)
    for column in ESTIMATES:
        op.add_column("incidents", sa.Column(column, sa.Integer(), nullable=True))
    op.add_column("incidents", sa.Column("toll_sources", sa.JSON(), nullable=True))
    op.add_column("incidents", sa.Column("merge_state", sa.JSON(), nullable=True))
    op.add_column("incidents", sa.Column("published", sa.Date(), nullable=True))
    op.add_column("incident_reports", sa.Column("toll_source", sa.String(length=40), nullable=True))
    op.add_column("incident_reports", sa.Column("toll_tier", sa.Integer(), nullable=True))
    op.add_column("incident_reports", sa.Column("toll_reason", sa.String(length=200), nullable=True))
    victims = "CASE WHEN killed_total IS NULL THEN NULL ELSE killed_total - COALESCE(killed_militants, 0) END"
    op.execute(f"UPDATE incidents SET killed_low = {victims}, killed_best = {victims}, killed_high = {victims}, "
               "militants_low = killed_militants, militants_best = killed_militants, militants_high = killed_militants, "
               "injured_low = injured_total, injured_best = injured_total, injured_high = injured_total")
    op.execute("UPDATE incidents SET published = (SELECT min(r.published) FROM incident_reports r WHERE r.incident_id = incidents.id)")
    op.create_index("ix_incidents_undated_published", "incidents", ["country", "published"], unique=False,
                    sqlite_where=sa.text("date IS NULL"), postgresql_where=sa.text("date IS NULL"))


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later): a batch copy of ``incidents``
    # would break the foreign keys that point at it and drop the rollup triggers
    op.drop_index("ix_incidents_undated_published", table_name="incidents")
    for column in ("toll_reason", "toll_tier", "toll_source"):
        op.drop_column("incident_reports", column)
    for column in ("published", "merge_state", "toll_sources", *reversed(ESTIMATES)):
        op.drop_column("incidents", column)
