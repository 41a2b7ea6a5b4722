"""reference data the officer controls

The reference lists (organisations, countries, participants, interaction types, handling
markings) become the officer's to extend:

- ``retired_at`` on each list's table: a retired entry is hidden from pickers and refused for
  new input, and stays (shown) on the records that have it. Added with ``ALTER TABLE ADD
  COLUMN``: no table is rebuilt, so the full-text triggers on ``organisation`` and ``country``
  (revision 0004) stay as they are.
- ``<list>_alias`` tables: other names of an entry (Turkey for Türkiye), ``folded`` (without
  case or accents) unique per list.
- ``reference_change``: the lists' history (add, rename, alias, edit, merge, retire, rank),
  with date and officer.
- Audit triggers (as revision 0005's) on ``interaction_organisation``, ``interaction_country``
  and ``interaction_person``: the interaction's history now records its organisations,
  countries and participants (fields 'organisation', 'country', 'participant'; the
  organisation by acronym, else name). Who: the interaction's ``updated_by``; for links moved
  by a merge, the officer of the ``reference_change`` row written in the same transaction
  (like ``action_change`` for catalogue maintenance).

The entries new in the shipped lists are added to existing databases by the second seed step
(``eunato_desk.core.catalogue.seed``, recorded in ``meta``), not here. Downgrading drops the
aliases, so it marks the database as seeded with the first lists again. The downgrade drops
columns with ``ALTER TABLE DROP COLUMN`` (SQLite 3.35 or newer): a batch rebuild of
``organisation`` or ``country`` would fail on the full-text index's view.

On PostgreSQL the triggers are plpgsql functions writing the same rows (as revision 0005's:
``IS DISTINCT FROM`` for ``IS NOT``, ``audit_txn()`` for the transaction number).

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30 00:55:21.171406
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

LISTS = ("organisation", "country", "person", "interaction_type", "handling_marking")
KINDS = "'organisation', 'country', 'person', 'type', 'marking'"
CHANGES = "'add', 'rename', 'alias', 'unalias', 'edit', 'merge', 'retire', 'unretire', 'rank'"

NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
TXN = "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'audit_txn')"
PG_NOW = "to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
PG_TXN = "audit_txn()"
COLUMNS = "txn, at, officer, entity, entity_uuid, related_uuid, field, old, new"

# (link table, its column, the audit field, the label of row {r} of the target table)
LINKS = (
    ("interaction_organisation", "organisation_id", "organisation",
     "(SELECT coalesce(acronym, name) FROM organisation WHERE id = {r})"),
    ("interaction_country", "country_id", "country", "(SELECT name FROM country WHERE id = {r})"),
    ("interaction_person", "person_id", "participant", "(SELECT name FROM person WHERE id = {r})"),
)  # fmt: skip


def _audit(row: str, field: str, old: str, new: str, extra: str = "") -> str:
    """One audit row for the interaction of link row ``row`` (nothing when the interaction is
    gone: links deleted by the cascade of an interaction deleted for good)."""
    return (
        f"INSERT INTO audit_log ({COLUMNS}) SELECT {TXN}, {NOW}, i.updated_by, 'interaction', "
        f"i.uuid, NULL, '{field}', {old}, {new} FROM interaction i "
        f"WHERE i.id = {row}.interaction_id{extra};"
    )


def _triggers() -> list[tuple[str, str, str]]:
    """(name, timing and event, body) of every trigger this revision makes."""
    out = []
    for table, column, field, label in LINKS:
        old, new = label.format(r=f"OLD.{column}"), label.format(r=f"NEW.{column}")
        out += [
            (
                f"audit_{table}_insert",
                f"AFTER INSERT ON {table}",
                _audit("NEW", field, "NULL", new),
            ),
            (
                f"audit_{table}_delete",
                f"AFTER DELETE ON {table}",
                _audit("OLD", field, old, "NULL"),
            ),
            (
                f"audit_{table}_update",
                f"AFTER UPDATE ON {table}",
                _audit("NEW", field, old, new, f" AND OLD.{column} IS NOT NEW.{column}"),
            ),
        ]
    # A merge writes its reference_change row after moving the links: that row names the
    # officer of this transaction's changes to the interactions' links, type or marking.
    out.append(
        (
            "audit_reference_change_officer",
            "AFTER INSERT ON reference_change FOR EACH ROW WHEN NEW.change = 'merge'",
            f"UPDATE audit_log SET officer = NEW.officer WHERE txn = {TXN} "
            "AND entity = 'interaction' "
            "AND field = (CASE NEW.kind WHEN 'person' THEN 'participant' ELSE NEW.kind END);",
        )
    )
    return out


def upgrade() -> None:
    # Each step is skipped where its object is already there (a file whose revision mark is
    # older than its schema upgrades without error).
    inspector = sa.inspect(op.get_bind())
    tables = set(inspector.get_table_names())
    if "reference_change" not in tables:
        op.create_table(
            "reference_change",
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("kind", sa.String(length=20), nullable=False),
            sa.Column("entry_id", sa.Integer(), nullable=False),
            sa.Column("change", sa.String(length=20), nullable=False),
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("old", sa.Text(), nullable=True),
            sa.Column("new", sa.Text(), nullable=True),
            sa.Column("detail", sa.Text(), nullable=False),
            sa.Column("changed_at", sa.String(length=20), nullable=False),
            sa.Column("officer", sa.String(length=200), nullable=False),
            sa.CheckConstraint(f"change IN ({CHANGES})", name=op.f("ck_reference_change_change")),
            sa.CheckConstraint(f"kind IN ({KINDS})", name=op.f("ck_reference_change_kind")),
            sa.PrimaryKeyConstraint("id", name=op.f("pk_reference_change")),
        )
        op.create_index("ix_reference_change_entry", "reference_change", ["kind", "entry_id", "id"])
    for target in LISTS:
        if f"{target}_alias" not in tables:
            _create_alias_table(target)
        if "retired_at" not in {c["name"] for c in inspector.get_columns(target)}:
            # ALTER TABLE ADD COLUMN: the table (and its triggers) stays as it is.
            op.add_column(target, sa.Column("retired_at", sa.String(length=20), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        for name, event, body in _triggers():
            for statement in _create_pg_trigger(name, event, _pg_body(body)):
                op.execute(statement)
        return
    for name, event, body in _triggers():
        op.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {event} BEGIN {body} END")


def _pg_body(body: str) -> str:
    """A trigger body as PostgreSQL takes it (see the module's docstring)."""
    return body.replace(TXN, PG_TXN).replace(NOW, PG_NOW).replace(" IS NOT ", " IS DISTINCT FROM ")


def _create_pg_trigger(name: str, event: str, body: str) -> list[str]:
    """The plpgsql function ``<name>_fn`` running ``body`` and the trigger calling it for each
    row (``event`` may end with ``FOR EACH ROW WHEN condition``, as SQLite writes it)."""
    event, _for_each, when = event.partition(" FOR EACH ROW WHEN ")
    condition = f" WHEN ({when})" if when else ""
    return [
        f"CREATE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body} RETURN NULL; END $$",
        f"CREATE TRIGGER {name} {event} FOR EACH ROW{condition} EXECUTE FUNCTION {name}_fn()",
    ]


def _create_alias_table(target: str) -> None:
    table = f"{target}_alias"
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(f"{target}_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("folded", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            [f"{target}_id"],
            [f"{target}.id"],
            name=op.f(f"fk_{table}_{target}_id_{target}"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.UniqueConstraint("folded", name=op.f(f"uq_{table}_folded")),
    )
    op.create_index(op.f(f"ix_{table}_{target}_id"), table, [f"{target}_id"], unique=False)


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for name, event, _body in reversed(_triggers()):
        if pg:
            table = event.partition(" FOR EACH ROW")[0].rsplit(" ", 1)[-1]
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            op.execute(f"DROP FUNCTION IF EXISTS {name}_fn()")
        else:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for target in reversed(LISTS):
        op.execute(f"ALTER TABLE {target} DROP COLUMN retired_at")
        op.drop_index(op.f(f"ix_{target}_alias_{target}_id"), table_name=f"{target}_alias")
        op.drop_table(f"{target}_alias")
    op.drop_index("ix_reference_change_entry", table_name="reference_change")
    op.drop_table("reference_change")
    # The aliases the second seed step added are gone with their tables.
    op.execute("UPDATE meta SET value = '1' WHERE key = 'reference_seed_version' AND value = '2'")
