"""mark the database as EU-NATO Desk's

Sets ``PRAGMA application_id`` (in the file header) so that the app recognises its own
databases by the mark and leaves every other SQLite file untouched, whatever revision ids
another application's Alembic history uses. Files made before this revision are recognised
by their revision ids and tables (``eunato_desk.core.storage.dbfile``). SQLite only.

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


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA application_id = 0")
