"""Schema migrations run by the app: inspect the revision, refuse newer schemas, upgrade."""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

from eunato_desk.core.errors import DatabaseError, SchemaTooNewError
from eunato_desk.core.storage.db import held_open, migration_engine
from eunato_desk.core.storage.paths import migrations_dir

if TYPE_CHECKING:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

# Alembic is imported only to migrate: it costs a fifth of a second at every start otherwise.
_REVISION_RE = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_RE = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def script_directory() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


@functools.lru_cache(maxsize=1)
def _revision_graph() -> dict[str, str | None]:
    """revision -> down_revision, read from the revision files' own assignments (a test
    checks it equals what Alembic reads)."""
    graph: dict[str, str | None] = {}
    for file in sorted(migrations_dir().joinpath("versions").glob("*.py")):
        text = file.read_text(encoding="utf-8")
        rev, down = _REVISION_RE.search(text), _DOWN_RE.search(text)
        if rev and down:
            graph[rev.group(1)] = down.group(1)
    return graph


def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - {d for d in graph.values() if d}
    return next(iter(heads)) if len(heads) == 1 else (script_directory().get_current_head() or "")


def known_revisions() -> set[str]:
    return set(_revision_graph())


def current_revision(path: Path) -> str | None:
    """The file's schema revision, read without writing; None for a new or blank database.
    Another application's file, or a damaged one, raises DatabaseError."""
    from eunato_desk.core.storage.dbfile import examine

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


def upgrade(path: Path, revision: str = "head") -> None:
    _run(path, "upgrade", revision)


def downgrade(path: Path, revision: str) -> None:
    _run(path, "downgrade", revision)


def _run(path: Path, direction: str, revision: str) -> None:
    from alembic import command

    cfg = alembic_config()
    with held_open(path):
        engine = migration_engine(path)
        try:
            with engine.connect() as conn:
                cfg.attributes["connection"] = conn
                getattr(command, direction)(cfg, revision)
                conn.commit()
        finally:
            engine.dispose()
