"""Alembic environment. The app runs it programmatically (eunato_desk.core.storage.migrate), passing
its own connection; developers can also run `alembic -x db=PATH ...` (or `-x db=postgresql://...`
for a database on a server) with alembic.ini. One history for both: the revisions branch on
``op.get_bind().dialect.name`` where SQLite and PostgreSQL differ."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from eunato_desk.core.models import Base
from eunato_desk.core.storage.migrate import include_object, migration_engine_for

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        # SQLite cannot ALTER most things: rebuild tables instead (PostgreSQL: plain ALTERs)
        render_as_batch=True,
        compare_type=True,
        transactional_ddl=True,  # SQLite and PostgreSQL DDL: a migration is all or nothing
    )
    with context.begin_transaction():
        context.run_migrations()
        if connection.dialect.name == "sqlite":  # PostgreSQL checks foreign keys as it goes
            problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
            if problems:
                raise RuntimeError(f"migration left broken foreign keys: {problems[:5]}")


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    db = context.get_x_argument(as_dictionary=True).get("db")
    if not db:
        raise SystemExit("give the database: alembic -x db=PATH upgrade head")
    engine = migration_engine_for(db)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
