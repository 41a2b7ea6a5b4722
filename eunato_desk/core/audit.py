"""The audit trail: who changed what, when (written by the triggers of revision 0005, and
of 0007 for an interaction's organisations, countries and participants: fields
'organisation', 'country', 'participant'; a merge of reference entries is recorded there
with the officer who merged, and in the lists' own history, ``reference.history``).

The triggers stamp each row with ``meta.audit_txn``; ``install`` makes the app's write engine
advance that number when it commits a transaction that wrote audit rows. So the rows of one
save share a ``txn``, the next save gets a new one, the triggers can tell which catalogue-change
officer belongs to which action change, and a transaction that changes nothing writes nothing.
``history_for_interaction`` and ``history_for_action`` read the trail back as frozen records,
oldest first.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import event, select, text
from sqlalchemy.orm import Session

from eunato_desk.core.catalogue.lineage import Lineage
from eunato_desk.core.errors import NotFoundError
from eunato_desk.core.models import Action
from eunato_desk.core.storage.db import Database

TXN_KEY = "audit_txn"
# The newest audit row carries this transaction's number only if this transaction wrote it
# (earlier app transactions advanced the number when they committed).
_ADVANCE = (
    f"UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = '{TXN_KEY}' "
    "AND CAST(value AS INTEGER) IS (SELECT txn FROM audit_log ORDER BY id DESC LIMIT 1)"
)


@dataclass(frozen=True)
class AuditEntry:
    """One changed field (or a created / deleted record)."""

    id: int
    txn: int | None
    at: str
    officer: str
    entity: str  # 'interaction', 'follow_up' or 'action'
    entity_uuid: str
    field: str
    old: str | None
    new: str | None
    about: str  # what the row concerns, in words: "action 43", "follow-up: Send the paper"
    login: str = ""  # the server login that made the change ('' on a file)

    @property
    def who(self) -> str:
        """The officer's name, with the server login when there is one: 'Anna (login anna)'."""
        if not self.login:
            return self.officer
        return f"{self.officer} (login {self.login})" if self.officer else f"login {self.login}"

    def as_json(self) -> dict[str, object]:
        return {
            "at": self.at,
            "officer": self.officer,
            "login": self.login,
            "entity": self.entity,
            "uuid": self.entity_uuid,
            "about": self.about,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "txn": self.txn,
        }


def install(db: Database) -> None:
    """Advance the transaction number as each audited write transaction commits, inside
    that transaction (idempotent). ``open_database`` calls it."""
    if getattr(db.engine, "_eunato_audit_installed", False):
        return

    @event.listens_for(db.engine, "commit")
    def _advance_transaction_number(conn) -> None:  # type: ignore[no-untyped-def]
        # Runs just before COMMIT, in the transaction (which holds the write lock).
        conn.exec_driver_sql(_ADVANCE)

    db.engine._eunato_audit_installed = True  # type: ignore[attr-defined]


_SELECT = """
SELECT l.id, l.txn, l.at, l.officer, l.login, l.entity, l.entity_uuid, l.field, l.old, l.new,
       CASE
         WHEN l.field IN ('link', 'link_note') THEN
           'action ' || coalesce(CAST(la.number AS TEXT), la.title, '?')
         WHEN l.entity = 'follow_up' THEN
           'follow-up: ' || coalesce(f.text, (SELECT c.new FROM audit_log c
             WHERE c.entity_uuid = l.entity_uuid AND c.field = 'created' LIMIT 1), '?')
         WHEN l.entity = 'action' THEN
           'action ' || coalesce(CAST(a.number AS TEXT), a.title, '?')
         ELSE 'interaction'
       END AS about
FROM audit_log l
LEFT JOIN action la ON la.uuid = l.related_uuid AND l.field IN ('link', 'link_note')
LEFT JOIN follow_up f ON f.uuid = l.entity_uuid AND l.entity = 'follow_up'
LEFT JOIN action a ON a.uuid = l.entity_uuid AND l.entity = 'action'
"""


def _entries(session: Session, where: str, params: dict[str, object]) -> list[AuditEntry]:
    rows = session.execute(text(f"{_SELECT} WHERE {where} ORDER BY l.id"), params)
    return [
        AuditEntry(
            id=r.id,
            txn=r.txn,
            at=r.at,
            officer=r.officer or "",
            login=r.login or "",
            entity=r.entity,
            entity_uuid=r.entity_uuid,
            field=r.field,
            old=None if r.old is None else str(r.old),
            new=None if r.new is None else str(r.new),
            about=r.about if len(r.about) <= 80 else r.about[:79] + "…",
        )
        for r in rows
    ]


def history_for_interaction(db: Database, uuid: str) -> list[AuditEntry]:
    """Changes to an interaction, its action links and its follow-ups, oldest first. Works
    for an interaction deleted for good, as long as it has a trail."""
    with db.read() as session:
        entries = _entries(
            session,
            "(l.entity = 'interaction' AND l.entity_uuid = :uuid) "
            "OR (l.entity = 'follow_up' AND l.related_uuid = :uuid)",
            {"uuid": uuid},
        )
        if not entries:
            exists = session.execute(
                text("SELECT 1 FROM interaction WHERE uuid = :uuid"), {"uuid": uuid}
            ).first()
            if exists is None:
                raise NotFoundError(f"No interaction with id {uuid}.")
        return entries


def _action_uuids(session: Session, number: int) -> list[str]:
    """The actions that carry or carried ``number`` (in the catalogue, or in the trail of a
    number changed in place), and the actions renumbered or merged into them (their
    ``Lineage.family``)."""
    renamed = set(
        session.execute(
            text(
                "SELECT entity_uuid FROM audit_log WHERE entity = 'action' AND field = 'number' "
                "AND (old = :t OR new = :t)"
            ),
            {"t": str(number)},
        ).scalars()
    )
    uuid_of = dict(session.execute(select(Action.id, Action.uuid)).all())
    lineage = Lineage.load(session)
    known = lineage.with_number(number) + [a for a, u in uuid_of.items() if u in renamed]
    return sorted(renamed | {uuid_of[a] for k in known for a in lineage.family(k)})


def history_for_action(db: Database, number: int) -> list[AuditEntry]:
    """Changes to the action with this number (and to the actions renumbered or merged into
    it), oldest first. Raises NotFoundError if no action ever had the number."""
    with db.read() as session:
        uuids = _action_uuids(session, number)
        if not uuids:
            raise NotFoundError(f"No action number {number}.")
        params: dict[str, object] = {f"u{i}": u for i, u in enumerate(uuids)}
        marks = ", ".join(f":{k}" for k in params)
        return _entries(session, f"l.entity = 'action' AND l.entity_uuid IN ({marks})", params)


# How far back a change marker counts rows: a transaction that took its row ids before another
# one but committed after it (possible on the team server) still moves the marker.
RECENT_ROWS = 1000


def _marker_of(session: Session, table: str) -> tuple[int, int]:
    """(highest id, rows among the RECENT_ROWS ids below it): an index range scan."""
    highest, recent = session.execute(
        text(
            f"SELECT max(id), count(*) FROM {table} WHERE id > "
            f"(SELECT coalesce(max(id), 0) - {RECENT_ROWS} FROM {table})"
        )
    ).one()
    return int(highest or 0), int(recent or 0)


def change_marker(db: Database) -> tuple[tuple[int, int], tuple[int, int]]:
    """(the audit trail's marker, the reference-list changes' marker): differs after any
    change to interactions, links, follow-ups, actions or the reference lists, by this process
    or any other (another officer on the team server, a command beside the app)."""
    with db.read() as session:
        return _marker_of(session, "audit_log"), _marker_of(session, "reference_change")


def latest_change(db: Database) -> int:
    """The id of the newest audit row (0 if none): a cheap "has anything changed since?"
    marker, e.g. for a backup when the app closes after changes."""
    with db.read() as session:
        return int(session.execute(text("SELECT coalesce(max(id), 0) FROM audit_log")).scalar_one())
