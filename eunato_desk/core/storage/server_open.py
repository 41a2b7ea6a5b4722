"""Opening a database on a PostgreSQL team server, and checking one.

What is in the database decides, as for a file (``dbfile.examine``), before anything is
written: no tables at all ("blank": only ``db upgrade`` creates the schema), ours (the
``application`` row of ``meta``, revision 0006; before it, our revision and tables), another
application's (tables, but not ours: refused), or written by a newer version (refused).

A server's schema changes only through ``db upgrade`` (run by the unit's administrator, who
owns the tables): an older schema is refused with that advice rather than upgraded by
whichever officer opens it first. There is no file backup before an upgrade: the server's
own backups (``pg_dump``, by its administrators) are the safeguard.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, text

from eunato_desk.core.errors import DatabaseError, SchemaTooNewError
from eunato_desk.core.storage import migrate, server
from eunato_desk.core.storage.address import ServerAddress
from eunato_desk.core.storage.db import Database
from eunato_desk.core.storage.dbfile import OUR_TABLES
from eunato_desk.core.storage.server import ServerDatabaseError


class NewerServerDatabaseError(ServerDatabaseError, SchemaTooNewError):
    """Written by a newer version of the app."""


APPLICATION_MARK = ("application", "EU-NATO Desk")  # the meta row of revision 0006


@dataclass
class ServerFacts:
    """What ``examine_server`` found. ``kind``: "blank", "ours", "foreign" or "newer"."""

    kind: str = "blank"
    problem: str = ""
    revision: str | None = None
    tables: frozenset[str] = field(default_factory=frozenset)
    marked: bool = False


def _look(engine: Engine, facts: ServerFacts) -> None:
    with engine.connect() as conn:
        facts.tables = frozenset(
            conn.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
            ).scalars()
        )
        if "alembic_version" in facts.tables:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
            facts.revision = rows[0] if len(rows) == 1 else None
        if "meta" in facts.tables:
            mark = conn.execute(
                text("SELECT value FROM meta WHERE key = :k"), {"k": APPLICATION_MARK[0]}
            ).scalar()
            facts.marked = mark == APPLICATION_MARK[1]


def examine_server(address: ServerAddress) -> ServerFacts:
    """Look at the server database (read-only). DatabaseError with a sentence when the server,
    the login or the database cannot be reached."""
    engine = server.make_engine(address, reading=True)
    facts = ServerFacts()
    try:
        server.probe(engine, address)
        _look(engine, facts)
    finally:
        engine.dispose()
    _classify(facts, frozenset(migrate.known_revisions()))
    return facts


def _classify(facts: ServerFacts, known: frozenset[str]) -> None:
    if not facts.tables:
        facts.kind = "blank"
        return
    ours = facts.marked or (facts.revision in known and facts.tables >= OUR_TABLES)
    if not ours:
        what = (
            f"another application's database (schema revision {facts.revision})"
            if facts.revision
            else "a database with tables but no EU-NATO Desk schema"
        )
        facts.kind, facts.problem = "foreign", f"not an EU-NATO Desk database: {what}."
    elif facts.revision is not None and facts.revision not in known:
        facts.kind, facts.problem = (
            "newer",
            f"it was written by a newer version of EU-NATO Desk (schema {facts.revision}). "
            "This version cannot open it; install the newer version to use it.",
        )
    else:
        facts.kind = "ours"


def refusal(address: ServerAddress, facts: ServerFacts, *, create: bool) -> DatabaseError | None:
    """The error to raise (nothing written) when the database must not be opened as asked."""
    label = address.label
    if facts.kind == "newer":
        return NewerServerDatabaseError(f"{label}: {facts.problem} Nothing was changed.")
    if facts.kind == "foreign":
        return ServerDatabaseError(f"{label}: {facts.problem} Nothing was changed.")
    if facts.kind == "blank" and not create:
        return ServerDatabaseError(
            f"{label}: the database is empty; the unit's administrator creates the schema "
            f"with `eunato-desk --db {label} db upgrade`."
        )
    head = migrate.head_revision()
    if facts.kind == "ours" and facts.revision != head and not create:
        return ServerDatabaseError(
            f"{label}: the database is at schema {facts.revision or 'none'} and this version "
            f"needs {head}; the unit's administrator upgrades it with `eunato-desk --db "
            f"{label} db upgrade`. Nothing was changed."
        )
    return None


def open_server_database(address: ServerAddress, *, create: bool = False) -> Database:
    """Open the server database, upgrading its schema only with ``create`` (``db upgrade``);
    see the module's docstring for what is refused."""
    from eunato_desk.core.catalogue.seed import seed_due, seed_reference_data

    facts = examine_server(address)
    error = refusal(address, facts, create=create)
    if error is not None:
        raise error
    if facts.revision != migrate.head_revision():
        migrate.upgrade(address)
    db = Database(address)
    try:
        server.install_error_messages(db.engine, address)
        server.install_error_messages(db.read_engine, address, writing=False)
        login, may_write = server.login_rights(db.read_engine)
        db.login = login
        if not may_write:  # a reader's login: every write refuses with this sentence
            db.read_only = True
            db.read_only_reason = server.read_only_message(address.label, login)
            return db
        with db.read() as session:
            due = seed_due(session)
        if due:
            with db.write() as session:
                seed_reference_data(session)
    except BaseException:
        db.dispose()
        raise
    return db


@dataclass
class ServerCheck:
    """What ``check_server`` found (the lines of ``db check``)."""

    label: str
    revision: str | None = None
    head: str = ""
    foreign_keys: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        out = [
            f"database: {self.label} (PostgreSQL server)",
            f"schema revision: {self.revision or 'none'} (this app: {self.head})",
            "identity: EU-NATO Desk",
            "foreign-key check: "
            + ("ok" if not self.foreign_keys else "; ".join(self.foreign_keys[:5])),
        ]
        out += [f"{name}: {n}" for name, n in self.counts.items()]
        out.append("result: ok" if self.ok else f"result: {len(self.problems)} problem(s)")
        out += [f"problem: {p}" for p in self.problems]
        return out


# Every foreign key the server holds, as (table, constraint): each is checked by a query of
# the child rows whose parent is missing (a constraint added NOT VALID, or switched off by a
# superuser's session_replication_role, could leave some).
_FOREIGN_KEYS = """
SELECT c.conrelid::regclass::text, c.conname, c.confrelid::regclass::text,
       (SELECT array_agg(a.attname ORDER BY k.n) FROM unnest(c.conkey) WITH ORDINALITY k(att, n)
        JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.att),
       (SELECT array_agg(a.attname ORDER BY k.n) FROM unnest(c.confkey) WITH ORDINALITY k(att, n)
        JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.att)
FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace
WHERE c.contype = 'f' AND s.nspname = current_schema()
ORDER BY 1, 2
"""


def check_server(address: ServerAddress) -> ServerCheck:
    """The schema revision, our identity, every foreign key and the main counts, read-only."""
    facts = examine_server(address)
    report = ServerCheck(label=address.label, head=migrate.head_revision())
    if facts.kind in ("foreign", "newer"):
        raise (NewerServerDatabaseError if facts.kind == "newer" else ServerDatabaseError)(
            f"{address.label}: {facts.problem}"
        )
    if facts.kind == "blank":
        raise ServerDatabaseError(
            f"{address.label}: the database is empty; create the schema with "
            f"`eunato-desk --db {address.label} db upgrade`."
        )
    report.revision = facts.revision
    if report.revision != report.head:
        report.problems.append(
            f"schema is at {report.revision or 'no revision'}, not {report.head}: "
            "run `eunato-desk db upgrade`."
        )
    engine = server.make_engine(address, reading=True)
    server.install_error_messages(engine, address, writing=False)
    try:
        with engine.connect() as conn:
            for table, name, parent, cols, pcols in conn.execute(text(_FOREIGN_KEYS)):
                on = " AND ".join(f"p.{p} = c.{c}" for c, p in zip(cols, pcols, strict=True))
                present = " AND ".join(f"c.{c} IS NOT NULL" for c in cols)
                broken = conn.execute(
                    text(
                        f"SELECT count(*) FROM {table} c WHERE {present} "
                        f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE {on})"
                    )
                ).scalar_one()
                if broken:
                    report.foreign_keys.append(f"{table}: {broken} row(s) break {name}")
            for table in ("action", "interaction", "interaction_action"):
                report.counts[f"{table} rows"] = conn.execute(
                    text(f"SELECT count(*) FROM {table}")
                ).scalar_one()
    finally:
        engine.dispose()
    if report.foreign_keys:
        report.problems.append(
            f"{len(report.foreign_keys)} broken foreign key(s): "
            + "; ".join(report.foreign_keys[:5])
        )
    return report
