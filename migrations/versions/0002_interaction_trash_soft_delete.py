"""interaction trash (soft delete)

Deleted interactions keep their row, marked with when and by whom, until the Trash is emptied.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 15:56:43.285477
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.add_column(sa.Column("deleted_at", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("deleted_by", sa.String(length=200), nullable=True))
        batch_op.create_index(
            "ix_interaction_deleted",
            ["deleted_at"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NOT NULL"),
            postgresql_where=sa.text("deleted_at IS NOT NULL"),
        )


def downgrade() -> None:
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_interaction_deleted", sqlite_where=sa.text("deleted_at IS NOT NULL")
        )
        batch_op.drop_column("deleted_by")
        batch_op.drop_column("deleted_at")
