"""`eunato-desk followups` and `eunato-desk dossier` as real subprocesses."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

import pytest

from eunato_desk.core import follow_ups
from tests.helpers import on_server, open_db


def _log(run_cli, db_path, title, date, *actions):  # type: ignore[no-untyped-def]
    if not on_server(db_path) and not db_path.exists():
        assert run_cli("--db", db_path, "db", "upgrade").code == 0
    args = ["--db", db_path, "log", "--title", title, "--date", date, "--type", "Workshop"]
    for n in actions:
        args += ["--action", str(n)]
    result = run_cli(*args)
    assert result.code == 0, result
    return result.out.strip()


def test_followups_overdue_first_and_filters(run_cli, db_path):

    uuid = _log(run_cli, db_path, "Cross-briefing", "2018-01-10", 3)
    db = open_db(db_path, create=True)
    try:
        follow_ups.add_follow_up(db, uuid, "far future", due_date=dt.date(2099, 1, 1))
        follow_ups.add_follow_up(
            db, uuid, "long overdue", owner="Ben", due_date=dt.date(2018, 2, 1), action_number=3
        )
        done = follow_ups.add_follow_up(db, uuid, "already done")
        follow_ups.set_follow_up_done(db, done.uuid)
    finally:
        db.dispose()
    result = run_cli("--db", db_path, "followups", "--format", "json")
    assert result.code == 0, result
    rows = json.loads(result.out)
    assert [(r["text"], r["overdue"], r["action"]) for r in rows] == [
        ("long overdue", True, 3),
        ("far future", False, None),
    ]
    overdue = json.loads(run_cli("--db", db_path, "followups", "--overdue", "--format", "json").out)
    assert [r["text"] for r in overdue] == ["long overdue"]
    everything = json.loads(run_cli("--db", db_path, "followups", "--all", "--format", "json").out)
    assert sorted(r["text"] for r in everything) == ["already done", "far future", "long overdue"]
    table = run_cli("--db", db_path, "followups")
    assert "long overdue" in table.out and "(2 rows)" in table.out


def test_dossier_html_odt_and_bad_input(run_cli, db_path, tmp_path):
    _log(run_cli, db_path, "Second meeting", "2018-05-01", 43)
    _log(run_cli, db_path, "First meeting", "2017-05-01", 43, 44)
    html = tmp_path / "d.html"
    result = run_cli("--db", db_path, "dossier", "--action", "43", "-o", html)
    assert result.code == 0, result
    assert "(1 action, 2 interactions; all dates; marking UNCLASSIFIED)" in result.out
    text = html.read_text(encoding="utf-8")
    assert text.index("First meeting") < text.index("Second meeting")

    odt = tmp_path / "area.odt"
    result = run_cli("--db", db_path, "dossier", "--area", "1", "-o", odt)
    assert result.code == 0, result
    with zipfile.ZipFile(odt) as z:
        assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        content = z.read("content.xml").decode()
    assert content.index("First meeting") < content.index("Second meeting")

    bad = run_cli("--db", db_path, "dossier", "--action", "43", "-o", tmp_path / "d.docx")
    assert bad.code == 1 and "choose .html, .odt or .pdf" in bad.err
    assert not (tmp_path / "d.docx").exists()
    missing = run_cli("--db", db_path, "dossier", "--action", "999", "-o", html, "--force")
    assert missing.code == 1 and "no action number 999" in missing.err
    usage = run_cli("--db", db_path, "dossier", "--action", "43", "--area", "1", "-o", html)
    assert usage.code == 2


@pytest.mark.needs_qt
def test_dossier_pdf(run_cli, db_path, tmp_path):
    _log(run_cli, db_path, "Only meeting", "2018-05-01", 1)
    pdf = tmp_path / "d.pdf"
    result = run_cli("--db", db_path, "dossier", "--action", "1", "-o", pdf)
    assert result.code == 0, result
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and b"/Type /Page" in data and data.rstrip().endswith(b"%%EOF")
