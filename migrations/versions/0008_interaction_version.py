"""interaction version

``interaction.version``: an integer that is 1 when an interaction is created and goes up by one
with every change an officer could see on the record (its fields, its action links, countries,
organisations, participants and follow-ups, moving it to the Trash and back, an import that
updates it). A save that names the version it started from is refused when the stored version
differs (``eunato_desk.core.versions``), so two officers editing the same interaction never
overwrite each other silently. Existing rows get version 1.

Added with ``ALTER TABLE ADD COLUMN`` (``batch_alter_table`` keeps it a plain ALTER on SQLite,
where a NOT NULL column with a default can be added in place, and on PostgreSQL): no table is
rebuilt, so the full-text (0004) and audit (0005, 0007) triggers on ``interaction`` stay as they
are. The downgrade drops the column with ``ALTER TABLE DROP COLUMN`` (SQLite 3.35 or newer), as
0007's does, for the same reason.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Skipped where the column is already there (a file whose revision mark is older than its
    # schema upgrades without error, as in 0007).
    columns = {c["name"] for c in sa.inspect(op.get_bind()).get_columns("interaction")}
    if "version" in columns:
        return
    with op.batch_alter_table("interaction", recreate="never") as batch:
        batch.add_column(
            sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("interaction", recreate="never") as batch:
        batch.drop_column("version")
