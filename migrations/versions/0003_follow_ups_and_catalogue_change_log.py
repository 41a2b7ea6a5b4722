"""follow-ups and catalogue change log

Follow-ups (next steps from an interaction, optionally for one of its actions) and a record of
catalogue changes (renumber, merge, split, retire) with date and officer.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 16:46:29.199938
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "action_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("changed_at", sa.String(length=20), nullable=False),
        sa.Column("officer", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "kind IN ('create', 'edit', 'retire', 'renumber', 'merge', 'split')",
            name=op.f("ck_action_change_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_action_change_action_id_action"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_change")),
    )
    with op.batch_alter_table("action_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_change_action_id"), ["action_id"], unique=False)

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("interaction_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("done_at", sa.String(length=20), nullable=True),
        sa.Column("created_at", sa.String(length=20), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.String(length=20), nullable=False),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_follow_up_text_not_empty")),
        sa.ForeignKeyConstraint(
            ["action_id"],
            ["action.id"],
            name=op.f("fk_follow_up_action_id_action"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["interaction_id"],
            ["interaction.id"],
            name=op.f("fk_follow_up_interaction_id_interaction"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
        sa.UniqueConstraint("uuid", name=op.f("uq_follow_up_uuid")),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_up_action_id"), ["action_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_follow_up_interaction_id"), ["interaction_id"], unique=False
        )
        batch_op.create_index("ix_follow_up_open_due", ["done_at", "due_date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_up_open_due")
        batch_op.drop_index(batch_op.f("ix_follow_up_interaction_id"))
        batch_op.drop_index(batch_op.f("ix_follow_up_action_id"))

    op.drop_table("follow_up")
    with op.batch_alter_table("action_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_change_action_id"))

    op.drop_table("action_change")
