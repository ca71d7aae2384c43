"""articles remember a failed extraction

Revision ID: 0008
Revises: 0004
Create Date: 2026-12-06 04:30:00

An article that broke a stage or ran over its time budget is stored with its text and the
one-line failure in ``articles.failure`` (null: extracted), without reports or claims, so that
``db reextract`` tries it again once the extractor is fixed.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("articles", sa.Column("failure", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.drop_column("failure")
