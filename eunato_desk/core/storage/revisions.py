"""The schema revisions this version knows, read from the migration files' own
``revision = ...`` and ``down_revision = ...`` lines, without importing Alembic (it costs a
fifth of a second): opening a database compares its revision with the head, and Alembic is
imported only when an upgrade is due (``storage.migrate``). A test checks that this graph is
the one Alembic reads. In a bundle the migration files travel inside the folder, so the head
is the one the bundle was built with."""

from __future__ import annotations

import functools
import re

from eunato_desk.core.storage.paths import migrations_dir

_REVISION_RE = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_RE = re.compile(r"^down_revision\s*=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


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
    if len(heads) != 1:
        raise RuntimeError(f"the migrations have {len(heads)} heads: {sorted(heads)}")
    return next(iter(heads))


def known_revisions() -> set[str]:
    return set(_revision_graph())
