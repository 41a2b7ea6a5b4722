"""the server login in the audit trail

On a team server each officer connects with a login of their own; the audit trail now records
it beside the officer's name: a column ``login`` whose default on PostgreSQL is
``session_user``, so every row the trigger functions of 0005 and 0007 write carries the login
that made the change, and no code can put another name there. On a file the column stays ''
(a file has no logins: the operating system's account holds it). Rows written before this
revision have ''.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 03:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Skipped where the column is already there (a file whose revision mark is older than its
    # schema, as after a restore of a marked-down copy: see 0008).
    if "login" in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("audit_log")}:
        return
    if op.get_bind().dialect.name == "postgresql":
        op.add_column(
            "audit_log", sa.Column("login", sa.String(200), nullable=False, server_default="")
        )
        op.alter_column("audit_log", "login", server_default=sa.text("session_user"))
        return
    # SQLite: a plain ADD COLUMN (no table rebuild, so the triggers on other tables and the
    # search index stay as they are).
    with op.batch_alter_table("audit_log", recreate="never") as batch_op:
        batch_op.add_column(sa.Column("login", sa.String(200), nullable=False, server_default=""))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_column("audit_log", "login")
        return
    with op.batch_alter_table("audit_log", recreate="never") as batch_op:
        batch_op.drop_column("login")
