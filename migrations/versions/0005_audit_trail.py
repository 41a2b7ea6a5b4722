"""audit trail

``audit_log`` records every change to interactions, their action links, follow-ups and actions:
when (UTC, to the second), who, which record, which field, the old and the new value. SQLite
triggers write it, so a row is added in the same transaction as the change, whatever code
made it; nothing is written when a value does not actually change.

Columns: ``txn`` numbers the write transaction (the triggers copy ``meta.audit_txn``, which
the app advances when it commits a transaction that wrote audit rows, so the rows of one save
share it); ``entity`` is 'interaction', 'follow_up' or
'action'; ``entity_uuid`` the record; ``related_uuid`` the linked action for link rows and the
interaction for follow-up rows; ``field`` the column ('created' / 'deleted for good' /
'deleted' for whole records, 'link' and 'link_note' for action links).

Who:
- interaction: ``created_by`` on creation, ``updated_by`` on edits, ``deleted_by`` when moved to
  the Trash; '' when restored from the Trash or deleted for good (those services take no name).
- links: the interaction's ``updated_by``; links moved by catalogue maintenance (renumber,
  merge, split) take the officer of the ``action_change`` row written in the same transaction.
- follow-ups: ``created_by`` on creation; '' for later changes (the services record no name).
- actions: the officer of the ``action_change`` row written for that action in the same
  transaction (catalogue maintenance always writes one); '' otherwise (catalogue CSV import,
  the reference seed).
Rows written outside the app (a raw SQLite connection) do not advance ``meta.audit_txn``, so
they share their ``txn`` with the app's next audited transaction.

On PostgreSQL (a team server, many writers at once) the same triggers are plpgsql functions
writing the same rows, with ``IS DISTINCT FROM`` for SQLite's ``IS NOT`` and every compared
value as text. ``txn`` comes from ``audit_txn()``: a number taken from the sequence
``audit_txn_seq`` at the transaction's first audited change and kept for the rest of it (a
transaction-local setting), so concurrent saves never share one and nothing needs advancing.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 18:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SQLITE_NOW = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"
SQLITE_TXN = "(SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'audit_txn')"
PG_NOW = "to_char(statement_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
PG_TXN = "audit_txn()"
PG_TXN_FUNCTION = """
CREATE FUNCTION audit_txn() RETURNS integer LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  taken text := current_setting('eunato.audit_txn', true);
BEGIN
  IF taken IS NULL OR taken = '' THEN
    taken := nextval('audit_txn_seq')::text;
    PERFORM set_config('eunato.audit_txn', taken, true);
  END IF;
  RETURN taken::integer;
END $$
"""
COLUMNS = "txn, at, officer, entity, entity_uuid, related_uuid, field, old, new"
ACTION_LABEL = "coalesce(CAST({a}.number AS TEXT), {a}.title)"


def _insert(select: str) -> str:
    return f"INSERT INTO audit_log ({COLUMNS}) {select};"


def _changes(pairs: list[tuple[str, str, str]], *, as_text: bool = False) -> str:
    """A table (n, field, old, new) of the given column pairs, for UNION-ALL comparison
    (``as_text``: every value cast to text, as PostgreSQL's UNION needs one type)."""
    if as_text:
        pairs = [(f, f"CAST({o} AS TEXT)", f"CAST({w} AS TEXT)") for f, o, w in pairs]
    rows = [f"SELECT {n} AS n, '{f}' AS field, {o} AS old, {w} AS new" for n, (f, o, w) in
            enumerate(pairs)]  # fmt: skip
    return " UNION ALL ".join(rows)


def _name_of(table: str, key: str) -> str:
    return f"(SELECT name FROM {table} WHERE id = {key})"


INTERACTION_FIELDS = [
    ("title", "OLD.title", "NEW.title"),
    ("type", _name_of("interaction_type", "OLD.type_id"),
     _name_of("interaction_type", "NEW.type_id")),
    ("start_date", "OLD.start_date", "NEW.start_date"),
    ("start_time", "OLD.start_time", "NEW.start_time"),
    ("end_date", "OLD.end_date", "NEW.end_date"),
    ("end_time", "OLD.end_time", "NEW.end_time"),
    ("status", "OLD.status", "NEW.status"),
    ("location", "OLD.location", "NEW.location"),
    ("format", "OLD.format", "NEW.format"),
    ("summary", "OLD.summary", "NEW.summary"),
    ("outcome", "OLD.outcome", "NEW.outcome"),
    ("marking", _name_of("handling_marking", "OLD.marking_id"),
     _name_of("handling_marking", "NEW.marking_id")),
    ("tags", "OLD.tags", "NEW.tags"),
    ("deleted_at", "OLD.deleted_at", "NEW.deleted_at"),
]  # fmt: skip

FOLLOW_UP_FIELDS = [
    ("text", "OLD.text", "NEW.text"),
    ("owner", "OLD.owner", "NEW.owner"),
    ("due_date", "OLD.due_date", "NEW.due_date"),
    ("done_at", "OLD.done_at", "NEW.done_at"),
    ("action", "(SELECT number FROM action WHERE id = OLD.action_id)",
     "(SELECT number FROM action WHERE id = NEW.action_id)"),
]  # fmt: skip

ACTION_FIELDS = [
    ("number", "OLD.number", "NEW.number"),
    ("title", "OLD.title", "NEW.title"),
    ("description", "OLD.description", "NEW.description"),
    ("area", "(SELECT code FROM area WHERE id = OLD.area_id)",
     "(SELECT code FROM area WHERE id = NEW.area_id)"),
    ("set_year", "OLD.set_year", "NEW.set_year"),
    ("status", "OLD.status", "NEW.status"),
    ("confidence", "OLD.confidence", "NEW.confidence"),
    ("superseded_by", f"(SELECT {ACTION_LABEL.format(a='s')} FROM action s "
     "WHERE s.id = OLD.superseded_by_id)",
     f"(SELECT {ACTION_LABEL.format(a='s')} FROM action s WHERE s.id = NEW.superseded_by_id)"),
]  # fmt: skip

INTERACTION_WHO = (
    "CASE WHEN c.field <> 'deleted_at' THEN NEW.updated_by "
    "WHEN NEW.deleted_at IS NULL THEN '' ELSE coalesce(NEW.deleted_by, '') END"
)
LINK_FROM = (
    "FROM interaction i JOIN action a ON a.id = {link}.action_id WHERE i.id = {link}.interaction_id"
)
FOLLOW_UP_PARENT = "(SELECT uuid FROM interaction WHERE id = {row}.interaction_id)"


def _triggers(pg: bool = False) -> list[tuple[str, str, str]]:
    """(name, timing and event, statements) of every trigger; ``pg``: as PostgreSQL takes
    them (see the module's docstring)."""
    txn, now = (PG_TXN, PG_NOW) if pg else (SQLITE_TXN, SQLITE_NOW)
    is_not = "IS DISTINCT FROM" if pg else "IS NOT"
    return [
        (
            "audit_interaction_insert",
            "AFTER INSERT ON interaction",
            _insert(
                f"VALUES ({txn}, {now}, NEW.created_by, 'interaction', NEW.uuid, NULL, "
                "'created', NULL, NEW.title)"
            ),
        ),
        (
            "audit_interaction_update",
            "AFTER UPDATE ON interaction",
            _insert(
                f"SELECT {txn}, {now}, {INTERACTION_WHO}, 'interaction', NEW.uuid, NULL, "
                f"c.field, c.old, c.new FROM ({_changes(INTERACTION_FIELDS, as_text=pg)}) AS c "
                f"WHERE c.old {is_not} c.new ORDER BY c.n"
            ),
        ),
        (
            "audit_interaction_delete",
            "AFTER DELETE ON interaction",
            _insert(
                f"VALUES ({txn}, {now}, '', 'interaction', OLD.uuid, NULL, 'deleted for good', "
                "OLD.title, NULL)"
            ),
        ),
        # Links. When an interaction is deleted for good its links go by cascade after it, so the
        # join finds no interaction and nothing is written (its 'deleted for good' row says it).
        (
            "audit_interaction_action_insert",
            "AFTER INSERT ON interaction_action",
            _insert(
                f"SELECT {txn}, {now}, i.updated_by, 'interaction', i.uuid, a.uuid, 'link', "
                f"NULL, {ACTION_LABEL.format(a='a')} {LINK_FROM.format(link='NEW')}"
            )
            + _insert(
                f"SELECT {txn}, {now}, i.updated_by, 'interaction', i.uuid, a.uuid, "
                f"'link_note', NULL, NEW.note {LINK_FROM.format(link='NEW')} "
                "AND NEW.note <> ''"
            ),
        ),
        (
            "audit_interaction_action_delete",
            "AFTER DELETE ON interaction_action",
            _insert(
                f"SELECT {txn}, {now}, i.updated_by, 'interaction', i.uuid, a.uuid, 'link', "
                f"{ACTION_LABEL.format(a='a')}, NULL {LINK_FROM.format(link='OLD')}"
            ),
        ),
        (
            "audit_interaction_action_update",
            "AFTER UPDATE ON interaction_action",
            _insert(
                f"SELECT {txn}, {now}, i.updated_by, 'interaction', i.uuid, a.uuid, 'link', "
                f"(SELECT {ACTION_LABEL.format(a='o')} FROM action o WHERE o.id = OLD.action_id), "
                f"{ACTION_LABEL.format(a='a')} {LINK_FROM.format(link='NEW')} "
                "AND OLD.action_id <> NEW.action_id"
            )
            + _insert(
                f"SELECT {txn}, {now}, i.updated_by, 'interaction', i.uuid, a.uuid, "
                f"'link_note', OLD.note, NEW.note {LINK_FROM.format(link='NEW')} "
                f"AND OLD.note {is_not} NEW.note"
            ),
        ),
        (
            "audit_follow_up_insert",
            "AFTER INSERT ON follow_up",
            _insert(
                f"VALUES ({txn}, {now}, NEW.created_by, 'follow_up', NEW.uuid, "
                f"{FOLLOW_UP_PARENT.format(row='NEW')}, 'created', NULL, NEW.text)"
            ),
        ),
        (
            "audit_follow_up_update",
            "AFTER UPDATE ON follow_up",
            _insert(
                f"SELECT {txn}, {now}, '', 'follow_up', NEW.uuid, "
                f"{FOLLOW_UP_PARENT.format(row='NEW')}, c.field, c.old, c.new "
                f"FROM ({_changes(FOLLOW_UP_FIELDS, as_text=pg)}) AS c "
                f"WHERE c.old {is_not} c.new ORDER BY c.n"
            ),
        ),
        (
            "audit_follow_up_delete",
            "AFTER DELETE ON follow_up",
            _insert(
                f"SELECT {txn}, {now}, '', 'follow_up', OLD.uuid, i.uuid, 'deleted', OLD.text, "
                "NULL FROM interaction i WHERE i.id = OLD.interaction_id"
            ),
        ),
        (
            "audit_action_insert",
            "AFTER INSERT ON action",
            _insert(
                f"VALUES ({txn}, {now}, '', 'action', NEW.uuid, NULL, 'created', NULL, NEW.title)"
            ),
        ),
        (
            "audit_action_update",
            "AFTER UPDATE ON action",
            _insert(
                f"SELECT {txn}, {now}, '', 'action', NEW.uuid, NULL, c.field, c.old, c.new "
                f"FROM ({_changes(ACTION_FIELDS, as_text=pg)}) AS c "
                f"WHERE c.old {is_not} c.new ORDER BY c.n"
            ),
        ),
        (
            "audit_action_delete",
            "AFTER DELETE ON action",
            _insert(
                f"VALUES ({txn}, {now}, '', 'action', OLD.uuid, NULL, 'deleted for good', "
                "OLD.title, NULL)"
            ),
        ),
        # Catalogue maintenance logs each change in action_change after changing the action (and
        # moving its links): that row names the officer of this transaction's changes to it.
        (
            "audit_action_change_officer",
            "AFTER INSERT ON action_change",
            f"UPDATE audit_log SET officer = NEW.officer WHERE txn = {txn} AND "
            "(SELECT uuid FROM action WHERE id = NEW.action_id) IN (entity_uuid, related_uuid) "
            "AND (entity = 'action' OR field IN ('link', 'link_note'));",
        ),
    ]


TRIGGERS = _triggers()


def _create_trigger(name: str, event: str, body: str) -> str:
    return f"CREATE TRIGGER {name} {event} FOR EACH ROW BEGIN {body} END"


def create_pg_trigger(name: str, event: str, body: str) -> list[str]:
    """The plpgsql function ``<name>_fn`` running ``body`` and the trigger calling it for each
    row (``event`` may end with ``FOR EACH ROW WHEN condition``, as SQLite writes it)."""
    event, _for_each, when = event.partition(" FOR EACH ROW WHEN ")
    condition = f" WHEN ({when})" if when else ""
    return [
        f"CREATE FUNCTION {name}_fn() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN {body} RETURN NULL; END $$",
        f"CREATE TRIGGER {name} {event} FOR EACH ROW{condition} EXECUTE FUNCTION {name}_fn()",
    ]


def drop_pg_trigger(name: str, event: str) -> list[str]:
    table = event.partition(" FOR EACH ROW")[0].rsplit(" ", 1)[-1]
    return [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {name}_fn()"]


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("txn", sa.Integer(), nullable=True),
        sa.Column("at", sa.String(length=20), nullable=False),
        sa.Column("officer", sa.String(length=200), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("entity_uuid", sa.String(length=36), nullable=False),
        sa.Column("related_uuid", sa.String(length=36), nullable=True),
        sa.Column("field", sa.String(length=100), nullable=False),
        sa.Column("old", sa.Text(), nullable=True),
        sa.Column("new", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "entity IN ('interaction', 'follow_up', 'action')", name=op.f("ck_audit_log_entity")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index("ix_audit_log_entity", ["entity_uuid", "id"], unique=False)
        batch_op.create_index(
            "ix_audit_log_related",
            ["related_uuid"],
            unique=False,
            sqlite_where=sa.text("related_uuid IS NOT NULL"),
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("INSERT INTO meta (key, value) VALUES ('audit_txn', '0') ON CONFLICT DO NOTHING")
        op.execute("CREATE SEQUENCE audit_txn_seq")
        op.execute(PG_TXN_FUNCTION)
        for name, event, body in _triggers(pg=True):
            for statement in create_pg_trigger(name, event, body):
                op.execute(statement)
        return
    op.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('audit_txn', '0')")
    for name, event, body in TRIGGERS:
        op.execute(_create_trigger(name, event, body))


def downgrade() -> None:
    pg = op.get_bind().dialect.name == "postgresql"
    for name, event, _body in reversed(TRIGGERS):
        for statement in drop_pg_trigger(name, event) if pg else [f"DROP TRIGGER IF EXISTS {name}"]:
            op.execute(statement)
    if pg:
        op.execute("DROP FUNCTION IF EXISTS audit_txn()")
        op.execute("DROP SEQUENCE IF EXISTS audit_txn_seq")
    op.execute("DELETE FROM meta WHERE key = 'audit_txn'")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(
            "ix_audit_log_related", sqlite_where=sa.text("related_uuid IS NOT NULL")
        )
        batch_op.drop_index("ix_audit_log_entity")
    op.drop_table("audit_log")
