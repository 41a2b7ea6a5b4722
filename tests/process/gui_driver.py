"""Drives the real application in its own process, for the process-level tests.

Run as ``python gui_driver.py DB``: it starts the GUI through the application's own start-up
path (``eunato_desk.ui.app.start_gui``: storage warning, lock, open checks, deep check as the
writer's first job), then reads one command per line on stdin and answers one line on stdout
when the command has finished in the GUI:

    check            Tools > Check database          -> "checked ok" / "checked problems"
    backup           File > Back up now              -> "backed-up NAME"
    autobackup       the 30-minute timer, forced     -> "auto-backup NAME|none"
    backups          File > Restore from backup…     -> "backups N" (the dialog is closed)
    save TITLE       Ctrl+N, fill in, Ctrl+Return    -> "saved UUID" / "failed MESSAGE"
    pid              the process id                   -> "pid N"

Errors shown in message boxes are echoed as "error TEXT" lines as they appear.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox


def say(text: str) -> None:
    os.write(1, (text.replace("\n", " ") + "\n").encode())


class Driver:
    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        self.window = window
        self.buffer = b""
        self.notifier = QSocketNotifier(0, QSocketNotifier.Type.Read)
        self.notifier.activated.connect(self.read)
        self.boxes_seen: set[int] = set()
        self.timer = QTimer(interval=50)
        self.timer.timeout.connect(self.echo_message_boxes)
        self.timer.start()

    def echo_message_boxes(self) -> None:
        for widget in QApplication.topLevelWidgets():
            shown = isinstance(widget, QMessageBox) and widget.isVisible()
            if shown and id(widget) not in self.boxes_seen:
                self.boxes_seen.add(id(widget))
                say(f"error {widget.windowTitle()}: {widget.text()}")

    def read(self) -> None:
        chunk = os.read(0, 4096)
        if not chunk:
            self.notifier.setEnabled(False)
            return
        self.buffer += chunk
        while b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            self.run(line.decode().strip())

    def when_idle(self, then) -> None:  # type: ignore[no-untyped-def]
        """Call ``then`` once the database worker has finished everything queued."""

        def poll() -> None:
            if self.window.executor.busy:
                QTimer.singleShot(20, poll)
            else:
                then()

        QTimer.singleShot(20, poll)

    def run(self, line: str) -> None:
        command, _, arg = line.partition(" ")
        safety = self.window.safety
        if command == "pid":
            say(f"pid {os.getpid()}")
        elif command == "check":
            safety.check_database()
            self.when_idle(
                lambda: say(
                    "checked ok"
                    if safety.last_check and safety.last_check.ok
                    else "checked problems"
                )
            )
        elif command == "backup":
            self.window.statusBar().clearMessage()
            safety.backup_now()
            self.when_idle(lambda: say(f"backed-up {self.window.statusBar().currentMessage()}"))
        elif command == "autobackup":
            safety.marker = -1  # as if changes had been made since the last backup
            safety.auto_backup()
            self.when_idle(lambda: say(f"auto-backup {self.window.statusBar().currentMessage()}"))
        elif command == "backups":
            safety.restore()  # the backups are listed on the worker, then the dialog shows

            def listed() -> None:
                dialog = safety.restore_dialog
                rows = dialog.table.rowCount()
                dialog.reject()
                say(f"backups {rows}")

            self.when_idle(listed)
        elif command == "save":
            self.save(arg)
        else:
            say(f"unknown {command}")

    def save(self, title: str) -> None:
        editor = self.window.interactions.new_interaction()
        editor.title.setText(title)
        editor.type.setCurrentText("Workshop")
        editor.date.setText("2019-03-04")
        outcome: list[str] = []
        editor.saved.connect(lambda record: outcome.append(f"saved {record.uuid}"))

        def finished() -> None:
            if outcome:
                say(outcome[0])
                return
            shown = [
                label.text()
                for label in editor.findChildren(QLabel)
                if label.objectName() in ("fieldMessage", "banner") and label.text()
            ]
            say(f"failed {' | '.join(shown)}")
            editor.done(0)

        editor.save()
        self.when_idle(lambda: QTimer.singleShot(50, finished))


def main() -> int:
    from eunato_desk.ui.app import start_gui

    started = start_gui(Path(sys.argv[1]))
    if started is None:
        say("not-started")
        return 1
    app, window, finish = started
    driver = Driver(window)
    window.executor.wait_idle()
    driver.when_idle(lambda: say("ready"))
    code = app.exec()
    finish()
    return code


if __name__ == "__main__":
    sys.exit(main())
