"""Loading an official text into the catalogue: preview (writes nothing), apply (one
transaction, links untouched, change log), count checks, undo. The texts are the INVENTED
fixtures in tests/fixtures/official_texts (not the official wording)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from eunato_desk.core.analysis.history import action_history
from eunato_desk.core.catalogue.edit import ActionEdit, renumber_action, update_action
from eunato_desk.core.catalogue.official_load import (
    apply_load,
    pasted_text,
    preview_load,
    read_text_file,
    undo_load,
)
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.storage.db import Database
from tests import helpers
from tests.helpers import log, query

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "official_texts"
ANNEX_2016 = FIXTURES / "invented-2016-style-council-annex.txt"
RELEASE_2017 = FIXTURES / "invented-2017-style-press-release.txt"
AREAS_2016 = [1] * 10 + [2] * 7 + [3] * 4 + [4] * 5 + [5] * 3 + [6] * 4 + [7] * 9
AREAS_2017 = [1] * 9 + [2] * 2 + [3] * 3 + [4, 5] + [6] * 2 + [7] * 2 + [8] * 5 + [9] * 3
AREAS_2017 += [10] * 4
DAY = dt.date(2026, 11, 30)


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (read by the database, never with Python file I/O)."""
    return helpers.dump(path)


def actions(path: Path, first: int = 1, last: int = 74) -> list[tuple]:
    return query(
        path,
        "SELECT a.number, a.title, a.description, r.code, a.set_year, a.confidence, "
        "a.source_note, a.status FROM action a LEFT JOIN area r ON r.id = a.area_id "
        "WHERE a.number BETWEEN ? AND ? ORDER BY a.status, a.number",
        first,
        last,
    )


def links_and_interactions(path: Path) -> tuple[list[tuple], list[tuple]]:
    return (
        query(path, "SELECT * FROM interaction_action ORDER BY interaction_id, action_id"),
        query(path, "SELECT * FROM interaction ORDER BY id"),
    )


def edited_text(path: Path, drop: int = 0, add: str = "") -> str:
    """The 2016 fixture without its last ``drop`` items, or with ``add`` as a last item."""
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for _ in range(drop):
        last = max(i for i, ln in enumerate(lines) if ln.startswith("•"))
        end = next((j for j in range(last + 1, len(lines)) if not lines[j].strip()), len(lines))
        del lines[last:end]
    if add:
        lines.append(f"•   {add}")
    return "\n".join(lines) + "\n"


def test_loading_the_2016_text_updates_actions_1_to_42_and_never_touches_links(
    db: Database, db_path: Path
) -> None:
    a = log(db, "Cross-briefing on StratCom", dt.date(2018, 3, 1), [3, 12], notes={3: "briefed"})
    b = log(db, "Staff talks on PACE", dt.date(2018, 4, 2), [40], notes={40: "pilot countries"})
    before = links_and_interactions(db_path)
    later_actions = actions(db_path, 43, 74)

    preview = preview_load(db, read_text_file(ANNEX_2016), 2016)
    assert (preview.found, preview.count_ok, preview.problems) == (42, True, ())
    assert [p.number for p in preview.to_update] == list(range(1, 43))
    receipt = apply_load(db, preview, "Ana Officer", day=DAY)

    rows = actions(db_path, 1, 42)
    assert [r[0] for r in rows] == list(range(1, 43))
    assert [r[3] for r in rows] == AREAS_2016
    assert [r[1] for r in rows] == [p.after.title for p in preview.planned]
    assert {r[4:] for r in rows} == {
        (2016, "confirmed", "official text (2016, loaded 2026-11-30 by Ana Officer)", "active")
    }
    assert rows[2][2].startswith("Strategic communication: Staff to cooperate on strategic")
    assert rows[7][2].endswith("\n– assessment of vulnerabilities to hybrid threats.")
    assert links_and_interactions(db_path) == before
    assert actions(db_path, 43, 74) == later_actions
    record, history = action_history(db, 12)
    assert record.title == "Share situational awareness in the Mediterranean, notably in the " \
        "framework of the SHADE MED forum"  # fmt: skip
    assert [h.interaction_uuid for h in history] == [a]
    three, history_3 = action_history(db, 3)
    assert three.title == preview.planned[2].after.title and three.confidence == "confirmed"
    assert [(h.interaction_uuid, h.note) for h in history_3] == [(a, "briefed")]
    forty, history_40 = action_history(db, 40)
    assert (forty.title, forty.area_code) == ("Work together on maritime security "
                                              "capacity-building with partners", 7)  # fmt: skip
    assert [(h.interaction_uuid, h.note) for h in history_40] == [(b, "pilot countries")]
    assert receipt.numbers == tuple(range(1, 43))
    if db.is_server:  # a server has no file to copy: its administrators back it up
        assert receipt.backup is None
    else:
        assert receipt.backup is not None and receipt.backup.exists()


def test_the_change_log_names_the_officer(db: Database, db_path: Path) -> None:
    apply_load(db, preview_load(db, read_text_file(ANNEX_2016), 2016), "Ana Officer")
    changes = query(
        db_path,
        "SELECT a.number, c.kind, c.detail, c.officer FROM action_change c "
        "JOIN action a ON a.id = c.action_id ORDER BY a.number",
    )
    assert [c[0] for c in changes] == list(range(1, 43))
    assert {(c[1], c[3]) for c in changes} == {("edit", "Ana Officer")}
    assert changes[7][2] == "official text (2016) loaded: title, description, confidence, source"
    assert changes[10][2].startswith("official text (2016) loaded: title, description, area")
    trail = query(
        db_path,
        "SELECT DISTINCT officer FROM audit_log WHERE entity = 'action' AND field = 'title'",
    )
    assert trail == [("Ana Officer",)]


def test_the_2017_text_gives_actions_43_to_74_with_the_new_areas(
    db: Database, db_path: Path
) -> None:
    first_set = actions(db_path, 1, 42)
    receipt = apply_load(db, preview_load(db, read_text_file(RELEASE_2017), 2017), "Ben")
    rows = actions(db_path, 43, 74)
    assert [r[0] for r in rows] == list(range(43, 75))
    assert [r[3] for r in rows] == AREAS_2017
    assert rows[0][2].splitlines() == [
        "Situational awareness: Staff to deepen the links between the counter-hybrid actors of "
        "the two organisations, including through regular meetings and the sharing of "
        "unclassified analysis:",
        "– methods for the use of open-source information;",
        "– a joint reading of the threat picture.",
    ]
    assert (
        rows[-1][1] == "Share information on the legal and regulatory aspects of military mobility"
    )
    assert actions(db_path, 1, 42) == first_set
    assert len(receipt.before) == 32


def test_the_preview_writes_nothing(db: Database, db_path: Path) -> None:
    log(db, "Workshop", dt.date(2018, 1, 5), [3])
    before = dump(db_path)
    preview = preview_load(db, read_text_file(ANNEX_2016), 2016)
    assert len(preview.to_update) == 42
    short = preview_load(db, pasted_text(edited_text(ANNEX_2016, drop=2)), 2016)
    assert short.found == 40
    assert dump(db_path) == before
    assert db.is_server or not (db_path.parent / "backups").exists()


def test_loading_the_same_text_again_changes_nothing(db: Database, db_path: Path) -> None:
    apply_load(db, preview_load(db, read_text_file(ANNEX_2016), 2016), "Ana")
    before = dump(db_path)
    again = preview_load(db, read_text_file(ANNEX_2016), 2016)
    assert (len(again.to_update), len(again.unchanged)) == (0, 42)
    receipt = apply_load(db, again, "Ana")
    assert receipt.before == ()
    assert (
        receipt.message() == "Nothing to change: 42 action(s) already hold this official 2016 text."
    )
    assert dump(db_path) == before


def test_a_count_mismatch_is_refused_unless_accepted(db: Database, db_path: Path) -> None:
    preview = preview_load(db, pasted_text(edited_text(ANNEX_2016, drop=2)), 2016)
    assert not preview.count_ok
    assert preview.count_message() == (
        "The text holds 40 proposal(s) but the 2016 set has 42 (actions 1–42)."
    )
    assert preview.missing == (41, 42)
    before = dump(db_path)
    with pytest.raises(ValidationError) as info:
        apply_load(db, preview, "Ana")
    assert "holds 40" in info.value.message and "Nothing was changed" in info.value.message
    assert dump(db_path) == before

    last_two = actions(db_path, 41, 42)
    apply_load(db, preview, "Ana", accept_count=True)
    assert {r[5] for r in actions(db_path, 1, 40)} == {"confirmed"}
    assert actions(db_path, 41, 42) == last_two


def test_more_items_than_the_set_is_always_refused(db: Database, db_path: Path) -> None:
    text = edited_text(ANNEX_2016, add="Staff to meet once more on everything.")
    preview = preview_load(db, pasted_text(text), 2016)
    assert preview.found == 43 and preview.planned[-1].skipped == "beyond the set"
    assert preview.problems[0].startswith("The text holds 43 proposals but the 2016 set has 42")
    assert preview.planned[-1].item.title == "Meet once more on everything"
    before = dump(db_path)
    for accept in (False, True):
        with pytest.raises(ValidationError) as info:
            apply_load(db, preview, "Ana", accept_count=accept)
        assert "never loaded" in info.value.message
    assert dump(db_path) == before


def test_a_retired_number_is_skipped_and_its_successor_left_alone(
    db: Database, db_path: Path
) -> None:
    renumber_action(db, 5, 80, officer="Ana")
    moved = actions(db_path, 80, 80)
    retired = query(db_path, "SELECT * FROM action WHERE number = 5")
    preview = preview_load(db, read_text_file(ANNEX_2016), 2016)
    skipped = preview.skipped
    assert [p.number for p in skipped] == [5]
    assert skipped[0].skipped == "action 5 is retired (its successor is action 80); update it " \
        "by hand if needed"  # fmt: skip
    assert "action 5: skipped: action 5 is retired" in "\n".join(preview.summary_lines())
    receipt = apply_load(db, preview, "Ana")
    assert receipt.skipped == (5,) and len(receipt.before) == 41
    assert query(db_path, "SELECT * FROM action WHERE number = 5") == retired
    assert actions(db_path, 80, 80) == moved


def test_undo_restores_the_previous_catalogue(db: Database, db_path: Path) -> None:
    log(db, "Workshop", dt.date(2018, 1, 5), [3, 40])
    catalogue = query(db_path, "SELECT * FROM action ORDER BY id")
    links = links_and_interactions(db_path)
    receipt = apply_load(db, preview_load(db, read_text_file(ANNEX_2016), 2016), "Ana")
    assert query(db_path, "SELECT * FROM action ORDER BY id") != catalogue

    result = undo_load(db, receipt, "Ana")
    assert result.numbers == tuple(range(1, 43))
    assert result.message() == "Official 2016 text load undone: 42 action(s) restored."
    assert query(db_path, "SELECT * FROM action ORDER BY id") == catalogue
    assert links_and_interactions(db_path) == links
    undone = query(
        db_path, "SELECT count(*), min(officer) FROM action_change WHERE detail = ?",
        "official text (2016) load undone",
    )  # fmt: skip
    assert undone == [(42, "Ana")]


def test_undo_is_refused_when_an_action_was_edited_since(db: Database, db_path: Path) -> None:
    receipt = apply_load(db, preview_load(db, read_text_file(ANNEX_2016), 2016), "Ana")
    update_action(db, 7, ActionEdit(title="Edited by hand", area_code=1), officer="Ben")
    before = dump(db_path)
    with pytest.raises(ValidationError) as info:
        undo_load(db, receipt)
    assert info.value.message == (
        "undo: action(s) 7 changed after the official text was loaded; undoing would lose "
        "those changes, so nothing was undone."
    )
    assert dump(db_path) == before


def test_a_heading_that_names_no_area_stops_the_load(db: Database, db_path: Path) -> None:
    text = read_text_file(ANNEX_2016).text.replace(
        "3. Cyber security and defence", "3. POLITICAL DIALOGUE"
    )
    preview = preview_load(db, pasted_text(text), 2016)
    assert len(preview.problems) == 1 and "'POLITICAL DIALOGUE'" in preview.problems[0]
    assert "names no area" in preview.refusal(accept_count=True)
    before = dump(db_path)
    with pytest.raises(ValidationError):
        apply_load(db, preview, "Ana", accept_count=True)
    assert dump(db_path) == before


def test_a_bad_text_is_refused_with_its_name_and_nothing_changes(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    before = dump(db_path)
    csv_file = tmp_path / "catalogue.csv"
    csv_file.write_text("number,set,area_code,title\n1,2016,1,A\n2,2016,1,B\n", encoding="utf-8")
    news = pasted_text("NATO and the EU agreed to deepen cooperation.\n\nMore news.\n", "news")
    for source, reason in ((read_text_file(csv_file), "CSV"), (news, "no area headings")):
        with pytest.raises(ValidationError) as info:
            preview_load(db, source, 2016)
        assert info.value.field == source.name and reason in info.value.message
    with pytest.raises(ValidationError) as info:
        preview_load(db, read_text_file(ANNEX_2016), 2018)
    assert info.value.field == "set"
    assert dump(db_path) == before
