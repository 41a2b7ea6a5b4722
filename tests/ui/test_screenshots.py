"""Screenshots of each screen, written under the test run's temporary directory so a person
can look at them (the path is printed). The test checks they show real content."""

from __future__ import annotations

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from eunato_desk.core.demo import generate_demo_data


def _distinct_colours(path) -> int:  # type: ignore[no-untyped-def]
    image = QImage(str(path))
    step = 7
    return len(
        {
            image.pixel(x, y)
            for x in range(0, image.width(), step)
            for y in range(0, image.height(), step)
        }
    )


def test_screenshots_of_every_screen(db, make_window, settle, screenshot_dir, monkeypatch, qtbot):
    empty = make_window()
    empty.grab().save(str(screenshot_dir / "empty-state.png"))
    empty.close()

    generate_demo_data(db, 600, seed=2)
    window = make_window()
    view = window.interactions_view
    view.table.selectRow(3)
    settle(window)
    window.grab().save(str(screenshot_dir / "interactions.png"))

    view.open_current()
    settle(window)
    qtbot.waitUntil(
        lambda: window.interactions.editor is not None and window.interactions.editor.isVisible()
    )
    window.interactions.editor.grab().save(str(screenshot_dir / "editor.png"))
    window.interactions.editor.reject()

    window.show_view("Actions")
    window.actions_view.filter_edit.setText("hybrid")
    window.grab().save(str(screenshot_dir / "actions.png"))

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.show_view("Interactions")
    view.table.selectRow(0)
    window.delete_selected()
    settle(window)
    window.show_view("Trash")
    window.trash_view.table.selectRow(0)
    settle(window)
    window.grab().save(str(screenshot_dir / "trash.png"))

    window.show_view("Dashboard")
    window.dashboard_view.year.set_key(2018)
    settle(window)
    window.grab().save(str(screenshot_dir / "dashboard-2018.png"))

    window.show_view("Reference data")
    settle(window)
    window.grab().save(str(screenshot_dir / "reference-data.png"))

    box = window.show_shortcuts()
    qtbot.waitUntil(box.isVisible)
    box.grab().save(str(screenshot_dir / "shortcuts-dialog.png"))
    box.close()

    window.safety.backup_now()
    settle(window)
    window.safety.restore()
    settle(window)
    window.safety.restore_dialog.grab().save(str(screenshot_dir / "restore-dialog.png"))
    window.safety.restore_dialog.reject()

    print(f"\nscreenshots in {screenshot_dir}")
    for name in ("empty-state", "interactions", "editor", "actions", "trash", "dashboard-2018",
                 "reference-data"):  # fmt: skip
        path = screenshot_dir / f"{name}.png"
        image = QImage(str(path))
        assert image.width() >= 1000 and image.height() >= 600, name
        assert _distinct_colours(path) > 8, f"{name}.png looks blank"
    for name in ("shortcuts-dialog", "restore-dialog"):
        assert _distinct_colours(screenshot_dir / f"{name}.png") > 8, f"{name}.png looks blank"
