"""Copy a whole database into another one, whatever their backends (a laptop file onto the
team server, the server into a file for travel): ``copy_database``.

Rules:
- Both databases have the newest schema (the caller upgrades the target first).
- The target is empty or freshly upgraded: no interactions, follow-ups, people and no
  catalogue or reference change recorded. Its seeded catalogue and reference lists are
  replaced by the source's.
- Every row keeps its id and UUID, so links, follow-ups, catalogue history and the audit trail
  stay as they were; the audit rows the target's triggers write while rows go in are replaced
  by the source's trail; the target's counters (server sequences) continue after the copied
  ids.
- All or nothing: the source is read in one snapshot, the target written in one transaction;
  a failure or a cancel leaves the target as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass

from sqlalchemy import Connection, Table, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from eunato_desk.core.errors import DatabaseError, OperationCancelled
from eunato_desk.core.models import Base
from eunato_desk.core.storage.db import Database

BATCH = 2000
# Tables the copy leaves to the target: its own schema state and counters.
KEPT = {"meta"}
# The trail comes last: the triggers write rows while the others go in; those are replaced.
TRAIL = "audit_log"
# What makes a target "not empty": records an officer made.
OFFICER_RECORDS = ("interaction", "follow_up", "person", "action_change", "reference_change")
# meta keys that travel with the data (the audit transaction counter must not go back).
CARRIED_META = ("audit_txn",)

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class CopyResult:
    """What was copied: rows per table (tables with rows only), in copy order."""

    rows: dict[str, int]

    @property
    def interactions(self) -> int:
        return self.rows.get("interaction", 0)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def _tables() -> list[Table]:
    """The tables to copy, parents before children, the audit trail last."""
    ordered = [t for t in Base.metadata.sorted_tables if t.name not in KEPT]
    return [t for t in ordered if t.name != TRAIL] + [Base.metadata.tables[TRAIL]]


def _columns(table: Table) -> list[str]:
    """The columns a row is copied by (computed columns are the target's own)."""
    return [c.name for c in table.columns if c.computed is None]


def _self_references(table: Table) -> list[str]:
    """Columns pointing at the same table (an action superseded by another): written after
    every row of the table is in, as the ids they point at may come later."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _revision(conn: Connection) -> str | None:
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _check_target(session: Session, label: str) -> None:
    """Refuse a target that holds an officer's records."""
    for name in OFFICER_RECORDS:
        table = Base.metadata.tables[name]
        if session.execute(select(func.count()).select_from(table)).scalar():
            what = name.replace("_", " ")
            raise DatabaseError(
                f"{label[:1].upper()}{label[1:]} already holds records ({what}s); copy only "
                "into an empty database or one just made with `db upgrade`. Nothing was copied."
            )


def _count(session: Session, tables: list[Table]) -> dict[str, int]:
    return {
        t.name: int(session.execute(select(func.count()).select_from(t)).scalar() or 0)
        for t in tables
    }


def _rows(session: Session, table: Table, columns: list[str]) -> Iterator[list[dict]]:
    """The table's rows in batches, in key order."""
    cols = [table.c[name] for name in columns]
    order = list(table.primary_key.columns) or cols[:1]
    result = session.execute(select(*cols).order_by(*order).execution_options(yield_per=BATCH))
    try:
        for chunk in result.partitions(BATCH):
            yield [dict(zip(columns, row, strict=True)) for row in chunk]
    finally:  # a cancel or a failure mid-table: close the server's cursor now
        result.close()


def _restart_sequences(session: Session, tables: list[Table]) -> None:
    """On a server, each table's id sequence continues after the highest copied id, and the
    planner learns the new tables' contents (ANALYZE: else it plans for empty tables until
    the server's autovacuum gets round to them)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text("ANALYZE"))
    for table in tables:
        if "id" not in table.c or not table.c.id.autoincrement:
            continue
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence(:t, 'id'), "
                f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
            ),
            {"t": table.name},
        )


class _Copy:
    """One copy in progress: the row counter that drives progress and cancel."""

    def __init__(self, total: int, progress: Progress | None, cancelled: Callable[[], bool]):
        self.total, self.done = total, 0
        self.progress, self.cancelled = progress, cancelled

    def step(self, rows: int) -> None:
        if self.cancelled():
            raise OperationCancelled("The copy was cancelled; the target is as it was.")
        self.done += rows
        if self.progress is not None:
            self.progress(self.done, self.total)

    def table(self, source: Session, target: Session, table: Table, rows: int) -> None:
        """Copy one table's rows (self-references set after all are in)."""
        columns = _columns(table)
        later = _self_references(table)
        with closing(_rows(source, table, columns)) as batches:
            for batch in batches:
                pending = [{k: v for k, v in row.items() if k in later} for row in batch]
                first = [{**row, **dict.fromkeys(later)} for row in batch]
                target.execute(insert(table), first)
                for row, refs in zip(batch, pending, strict=True):
                    if any(v is not None for v in refs.values()):
                        keys = {c.name: row[c.name] for c in table.primary_key.columns}
                        where = [table.c[k] == v for k, v in keys.items()]
                        target.execute(update(table).where(*where).values(**refs))
                self.step(len(batch))
        if rows == 0:
            self.step(0)


def copy_database(
    source: Database,
    target: Database,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    source_label: str = "the source",
    target_label: str = "the target",
) -> CopyResult:
    """Copy every record of ``source`` into ``target`` (see the module's rules). Raises
    DatabaseError (nothing written) when the schemas differ or the target is not empty;
    OperationCancelled when ``cancelled()`` turns true (nothing written)."""
    tables = _tables()
    with source.read() as src, target.write() as dst:
        mine, theirs = _revision(src.connection()), _revision(dst.connection())
        if mine != theirs:
            raise DatabaseError(
                f"The schemas differ ({source_label}: {mine}, {target_label}: {theirs}); "
                "upgrade both with `db upgrade` first. Nothing was copied."
            )
        _check_target(dst, target_label)
        counts = _count(src, tables)
        run = _Copy(sum(counts.values()), progress, cancelled or (lambda: False))
        for table in reversed(tables):  # the target's seeds go, children first
            dst.execute(delete(table))
        for table in tables:
            if table.name == TRAIL:  # replace what the triggers wrote meanwhile
                dst.execute(delete(table))
            run.table(src, dst, table, counts[table.name])
        meta = Base.metadata.tables["meta"]
        for key in CARRIED_META:
            value = src.execute(select(meta.c.value).where(meta.c.key == key)).scalar()
            if value is not None:
                dst.execute(delete(meta).where(meta.c.key == key))
                dst.execute(insert(meta).values(key=key, value=value))
        _restart_sequences(dst, tables)
    return CopyResult({name: n for name, n in counts.items() if n})


__all__ = ["CopyResult", "copy_database"]
