"""full-text search index

An SQLite FTS5 index over each interaction's words: title, summary, outcome, location, tags,
the notes of its action links, and the names (and acronyms / ISO codes) of its organisations
and countries. The index is "external content": it stores no copy of the text, only the
inverted index; its content is the view ``interaction_fts_source``, which assembles one row
per interaction from the tables the app already has.

Triggers keep it in step. An external-content index must be told the *old* words of a row to
remove it, so every change is bracketed: a BEFORE trigger removes the row's words as the view
shows them before the change, an AFTER trigger adds them as it shows them after. Link rows
with an empty note add no words, so inserting or deleting them leaves the index alone (bulk
loaders of demo data and CSV imports write many of those).

The virtual table, its shadow tables, the view and the triggers are not part of the
SQLAlchemy metadata (``eunato_desk.core.search.schema`` names them for Alembic's
``include_object`` filter). Trashed interactions stay indexed; the list excludes them.

On PostgreSQL (a team server) there is no FTS5: the interaction gets a ``search_vector``
column, a ``tsvector`` the server computes from the row itself (GENERATED ... STORED) over its
own words (title, summary, outcome, location, tags), each folded by ``eunato_fold`` (lower
case, accents taken off by ``translate``, anything not a letter or digit a space: the same
on every server, no extension needed), with a GIN index. The words of linked rows (notes,
organisations, countries) are not in it: the search on a server reads them at query time.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 17:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# The view is the index's content: one row per interaction, rowid = interaction.id. Lists are
# concatenated in a fixed order, so the words a BEFORE trigger removes are exactly the words
# that were added.
SOURCE_VIEW = """
CREATE VIEW interaction_fts_source AS
SELECT
  i.id AS id,
  i.title AS title,
  i.summary AS summary,
  i.outcome AS outcome,
  i.location AS location,
  i.tags AS tags,
  coalesce((SELECT group_concat(note, ' / ') FROM (
      SELECT ia.note AS note FROM interaction_action ia
      WHERE ia.interaction_id = i.id AND ia.note <> '' ORDER BY ia.action_id)), '') AS notes,
  coalesce((SELECT group_concat(label, '; ') FROM (
      SELECT o.name || coalesce(' (' || o.acronym || ')', '') AS label
      FROM interaction_organisation io JOIN organisation o ON o.id = io.organisation_id
      WHERE io.interaction_id = i.id ORDER BY io.organisation_id)), '') AS organisations,
  coalesce((SELECT group_concat(label, '; ') FROM (
      SELECT c.name || ' (' || c.iso_code || ')' AS label
      FROM interaction_country ic JOIN country c ON c.id = ic.country_id
      WHERE ic.interaction_id = i.id ORDER BY ic.country_id)), '') AS countries
FROM interaction i
"""

COLUMNS = "title, summary, outcome, location, tags, notes, organisations, countries"

FTS_TABLE = f"""
CREATE VIRTUAL TABLE interaction_fts USING fts5(
  {COLUMNS},
  content='interaction_fts_source',
  content_rowid='id',
  tokenize='unicode61 remove_diacritics 2'
)
"""


def _remove(where: str) -> str:
    """Remove from the index the rows of the view selected by ``where`` (as they are now)."""
    return (
        f"INSERT INTO interaction_fts(interaction_fts, rowid, {COLUMNS}) "
        f"SELECT 'delete', id, {COLUMNS} FROM interaction_fts_source WHERE {where};"
    )


def _add(where: str) -> str:
    """Add to the index the rows of the view selected by ``where`` (as they are now)."""
    return (
        f"INSERT INTO interaction_fts(rowid, {COLUMNS}) "
        f"SELECT id, {COLUMNS} FROM interaction_fts_source WHERE {where};"
    )


INDEXED = "title, summary, outcome, location, tags"
ORGS_OF = "id IN (SELECT interaction_id FROM interaction_organisation WHERE organisation_id = {})"
COUNTRIES_OF = "id IN (SELECT interaction_id FROM interaction_country WHERE country_id = {})"

# (name, timing and event, WHEN condition or "", statement)
TRIGGERS: list[tuple[str, str, str, str]] = [
    ("interaction_fts_ai", "AFTER INSERT ON interaction", "", _add("id = NEW.id")),
    ("interaction_fts_bd", "BEFORE DELETE ON interaction", "", _remove("id = OLD.id")),
    (
        "interaction_fts_bu",
        f"BEFORE UPDATE OF {INDEXED} ON interaction",
        "",
        _remove("id = OLD.id"),
    ),
    ("interaction_fts_au", f"AFTER UPDATE OF {INDEXED} ON interaction", "", _add("id = NEW.id")),
    # Action links: only their notes are indexed.
    (
        "interaction_action_fts_bi",
        "BEFORE INSERT ON interaction_action",
        "NEW.note <> ''",
        _remove("id = NEW.interaction_id"),
    ),
    (
        "interaction_action_fts_ai",
        "AFTER INSERT ON interaction_action",
        "NEW.note <> ''",
        _add("id = NEW.interaction_id"),
    ),
    (
        "interaction_action_fts_bd",
        "BEFORE DELETE ON interaction_action",
        "OLD.note <> ''",
        _remove("id = OLD.interaction_id"),
    ),
    (
        "interaction_action_fts_ad",
        "AFTER DELETE ON interaction_action",
        "OLD.note <> ''",
        _add("id = OLD.interaction_id"),
    ),
    (
        "interaction_action_fts_bu",
        "BEFORE UPDATE ON interaction_action",
        "OLD.note <> NEW.note OR OLD.interaction_id <> NEW.interaction_id",
        _remove("id IN (OLD.interaction_id, NEW.interaction_id)"),
    ),
    (
        "interaction_action_fts_au",
        "AFTER UPDATE ON interaction_action",
        "OLD.note <> NEW.note OR OLD.interaction_id <> NEW.interaction_id",
        _add("id IN (OLD.interaction_id, NEW.interaction_id)"),
    ),
]
for _table, _key, _short in (
    ("interaction_organisation", "organisation_id", "org"),
    ("interaction_country", "country_id", "country"),
):
    TRIGGERS += [
        (
            f"{_table}_fts_bi",
            f"BEFORE INSERT ON {_table}",
            "",
            _remove("id = NEW.interaction_id"),
        ),
        (f"{_table}_fts_ai", f"AFTER INSERT ON {_table}", "", _add("id = NEW.interaction_id")),
        (
            f"{_table}_fts_bd",
            f"BEFORE DELETE ON {_table}",
            "",
            _remove("id = OLD.interaction_id"),
        ),
        (f"{_table}_fts_ad", f"AFTER DELETE ON {_table}", "", _add("id = OLD.interaction_id")),
        (
            f"{_table}_fts_bu",
            f"BEFORE UPDATE ON {_table}",
            "",
            _remove("id IN (OLD.interaction_id, NEW.interaction_id)"),
        ),
        (
            f"{_table}_fts_au",
            f"AFTER UPDATE ON {_table}",
            "",
            _add("id IN (OLD.interaction_id, NEW.interaction_id)"),
        ),
    ]
# Renaming an organisation or a country re-indexes the interactions linked to it.
TRIGGERS += [
    (
        "organisation_fts_bu",
        "BEFORE UPDATE OF name, acronym ON organisation",
        "OLD.name IS NOT NEW.name OR OLD.acronym IS NOT NEW.acronym",
        _remove(ORGS_OF.format("OLD.id")),
    ),
    (
        "organisation_fts_au",
        "AFTER UPDATE OF name, acronym ON organisation",
        "OLD.name IS NOT NEW.name OR OLD.acronym IS NOT NEW.acronym",
        _add(ORGS_OF.format("NEW.id")),
    ),
    (
        "country_fts_bu",
        "BEFORE UPDATE OF name, iso_code ON country",
        "OLD.name IS NOT NEW.name OR OLD.iso_code IS NOT NEW.iso_code",
        _remove(COUNTRIES_OF.format("OLD.id")),
    ),
    (
        "country_fts_au",
        "AFTER UPDATE OF name, iso_code ON country",
        "OLD.name IS NOT NEW.name OR OLD.iso_code IS NOT NEW.iso_code",
        _add(COUNTRIES_OF.format("NEW.id")),
    ),
]


def _create_trigger(name: str, event: str, when: str, body: str) -> str:
    condition = f" WHEN {when}" if when else ""
    return f"CREATE TRIGGER {name} {event} FOR EACH ROW{condition} BEGIN {body} END"


PG_FOLD_FUNCTION = "eunato_fold(text)"
PG_VECTOR_COLUMN = "search_vector"
PG_VECTOR_INDEX = "ix_interaction_search_vector"
# Latin letters folded to their base letter by ``translate`` (Latin-1, Latin Extended-A,
# Romanian ș ț); then the letters that fold to two.
_ACCENTED = (
    "àáâãäåçèéêëìíîïðñòóôõöøùúûüýÿāăąćĉċčďđēĕėęěĝğġģĥħĩīĭįıĵķĸĺļľŀłńņňōŏőŕŗřśŝşšţťŧũūŭůűųŵŷźżžșț"
)
_BASE = (
    "aaaaaaceeeeiiiidnoooooouuuuyyaaaccccddeeeeegggghhiiiiijkklllllnnnooorrrsssstttuuuuuuwyzzzst"
)
_TWO_LETTERS = (("ß", "ss"), ("æ", "ae"), ("œ", "oe"), ("þ", "th"), ("ĳ", "ij"))


def _pg_fold_function() -> str:
    folded = "lower(value)"
    for letter, letters in _TWO_LETTERS:
        folded = f"replace({folded}, '{letter}', '{letters}')"
    return (
        "CREATE FUNCTION eunato_fold(value text) RETURNS text LANGUAGE sql IMMUTABLE STRICT "
        "PARALLEL SAFE AS $$ SELECT regexp_replace(translate("
        f"{folded}, '{_ACCENTED}', '{_BASE}'), '[^[:alnum:]]+', ' ', 'g') $$"
    )


def _pg_vector() -> str:
    words = " || ' ' || ".join(f"coalesce(eunato_fold({c}), '')" for c in INDEXED.split(", "))
    return (
        f"ALTER TABLE interaction ADD COLUMN {PG_VECTOR_COLUMN} tsvector "
        f"GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, {words})) STORED"
    )


def _live_start_index() -> None:
    # The live list in date order, covered: the app's first screen (every live id, newest
    # first) reads this index alone instead of a million table rows.
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interaction_live_start",
            ["start_date", "start_time", "id"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
            postgresql_where=sa.text("deleted_at IS NULL"),
        )


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _live_start_index()
        op.execute(_pg_fold_function())
        op.execute(_pg_vector())
        op.execute(f"CREATE INDEX {PG_VECTOR_INDEX} ON interaction USING gin ({PG_VECTOR_COLUMN})")
        return
    # The live list in date order, covered: the app's first screen (every live id, newest
    # first) reads this index alone instead of a million table rows.
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.create_index(
            "ix_interaction_live_start",
            ["start_date", "start_time", "id"],
            unique=False,
            sqlite_where=sa.text("deleted_at IS NULL"),
        )
    op.execute(SOURCE_VIEW)
    op.execute(FTS_TABLE)
    for name, event, when, body in TRIGGERS:
        op.execute(_create_trigger(name, event, when, body))
    # The rank: bm25 with a weight per column (title, summary, outcome, location, tags,
    # notes, organisations, countries); a match in the title counts most.
    op.execute(
        "INSERT INTO interaction_fts(interaction_fts, rank) "
        "VALUES ('rank', 'bm25(8.0, 1.0, 1.5, 2.0, 4.0, 1.5, 2.0, 2.0)')"
    )
    # Build the index for the interactions already in the database.
    op.execute("INSERT INTO interaction_fts(interaction_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {PG_VECTOR_INDEX}")
        op.execute(f"ALTER TABLE interaction DROP COLUMN IF EXISTS {PG_VECTOR_COLUMN}")
        op.execute(f"DROP FUNCTION IF EXISTS {PG_FOLD_FUNCTION}")
        with op.batch_alter_table("interaction", schema=None) as batch_op:
            batch_op.drop_index("ix_interaction_live_start")
        return
    for name, _event, _when, _body in reversed(TRIGGERS):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS interaction_fts")
    op.execute("DROP VIEW IF EXISTS interaction_fts_source")
    with op.batch_alter_table("interaction", schema=None) as batch_op:
        batch_op.drop_index("ix_interaction_live_start")
