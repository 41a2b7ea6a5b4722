"""A portable snapshot of a team server's database (``storage.snapshot``): a whole SQLite copy,
timestamped, in the backups folder of the user's data folder; nothing left on a failure."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from eunato_desk.core.errors import OperationCancelled
from eunato_desk.core.storage.address import ServerAddress
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.storage.paths import user_data_dir
from eunato_desk.core.storage.snapshot import snapshot_database
from tests.helpers import log, query


@pytest.fixture
def server_db(pg_cluster):  # type: ignore[no-untyped-def]
    db = open_database(ServerAddress.parse(pg_cluster.fresh_database()))
    yield db
    db.dispose()


def test_a_snapshot_is_a_whole_sqlite_copy_with_a_timestamped_name(server_db):
    uuid = log(server_db, "Staff talks on the handover", dt.date(2019, 3, 4), [5])
    when = dt.datetime(2024, 5, 6, 7, 8, 9)
    info = snapshot_database(server_db, now=when)
    name = server_db.address.database
    assert info.path == user_data_dir() / "backups" / f"eunato-{name}-20240506-070809.sqlite3"
    assert info.interactions == 1
    assert query(info.path, "SELECT uuid, title FROM interaction") == [
        (uuid, "Staff talks on the handover")
    ]
    assert query(info.path, "SELECT count(*) FROM action") == query(
        server_db, "SELECT count(*) FROM action"
    )
    assert sorted(os.listdir(info.path.parent)) == [info.path.name]  # no partial file left
    with open_database(info.path) as copy:  # it opens as any database file
        assert not copy.is_server
    again = snapshot_database(server_db, now=when)  # the same second: a second name
    assert again.path.name == f"eunato-{name}-20240506-070809-2.sqlite3"


def test_a_cancelled_snapshot_leaves_nothing(server_db, tmp_path):
    log(server_db, "Kept on the server", dt.date(2019, 3, 4))
    folder = tmp_path / "snaps"
    with pytest.raises(OperationCancelled):
        snapshot_database(server_db, folder, cancelled=lambda: True)
    assert os.listdir(folder) == []
