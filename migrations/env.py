"""Alembic environment. The app runs it programmatically (eunato_desk.core.storage.migrate), passing
its own connection; developers can also run `alembic -x db=PATH ...` with alembic.ini."""

from __future__ import annotations

from alembic import context
from sqlalchemy import text

from eunato_desk.core.models import Base
from eunato_desk.core.search.schema import include_object
from eunato_desk.core.storage.db import migration_engine

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=True,  # SQLite cannot ALTER most things: rebuild tables instead
        compare_type=True,
        transactional_ddl=True,  # SQLite DDL is transactional: a migration is all or nothing
    )
    with context.begin_transaction():
        context.run_migrations()
        problems = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
        if problems:
            raise RuntimeError(f"migration left broken foreign keys: {problems[:5]}")


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from pathlib import Path

    db = context.get_x_argument(as_dictionary=True).get("db")
    if not db:
        raise SystemExit("give the database: alembic -x db=PATH upgrade head")
    engine = migration_engine(Path(db))
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()
