"""The one Alembic history on PostgreSQL: the stairway (up, down, up for every revision), the
models against the migrated schema, and the server-only objects each revision owns."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from eunato_desk.core.models import Base
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.address import parse_address
from eunato_desk.core.storage.server import make_engine
from tests.helpers import query

TABLES = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
FUNCTIONS = (
    "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
    "WHERE n.nspname = 'public'"
)
TRIGGERS = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"


def _shape(url: str) -> tuple[set, set, set, list]:
    version = [r[0] for r in query(url, "SELECT version_num FROM alembic_version")] if (
        ("alembic_version",) in query(url, TABLES)
    ) else []  # fmt: skip
    return (
        {r[0] for r in query(url, TABLES)} - {"alembic_version"},  # Alembic keeps it at base
        {r[0] for r in query(url, FUNCTIONS)},
        {r[0] for r in query(url, TRIGGERS)},
        version,
    )


def test_stairway_up_down_up_for_every_revision_on_a_server(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    url = pg_cluster.fresh_database(upgraded=False)
    address = parse_address(url)
    script = migrate.script_directory()
    revisions = [r.revision for r in reversed(list(script.walk_revisions()))]
    for rev in revisions:
        before = _shape(url)
        migrate.upgrade(address, rev)
        at_rev = _shape(url)
        assert at_rev[3] == [rev]
        down = script.get_revision(rev).down_revision or "base"
        migrate.downgrade(address, down)
        assert _shape(url) == before, f"downgrade from {rev} left something behind"
        migrate.upgrade(address, rev)
        assert _shape(url) == at_rev, f"re-upgrade to {rev} differs"
    _tables, functions, triggers, version = _shape(url)
    assert version == [migrate.head_revision()]
    assert {"casefold", "group_concat", "eunato_fold", "audit_txn"} <= functions
    assert "audit_interaction_update" in triggers


def test_models_match_the_migrated_schema_on_a_server(pg_cluster) -> None:  # type: ignore[no-untyped-def]
    address = parse_address(pg_cluster.fresh_database())
    engine = make_engine(address)  # type: ignore[arg-type]
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "include_object": migrate.include_object}
            )
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    listing = "\n".join(repr(d) for d in diff)
    assert diff == [], f"models and migrated schema differ on PostgreSQL:\n{listing}"
