"""Schema migrations run by the app: inspect the revision, refuse newer schemas, upgrade.

One Alembic history for a file and for a server: ``upgrade(address)`` takes either (a file's
Path, or a ``ServerAddress``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from eunato_desk.core.errors import DatabaseError, SchemaTooNewError
from eunato_desk.core.storage.address import Address, ServerAddress, parse_address
from eunato_desk.core.storage.db import held_open, migration_engine
from eunato_desk.core.storage.paths import migrations_dir
from eunato_desk.core.storage.revisions import head_revision, known_revisions  # noqa: F401

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import Engine

# The search schema of a server (revision 0004 on PostgreSQL) lives outside the models too.
SERVER_SEARCH_COLUMNS = frozenset({"search_vector"})
SERVER_SEARCH_INDEXES = frozenset(
    {"ix_interaction_search_vector", "ix_interaction_action_note_words"}
)


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic ``include_object`` hook: leave the full-text index (FTS5 on a file, the
    ``search_vector`` column and its GIN index on a server) out of autogenerate."""
    from eunato_desk.core.search.schema import include_object as search_include

    if type_ == "column" and name in SERVER_SEARCH_COLUMNS:
        return False
    if type_ == "index" and name in SERVER_SEARCH_INDEXES:
        return False
    return search_include(obj, name, type_, reflected, compare_to)


def migration_engine_for(value: str) -> Engine:
    """The migration engine of ``alembic -x db=...``: a file's path or a server's URL."""
    address = parse_address(value, "-x db")
    if isinstance(address, ServerAddress):
        from eunato_desk.core.storage.server import make_engine

        return make_engine(address)
    return migration_engine(address)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def current_revision(path: Address) -> str | None:
    """The database's schema revision, read without writing; None for a new or blank database.
    Another application's file, or a damaged one, raises DatabaseError."""
    from eunato_desk.core.storage.dbfile import examine

    if isinstance(path, ServerAddress):
        from eunato_desk.core.storage.server_open import examine_server

        found = examine_server(path)
        if found.problem and found.kind != "newer":
            raise DatabaseError(f"{path.label}: {found.problem}")
        return found.revision

    if not path.exists():
        return None
    facts = examine(path, check=None, known=frozenset(known_revisions()))
    if facts.kind in ("ours", "newer"):
        return facts.revision
    if facts.kind == "blank":
        return None
    raise DatabaseError(f"{path}: {facts.problem}")


def ensure_not_newer(path: Path) -> str | None:
    rev = current_revision(path)
    if rev is not None and rev not in known_revisions():
        raise SchemaTooNewError(
            f"{path} was written by a newer version of EU-NATO Desk (schema {rev}). "
            "This version cannot open it; the file has not been changed. "
            "Install the newer version to use it."
        )
    return rev


def upgrade(path: Address, revision: str = "head") -> None:
    _run(path, "upgrade", revision)


def downgrade(path: Address, revision: str) -> None:
    _run(path, "downgrade", revision)


def _run(path: Address, direction: str, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    if isinstance(path, ServerAddress):
        _run_on_server(path, cfg, direction, revision)
        return
    with held_open(path):
        engine = migration_engine(path)
        try:
            with engine.connect() as conn:
                cfg.attributes["connection"] = conn
                getattr(command, direction)(cfg, revision)
                conn.commit()
        finally:
            engine.dispose()


def _run_on_server(address: ServerAddress, cfg: Config, direction: str, revision: str) -> None:
    """Migrate a server database in one transaction (PostgreSQL's DDL is transactional)."""
    from alembic import command

    from eunato_desk.core.storage.server import install_error_messages, make_engine

    engine = make_engine(address)
    install_error_messages(engine, address)
    try:
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            getattr(command, direction)(cfg, revision)
            conn.commit()
    finally:
        engine.dispose()
