"""link note words on a team server

On PostgreSQL, the search reads the words of the link notes through an index of their own
(FTS5 on a file holds them in its one index, revision 0004): a GIN index on the very
expression the search uses (``search.server``), so a word is found among a million notes
without reading them. Nothing changes on SQLite.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 03:30:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

INDEX = "ix_interaction_action_note_words"
WORDS = "to_tsvector('simple'::regconfig, eunato_fold(coalesce(note, '')))"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"CREATE INDEX {INDEX} ON interaction_action USING gin ({WORDS})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX}")
