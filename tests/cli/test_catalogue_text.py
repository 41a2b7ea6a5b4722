"""`eunato-desk catalogue load-text` as a real subprocess: the preview, the dry run, the
count check, bad texts, the officer in the change log, the lock. The texts are the INVENTED
fixtures in tests/fixtures/official_texts (not the official wording)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from eunato_desk.cli.guard import writes
from eunato_desk.cli.main import build_parser
from eunato_desk.core.storage.lock import DatabaseLock
from tests.core.catalogue.test_official_text_load import ANNEX_2016, RELEASE_2017, dump
from tests.helpers import on_server, query


def upgraded(run_cli, db_path: Path) -> Path:  # type: ignore[no-untyped-def]
    assert run_cli("--db", db_path, "db", "upgrade").code == 0
    return db_path


def load(run_cli, db_path: Path, *args: object):  # type: ignore[no-untyped-def]
    return run_cli("--db", db_path, "catalogue", "load-text", *map(str, args))


def without_last_item(tmp_path: Path) -> Path:
    lines = ANNEX_2016.read_text(encoding="utf-8").splitlines()
    last = max(i for i, line in enumerate(lines) if line.startswith("•"))
    short = tmp_path / "short.txt"
    short.write_text("\n".join(lines[:last]) + "\n", encoding="utf-8")
    return short


def test_the_dry_run_prints_every_change_and_changes_nothing(run_cli, db_path: Path) -> None:
    upgraded(run_cli, db_path)
    before = dump(db_path)
    result = load(run_cli, db_path, ANNEX_2016, "--set", "2016", "--dry-run")
    assert result.code == 0, result
    lines = result.out.splitlines()
    assert lines[0] == (
        f"{ANNEX_2016}: 42 proposal(s) of the 2016 set in 7 area(s), read as UTF-8; actions 1–42."
    )
    assert "  area 2 Operational cooperation including maritime issues: 7, actions 11–17" in lines
    assert (
        "  action 11: title 'Title to be confirmed from the Council document' → 'Enhance "
        "cooperation and coordination at sea between Operation Sophia and Operation Sea "
        "Guardian'; area none → 2 Operational cooperation including maritime issues; also "
        "description, confidence, source"
    ) in lines
    assert sum(line.startswith("  action ") for line in lines) == 42
    assert "42 to update, 0 unchanged, 0 skipped." in lines
    assert any(line.startswith("  note: Left out 17 line(s) of page furniture") for line in lines)
    assert lines[-1] == "Dry run: nothing was changed."
    assert dump(db_path) == before
    assert on_server(db_path) or not (db_path.parent / "backups").exists()


def test_loading_applies_the_text_and_names_the_officer(run_cli, db_path: Path) -> None:
    upgraded(run_cli, db_path)
    result = load(run_cli, db_path, RELEASE_2017, "--set", "2017", "--officer", "Ana Officer")
    assert result.code == 0, result
    loaded = "Loaded the official 2017 text: 32 action(s) updated, 0 unchanged."
    if on_server(db_path):  # no file to back up: the server's administrators back it up
        assert result.out.splitlines()[-1] == loaded
    else:
        assert result.out.splitlines()[-1].startswith(
            f"{loaded} The database was backed up first to "
        )
    listed = json.loads(run_cli("--db", db_path, "actions", "list", "--format", "json").out)
    by_number = {a["number"]: a for a in listed}
    assert [by_number[n]["area_code"] for n in range(63, 75)] == [8] * 5 + [9] * 3 + [10] * 4
    assert by_number[71]["title"] == (
        "Ensure coherence between the EU work on military mobility and the relevant NATO work"
    )
    assert {by_number[n]["confidence"] for n in range(43, 75)} == {"confirmed"}
    officers = query(db_path, "SELECT DISTINCT officer, kind FROM action_change")
    assert officers == [("Ana Officer", "edit")]

    again = load(run_cli, db_path, RELEASE_2017, "--set", "2017")
    assert again.code == 0 and "0 to update, 32 unchanged, 0 skipped." in again.out
    assert "Nothing to change" in again.out


def test_a_count_mismatch_is_refused_in_one_sentence(
    run_cli, db_path: Path, tmp_path: Path
) -> None:
    upgraded(run_cli, db_path)
    short = without_last_item(tmp_path)
    before = dump(db_path)
    for extra in ((), ("--dry-run",)):
        result = load(run_cli, db_path, short, "--set", "2016", *extra)
        assert result.code == 1
        assert "The text holds 41 proposal(s) but the 2016 set has 42 (actions 1–42)." in result.out
        assert result.err.splitlines() == [
            f"{short}: The text holds 41 proposal(s) but the 2016 set has 42 (actions 1–42). "
            "Nothing was changed: check the preview, then accept this count to load them as "
            "actions 1–41 (--accept-count)."
        ]
    assert dump(db_path) == before

    accepted = load(run_cli, db_path, short, "--set", "2016", "--accept-count")
    assert accepted.code == 0, accepted
    assert "action 42 is not in the text (left as they are)" in accepted.out
    assert query(db_path, "SELECT confidence FROM action WHERE number = 42") == [
        ("to_be_confirmed",)
    ]


def test_the_wrong_set_is_refused(run_cli, db_path: Path) -> None:
    upgraded(run_cli, db_path)
    result = load(run_cli, db_path, ANNEX_2016, "--set", "2017")
    assert result.code == 1
    assert "never loaded" in result.err and len(result.err.splitlines()) == 1


def test_bad_texts_exit_1_with_a_message_and_change_nothing(
    run_cli, db_path: Path, tmp_path: Path
) -> None:
    upgraded(run_cli, db_path)
    before = dump(db_path)
    files = {
        "annex.pdf": (b"%PDF-1.5\n%binary", "this is a PDF document"),
        "list.csv": (b"number,set,title\n1,2016,A\n2,2016,B\n3,2016,C\n", "looks like a CSV file"),
        "news.txt": (b"NATO and the EU agreed today to deepen cooperation.\n", "no area headings"),
        "blob.bin": (b"\x00\x10\x00\x11" * 50, "binary data"),
        "empty.txt": (b"\n\n", "the file is empty"),
    }
    for name, (data, reason) in files.items():
        (tmp_path / name).write_bytes(data)
        result = load(run_cli, db_path, tmp_path / name, "--set", "2016")
        assert result.code == 1, result
        assert result.out == ""
        assert result.err.startswith(f"eunato-desk: error: {tmp_path / name}: ")
        assert reason in result.err and result.err.rstrip().endswith("Nothing was changed.")
        assert len(result.err.splitlines()) == 1
    missing = load(run_cli, db_path, tmp_path / "nope.txt", "--set", "2016")
    assert missing.code == 1 and "cannot read the file" in missing.err
    assert dump(db_path) == before


def test_a_windows_1252_text_loads_with_a_notice(run_cli, db_path: Path, tmp_path: Path) -> None:
    upgraded(run_cli, db_path)
    text = ANNEX_2016.read_text(encoding="utf-8").replace("•", "-")
    text = text.replace("Operation Sophia", "Opération Sophia")
    legacy = tmp_path / "annex-cp1252.txt"
    legacy.write_bytes(text.encode("cp1252"))
    result = load(run_cli, db_path, legacy, "--set", "2016", "--dry-run")
    assert result.code == 0, result
    assert "read as Windows-1252" in result.out
    assert "  note: The file is not UTF-8: it was read as Windows-1252" in result.out
    assert "'Enhance cooperation and coordination at sea between Opération Sophia" in result.out


def test_text_from_standard_input(run_cli, db_path: Path, tmp_path: Path) -> None:
    upgraded(run_cli, db_path)
    proc = subprocess.run(
        [sys.executable, "-m", "eunato_desk", "--db", str(db_path), "catalogue", "load-text",
         "-", "--set", "2017", "--dry-run"],
        input=RELEASE_2017.read_bytes(), capture_output=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode().startswith("standard input: 32 proposal(s) of the 2017 set")


@pytest.mark.backends("sqlite")  # the lock file of a database file
def test_loading_takes_the_lock_and_a_dry_run_does_not(run_cli, db_path: Path) -> None:
    upgraded(run_cli, db_path)
    parser = build_parser()
    command = ["catalogue", "load-text", str(ANNEX_2016), "--set", "2016"]
    assert writes(parser.parse_args(command), db_path) is True
    assert writes(parser.parse_args([*command, "--dry-run"]), db_path) is False
    before = dump(db_path)
    with DatabaseLock(db_path, purpose="EU-NATO Desk"):
        refused = load(run_cli, db_path, ANNEX_2016, "--set", "2016")
        dry = load(run_cli, db_path, ANNEX_2016, "--set", "2016", "--dry-run")
    assert refused.code == 1 and "is in use by EU-NATO Desk" in refused.err
    assert dry.code == 0 and dry.out.endswith("Dry run: nothing was changed.\n")
    assert dump(db_path) == before
