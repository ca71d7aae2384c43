"""an editor's comment on each audited change

Revision ID: 0011
Revises: 0008
Create Date: 2026-12-06 05:00:00

``audit_log.comment``: why the editor made the change ("duplicate of the Bannu report",
"ISPR gave 12 the next day"), shown beside the change on the incident page and in the API.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("comment", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("comment")
