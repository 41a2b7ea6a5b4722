"""mark the database as EU-NATO Desk's

Sets ``PRAGMA application_id`` (in the file header) so that the app recognises its own
databases by the mark and leaves every other SQLite file untouched, whatever revision ids
another application's Alembic history uses. Files made before this revision are recognised
by their revision ids and tables (``eunato_desk.core.storage.dbfile``).

On PostgreSQL (a team server) the mark is the row ``application`` of the ``meta`` table
(``eunato_desk.core.storage.server_open`` reads it): a database with tables but without the
mark is another application's, refused.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 23:30:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

APPLICATION_ID = (
    0x45554E44  # "EUND"; the same number as eunato_desk.core.storage.dbfile (frozen here)
)


PG_MARK = ("application", "EU-NATO Desk")  # (meta key, value); frozen here too


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"INSERT INTO meta (key, value) VALUES ('{PG_MARK[0]}', '{PG_MARK[1]}') "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA application_id = 0")
    elif op.get_bind().dialect.name == "postgresql":
        op.execute(f"DELETE FROM meta WHERE key = '{PG_MARK[0]}'")
