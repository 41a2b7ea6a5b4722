"""Schema migrations: empty to head, the stairway, models vs schema, refusing what must not be
touched, and the backup taken before an upgrade."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from eunato_desk.core.errors import DatabaseError, SchemaTooNewError
from eunato_desk.core.interactions import create_interaction, get_interaction
from eunato_desk.core.models import Base
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.search.schema import include_object, is_search_table
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.backup import quick_check
from eunato_desk.core.storage.opening import open_database


def revisions_in_order() -> list[str]:
    """Every revision from the first to head (walk_revisions goes head first)."""
    revs = [r.revision for r in migrate.script_directory().walk_revisions("base", "heads")]
    return list(reversed(revs))


def down_of(revision: str) -> str:
    down = migrate.script_directory().get_revision(revision).down_revision
    assert not isinstance(down, tuple), f"revision {revision} is a merge point: {down}"
    return down or "base"


def version_in_file(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
    finally:
        conn.close()


def user_tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
            if not is_search_table(r[0])
        }
    finally:
        conn.close()


def model_tables() -> set[str]:
    return set(Base.metadata.tables)


def fingerprint(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return hashlib.sha256(path.read_bytes()).hexdigest(), st.st_size, st.st_mtime_ns


def sidecars(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-")}


def test_the_revision_history_is_a_single_line() -> None:
    script = migrate.script_directory()
    assert len(script.get_heads()) == 1, f"more than one head: {script.get_heads()}"
    revs = revisions_in_order()
    assert revs, "no revisions found"
    assert revs[-1] == migrate.head_revision()
    assert down_of(revs[0]) == "base"


def test_empty_file_upgrades_to_head(db_path: Path) -> None:
    migrate.upgrade(db_path)

    assert version_in_file(db_path) == [migrate.head_revision()]
    assert user_tables(db_path) == model_tables() | {"alembic_version"}


def test_stairway_up_down_up_for_every_revision(db_path: Path) -> None:
    for rev in revisions_in_order():
        migrate.upgrade(db_path, rev)
        assert version_in_file(db_path) == [rev]
        tables_at_rev = user_tables(db_path)

        down = down_of(rev)
        migrate.downgrade(db_path, down)
        assert version_in_file(db_path) == ([] if down == "base" else [down]), (
            f"downgrade from {rev}"
        )

        migrate.upgrade(db_path, rev)
        assert version_in_file(db_path) == [rev], f"re-upgrade to {rev}"
        assert user_tables(db_path) == tables_at_rev, f"tables differ after re-upgrade to {rev}"
    assert version_in_file(db_path) == [migrate.head_revision()]


def test_models_match_the_migrated_schema(db_path: Path) -> None:
    migrate.upgrade(db_path)
    engine = create_engine(f"sqlite+pysqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    "render_as_batch": True,
                    "include_object": include_object,
                },
            )
            diff = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    listing = "\n".join(repr(d) for d in diff)
    assert diff == [], f"models and migrated schema differ:\n{listing}"


def sample_input() -> InteractionInput:
    return InteractionInput(
        title="Cross-briefing on hybrid threats",
        type="Cross-briefing",
        start_date=dt.date(2018, 5, 14),
        links=(LinkInput(1, "first note"), LinkInput(43, "")),
        countries=("Tunisia",),
        organisations=("EEAS", "NATO IS"),
        summary="Both staffs presented their work.",
    )


def link_rows(path: Path, uuid: str) -> list[tuple[int, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT a.number, ia.note FROM interaction_action ia "
            "JOIN interaction i ON i.id = ia.interaction_id "
            "JOIN action a ON a.id = ia.action_id WHERE i.uuid = ? ORDER BY a.number",
            (uuid,),
        ).fetchall()
    finally:
        conn.close()


def test_data_survives_reopening_and_upgrades_from_every_older_revision(db_path: Path) -> None:
    db = open_database(db_path, create=True)
    try:
        created = create_interaction(db, sample_input(), officer="Officer A")
    finally:
        db.dispose()
    expected_links = [(1, "first note"), (43, "")]
    assert link_rows(db_path, created.uuid) == expected_links

    older = revisions_in_order()[:-1]
    for rev in [None, *reversed(older)]:
        if rev is not None:
            migrate.downgrade(db_path, rev)
            assert version_in_file(db_path) == [rev]
        db = open_database(db_path, create=True)
        try:
            again = get_interaction(db, created.uuid)
        finally:
            db.dispose()
        assert version_in_file(db_path) == [migrate.head_revision()]
        assert again.title == created.title
        assert again.start_date == dt.date(2018, 5, 14)
        assert again.countries == ("Tunisia",)
        assert again.organisations == ("EEAS", "NATO IS")
        assert [(lk.number, lk.note) for lk in again.links] == expected_links
        assert link_rows(db_path, created.uuid) == expected_links


def test_a_database_from_a_newer_app_is_refused_and_untouched(db_path: Path) -> None:
    open_database(db_path, create=True).dispose()
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = 'ffff_future'")
    conn.commit()
    conn.close()
    before_sidecars = sidecars(db_path)
    assert before_sidecars == set(), f"closing left files behind: {before_sidecars}"
    before = fingerprint(db_path)

    with pytest.raises(SchemaTooNewError) as info:
        open_database(db_path, create=True)

    assert "ffff_future" in info.value.message
    assert "newer version" in info.value.message
    assert fingerprint(db_path) == before
    assert sidecars(db_path) == set(), "opening a refused database created -wal/-shm files"
    assert not (db_path.parent / "backups").exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"This is a plain text file, not a database.\n" * 20],
    ids=["zero-length", "text-file"],
)
def test_a_file_that_is_not_a_database_is_refused_and_untouched(
    db_path: Path, content: bytes
) -> None:
    db_path.write_bytes(content)
    before = fingerprint(db_path)

    with pytest.raises(DatabaseError) as info:
        open_database(db_path, create=True)

    assert not isinstance(info.value, SchemaTooNewError)
    assert str(db_path) in info.value.message
    assert fingerprint(db_path) == before
    assert db_path.read_bytes() == content
    assert sidecars(db_path) == set()
    assert not (db_path.parent / "backups").exists()


def test_an_sqlite_file_of_another_application_is_refused_and_untouched(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO recipes (name) VALUES ('soup')")
    conn.commit()
    conn.close()
    before = fingerprint(db_path)

    with pytest.raises(DatabaseError) as info:
        open_database(db_path, create=True)

    assert str(db_path) in info.value.message
    assert fingerprint(db_path) == before
    assert user_tables(db_path) == {"recipes"}


def test_an_older_database_is_backed_up_before_it_is_upgraded(db_path: Path) -> None:
    revs = revisions_in_order()
    if len(revs) < 2:
        pytest.skip(
            "only one schema revision exists, so no database can be older than head; "
            "this test runs once a second revision is added"
        )
    first = revs[0]
    db = open_database(db_path, create=True)
    try:
        created = create_interaction(db, sample_input())
    finally:
        db.dispose()
    migrate.downgrade(db_path, first)
    assert version_in_file(db_path) == [first]
    backups = db_path.parent / "backups"
    assert not backups.exists()

    open_database(db_path, create=True).dispose()

    assert version_in_file(db_path) == [migrate.head_revision()]
    files = sorted(backups.iterdir())
    assert len(files) == 1, files
    backup = files[0]
    assert first in backup.name
    assert not backup.name.endswith(".partial")
    assert quick_check(backup) == "ok"
    conn = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(first,)]
        assert conn.execute(
            "SELECT title FROM interaction WHERE uuid = ?", (created.uuid,)
        ).fetchall() == [(created.title,)]
        assert conn.execute("SELECT count(*) FROM action").fetchone() == (74,)
    finally:
        conn.close()


def test_opening_a_database_at_head_takes_no_backup(db_path: Path) -> None:
    open_database(db_path, create=True).dispose()
    open_database(db_path, create=True).dispose()
    assert not (db_path.parent / "backups").exists()
    assert version_in_file(db_path) == [migrate.head_revision()]


def test_the_quick_revision_reader_agrees_with_alembic() -> None:
    script = migrate.script_directory()
    assert migrate.head_revision() == script.get_current_head()
    assert migrate.known_revisions() == {r.revision for r in script.walk_revisions()}


def test_a_page_s_link_notes_are_read_through_the_index_of_noted_links(db_path: Path) -> None:
    """Revision 0011: the notes of a page of interactions (the export's, the record's) are
    read from the partial index of the links that have a note, not from every link."""
    from eunato_desk.core.projection_sql import NOTES

    db = open_database(db_path, create=True)
    try:
        form = InteractionInput(
            title="Notes", type="Workshop", start_date=dt.date(2018, 5, 3),
            links=(LinkInput(70), LinkInput(43, "second"), LinkInput(3, "first")),
        )  # fmt: skip
        create_interaction(db, form)
    finally:
        db.dispose()
    with sqlite3.connect(db_path) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM interaction")]
        sql = NOTES.replace(":ids", f"({', '.join('?' * len(ids))})")
        plan = " | ".join(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", ids))
        notes = [(number, note) for _i, number, _t, _c, note, _u in conn.execute(sql, ids)]
    conn.close()
    assert "SEARCH l USING INDEX ix_interaction_action_noted (interaction_id=?)" in plan, plan
    assert notes == [(3, "first"), (43, "second")]
