"""the incident list's indexes: everything and a province's incidents in the list's order, filters covered

Revision ID: 0018
Revises: 0012
Create Date: 2026-12-06 07:00:00

``/api/incidents`` (and the dashboard's list) read one page of incidents, newest first, unknown
dates last, ties by id, after ``offset`` others, and count them all. Without these indexes SQLite
walked ``ix_incidents_country_date`` (a province) or ``ix_incidents_date`` (everything) and read
each incident's row to test the province and the review state (92 ms for offset 20,000 of Khyber
Pakhtunkhwa's 39,000 among 100,000; 94 ms for offset 50,000 of everything), and PostgreSQL
scanned and sorted the whole table for a province. With them, the page, the rows it skips and
the count come from the index alone. SQLite keeps NULLs lowest and has no ``NULLS LAST`` in an
index: its plain index walked backwards is the list's order. PostgreSQL needs the order spelled
out, and carries the filtered columns as INCLUDE. ``tables.LIST_INDEXES`` declares the same.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0012"
branch_labels = None
depends_on = None

# name: (leading columns, columns the filters read)
INDEXES = {"ix_incidents_list_all": ((), ("review_state",)),
           "ix_incidents_list_place": (("admin1",), ("review_state", "country"))}


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, (lead, covered) in INDEXES.items():
        if postgres:
            op.create_index(name, "incidents", [*map(sa.column, lead), sa.text("date DESC NULLS LAST"), sa.text("id DESC")],
                            unique=False, postgresql_include=list(covered))
        else:
            op.create_index(name, "incidents", [*lead, "date", "id", *covered], unique=False)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="incidents")
