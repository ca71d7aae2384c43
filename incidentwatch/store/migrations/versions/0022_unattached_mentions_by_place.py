"""the unattached mentions' look-up narrows by place: a report's latitude as a column, and the places in the partial indexes

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06 17:00:00

A new incident read every unattached background mention of its days (about 300 an article at
2,000 articles of the ingest benchmark) and tested each one's places in Python
(``adoption.placed_apart``). The look-up now keeps in SQL only those whose places may agree
(``adoption.place_filter``): its province is one of the incidents', or none; its district is one
of theirs; or its latitude lies within ``merge.NEARBY_KM`` of an incident's (two districts close
together, across a province's border). The latitude, which only the payload held, becomes a
column, filled from the payloads; the two partial indexes hold the province, district and
latitude too, so that the look-up still reads no row of the table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

# name: (the columns of 0021, the columns now)
UNATTACHED = {
    "ix_incident_reports_unattached": (("published", "reported_as", "article_id", "date", "incident_id"),
                                       ("published", "reported_as", "article_id", "date", "incident_id", "admin1", "admin2", "lat")),
    "ix_incident_reports_unattached_date": (("date", "reported_as", "article_id", "published", "incident_id"),
                                            ("date", "reported_as", "article_id", "published", "incident_id", "admin1", "admin2", "lat")),
}


def _unattached(columns_at: int) -> None:
    for name, columns in UNATTACHED.items():
        op.drop_index(name, table_name="incident_reports")
        op.create_index(name, "incident_reports", list(columns[columns_at]), unique=False,
                        sqlite_where=sa.text("incident_id IS NULL"), postgresql_where=sa.text("incident_id IS NULL"))


def upgrade() -> None:
    with op.batch_alter_table("incident_reports") as batch:
        batch.add_column(sa.Column("lat", sa.Float(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE incident_reports SET lat = CAST(json_extract(payload, '$.location.lat') AS REAL)")
    else:
        op.execute("UPDATE incident_reports SET lat = CAST((payload::json -> 'location' ->> 'lat') AS DOUBLE PRECISION)")
    _unattached(1)


def downgrade() -> None:
    _unattached(0)
    with op.batch_alter_table("incident_reports") as batch:
        batch.drop_column("lat")
