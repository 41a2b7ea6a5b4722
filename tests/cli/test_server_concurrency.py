"""Many officers writing to the team server at the same moment: every save a process was told
succeeded is in the database (counted by a connection of the test's own), none is refused
(a server has no lock file: each save is one transaction); and two edits from the same
version at once: one is saved, the other is refused with one sentence and changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from eunato_desk.core.listing import list_interactions
from eunato_desk.core.records import InteractionFilter
from tests.helpers import log, query

pytestmark = pytest.mark.backends("postgresql")

WRITERS = 8
SAVES = 25

# One officer's process: opens the database, says "ready", waits for "go" on its stdin (so
# that all of them start writing together), then saves SAVES interactions one by one and
# prints each saved interaction's UUID as the core acknowledges it.
WRITER = """
import datetime as dt, sys
from eunato_desk.core import interactions
from eunato_desk.core.records import InteractionInput, LinkInput
from eunato_desk.core.storage.address import parse_address
from eunato_desk.core.storage.opening import open_database

url, writer, saves = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
db = open_database(parse_address(url))
print("ready", flush=True)
sys.stdin.readline()
for n in range(saves):
    data = InteractionInput(
        title=f"Writer {writer} save {n}",
        type="Workshop",
        start_date=dt.date(2018, 1 + n % 12, 1 + writer),
        links=(LinkInput(1 + (writer + n) % 40),),
        organisations=("EEAS",),
    )
    saved = interactions.create_interaction(db, data, officer=f"Officer {writer}")
    print(saved.uuid, flush=True)
db.dispose()
"""


def _start(args: list[str], cwd: Path, **kwargs) -> subprocess.Popen[str]:  # type: ignore[no-untyped-def]
    return subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=cwd,
        env=dict(os.environ),
        **kwargs,
    )


def test_eight_writers_at_once_every_acknowledged_save_is_there(db, db_path, tmp_path) -> None:
    url = str(db_path)
    procs = [
        _start(
            [sys.executable, "-c", WRITER, url, str(w), str(SAVES)], tmp_path, stdin=subprocess.PIPE
        )
        for w in range(WRITERS)
    ]
    for proc in procs:  # every writer has its connection before any starts writing
        assert proc.stdout is not None and proc.stdout.readline() == "ready\n", proc.stderr
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.close()
    results = []
    for proc in procs:
        with proc:  # closes its pipes
            code = proc.wait(timeout=300)
            results.append((code, proc.stdout.read(), proc.stderr.read()))  # type: ignore[union-attr]

    acknowledged: dict[str, int] = {}
    for writer, (code, out, err) in enumerate(results):
        assert code == 0, err  # nothing refused: no lock file on a server
        uuids = out.split()
        assert len(uuids) == SAVES, (out, err)
        acknowledged.update((u, writer) for u in uuids)
    assert len(acknowledged) == WRITERS * SAVES  # every UUID different

    stored = dict(query(db_path, "SELECT uuid, created_by FROM interaction"))
    assert set(stored) == set(acknowledged)
    assert all(stored[u] == f"Officer {w}" for u, w in acknowledged.items())
    assert query(db_path, "SELECT count(*) FROM interaction_action") == [(WRITERS * SAVES,)]
    assert query(db_path, "SELECT count(*) FROM interaction_organisation") == [(WRITERS * SAVES,)]
    # Each save is one transaction in the history: one 'created' row per interaction, and
    # no two saves share a transaction number.
    created = query(
        db_path,
        "SELECT count(*), count(DISTINCT txn) FROM audit_log "
        "WHERE entity = 'interaction' AND field = 'created'",
    )
    assert created == [(WRITERS * SAVES, WRITERS * SAVES)]
    # and the application's own list finds every one of them by its words
    found = list_interactions(db, InteractionFilter(text="writer save"))
    assert {r.uuid for r in found} == set(acknowledged)


def _conflict(uuid: str, now: int, had: int, officer: str, stamp: str) -> str:
    when = f"{stamp[:10]} {stamp[11:16]} UTC"
    return (
        f"eunato-desk: error: Not saved: interaction {uuid} was changed after you read it "
        f"(now version {now}; you had version {had}), last edited by {officer} at {when}. "
        f"Run `eunato-desk show {uuid}` and edit again.\n"
    )


@pytest.mark.parametrize("rounds", [3])
def test_two_edits_at_the_same_version_at_once_the_second_is_refused(
    db, db_path, tmp_path, rounds
) -> None:
    import datetime as dt

    uuid = log(db, "Staff talks", dt.date(2018, 3, 1), [3], officer="Anna")
    command = [sys.executable, "-m", "eunato_desk", "--db", str(db_path), "edit", uuid]
    for version in range(1, rounds + 1):
        officers = (f"Ben {version}", f"Cleo {version}")
        procs = {
            officer: _start(
                [
                    *command,
                    "--outcome",
                    f"{officer}'s outcome",
                    "--if-version",
                    str(version),
                    "--officer",
                    officer,
                ],
                tmp_path,
                stdin=subprocess.DEVNULL,
            )
            for officer in officers
        }
        done = {o: (p.wait(timeout=120), *p.communicate()) for o, p in procs.items()}
        winners = [o for o, (code, _out, _err) in done.items() if code == 0]
        assert len(winners) == 1, done  # exactly one of the two saved
        (winner,) = winners
        (loser,) = set(officers) - {winner}
        stored = query(db_path, "SELECT outcome, version, updated_by, updated_at FROM interaction")
        assert stored[0][:3] == (f"{winner}'s outcome", version + 1, winner)
        code, out, err = done[loser]
        assert (code, out) == (1, ""), err
        assert err == _conflict(uuid, version + 1, version, winner, stored[0][3])
        assert len(err.strip().splitlines()) == 1
    # the history has one change of outcome per round, each by its winner
    changes = query(
        db_path,
        "SELECT officer FROM audit_log WHERE entity_uuid = ? AND field = 'outcome' ORDER BY id",
        uuid,
    )
    assert len(changes) == rounds
