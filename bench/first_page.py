"""One fresh application process, timed from its start to the interaction list's first page.

    python bench/first_page.py --db PATH      (QT_QPA_PLATFORM=offscreen set by the caller)

Builds the real ``eunato_desk.ui.main_window.MainWindow`` (as ``eunato-desk`` does, minus the
first-run name question), shows it, and as soon as the interactions model has rows, paints
the window (which fetches the first page of rows into the table) and prints one JSON line
(``first_page_s``, ``rows``, ``pages_fetched``, and the split: ``imports_s``, ``opened_s``,
``window_s``), the times counted from ``BENCH_SPAWN_TIME`` (the parent's wall clock just
before it started this process), or from this script's start. Then it leaves at once
(``os._exit``), skipping the teardown.
Exit 1 with a message if no row shows within ``--timeout`` seconds.
"""

from __future__ import annotations

import time

SPAWNED = time.time()

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    start = float(os.environ.get("BENCH_SPAWN_TIME", SPAWNED))

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from eunato_desk.core.storage.opening import open_database
    from eunato_desk.ui.app import configure_application
    from eunato_desk.ui.main_window import MainWindow

    imported = time.time() - start
    app = QApplication(sys.argv[:1])
    configure_application(app)
    db = open_database(args.db, defer_deep_check=True, create=True)  # as `eunato-desk` opens it
    opened = time.time() - start
    window = MainWindow(db, ask_name=False, deep_check=True)
    window.show_view("Interactions")
    window.show()
    built = time.time() - start
    model = window.interactions_view.model

    def check() -> None:
        if model.rowCount() == 0:
            return
        model.data(model.index(0, 0))  # the first page of rows, as the table asks for it
        window.repaint()  # paint now: the visible rows are drawn from that page
        result = {
            "first_page_s": round(time.time() - start, 4),
            "rows": model.rowCount(),  # the first page; the other ids follow
            "total": window.interactions_view.total,
            "pages_fetched": model.pages_fetched,
            "imports_s": round(imported, 4),
            "opened_s": round(opened, 4),
            "window_s": round(built, 4),
        }
        print(json.dumps(result), flush=True)
        os._exit(0)

    model.modelReset.connect(lambda: QTimer.singleShot(0, check))

    def give_up() -> None:
        print(f"first_page: no row within {args.timeout:g} s", file=sys.stderr, flush=True)
        os._exit(1)

    QTimer.singleShot(int(args.timeout * 1000), give_up)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
