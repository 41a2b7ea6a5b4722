"""The floor of the start-up: a bare PySide6 window that reads the newest 200 interactions
with ``sqlite3`` and shows them in a table, timed like ``bench/first_page.py``.

    python bench/bare_table.py --db PATH      (QT_QPA_PLATFORM=offscreen set by the caller)

The same rows as the application's first page (date, type, title, action numbers, countries,
organisations, status, newest first), in a ``QTableView`` over a ``QStandardItemModel`` in a
``QMainWindow``; no lock, no checks, no settings. Prints one JSON line (``first_page_s``,
``rows``, ``first_uuid``) once the window has painted its rows, then leaves (``os._exit``).
"""

from __future__ import annotations

import time

SPAWNED = time.time()

import json  # noqa: E402
import os  # noqa: E402
import sqlite3  # noqa: E402
import sys  # noqa: E402

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QStandardItem, QStandardItemModel  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView  # noqa: E402

ROWS = """
SELECT i.uuid, i.start_date, t.name, i.title,
  (SELECT group_concat(a.number, ', ') FROM interaction_action l JOIN action a
     ON a.id = l.action_id WHERE l.interaction_id = i.id),
  (SELECT group_concat(c.name, ', ') FROM interaction_country l JOIN country c
     ON c.id = l.country_id WHERE l.interaction_id = i.id),
  (SELECT group_concat(coalesce(nullif(o.acronym, ''), o.name), ', ')
     FROM interaction_organisation l JOIN organisation o ON o.id = l.organisation_id
     WHERE l.interaction_id = i.id),
  i.status
FROM interaction i JOIN interaction_type t ON t.id = i.type_id
WHERE i.deleted_at IS NULL
ORDER BY i.start_date DESC, i.start_time DESC, i.id DESC LIMIT 200
"""


def main() -> int:
    start = float(os.environ.get("BENCH_SPAWN_TIME", SPAWNED))
    path = sys.argv[sys.argv.index("--db") + 1]
    app = QApplication(sys.argv[:1])
    conn = sqlite3.connect(path)
    rows = conn.execute(ROWS).fetchall()
    conn.close()
    model = QStandardItemModel(len(rows), 7)
    model.setHorizontalHeaderLabels(
        ["Date", "Type", "Title", "Actions", "Countries", "Organisations", "Status"]
    )
    for r, row in enumerate(rows):
        for c, value in enumerate(row[1:]):
            model.setItem(r, c, QStandardItem("" if value is None else str(value)))
    window = QMainWindow()
    table = QTableView(window)
    table.setModel(model)
    window.setCentralWidget(table)
    window.resize(1360, 820)
    window.show()

    def painted() -> None:
        window.repaint()
        result = {
            "first_page_s": round(time.time() - start, 4),
            "rows": len(rows),
            "first_uuid": rows[0][0] if rows else None,
        }
        print(json.dumps(result), flush=True)
        os._exit(0)

    QTimer.singleShot(0, painted)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
