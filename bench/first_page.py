"""One fresh application process, timed from its start to the interaction list's first page.

    python bench/first_page.py --db PATH      (QT_QPA_PLATFORM=offscreen set by the caller)

Runs the application as ``eunato-desk --db PATH`` does (``eunato_desk.__main__.main``: the
argument parser, the start-up path of ``ui.app``, the real ``MainWindow``), with the officer's
name already set (the caller's settings file) so no question is asked. As soon as the list
shows rows, it paints the window; it prints one JSON line: ``first_page_s`` (from
``BENCH_SPAWN_TIME``, the parent's clock just before it started this process, else this
script's start), ``rows``, ``first_uuid``, and ``modules`` (how many modules were imported
by then; ``sqlalchemy``: whether SQLAlchemy was among them; with ``--modules``, ``imported``:
their names, for the import-budget test), and ``complete_s``: when the window is complete
(the database open for use, every view and menu built). It then leaves at once
(``os._exit``). Exit 1 with a message if no row shows within ``--timeout`` seconds.

Only the QApplication is made here, before the application's own code runs (the app uses
the one that exists), so that a timer can watch for the first rows.
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
    parser.add_argument(
        "--modules", action="store_true", help="also list every module imported by then"
    )
    args = parser.parse_args()
    start = float(os.environ.get("BENCH_SPAWN_TIME", SPAWNED))

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])

    result: dict = {}

    def check() -> None:
        for widget in app.topLevelWidgets():
            view = getattr(widget, "interactions_view", None)
            if view is None or not widget.isVisible() or view.model.rowCount() == 0:
                continue
            if not result:
                from eunato_desk.ui.interactions.table_model import UUID_ROLE

                first = view.model.data(view.model.index(0, 0), UUID_ROLE)
                widget.repaint()  # paint now: the visible rows are drawn from that page
                result.update(
                    first_page_s=round(time.time() - start, 4),
                    rows=view.model.rowCount(),
                    first_uuid=first,
                    modules=len(sys.modules),
                    sqlalchemy="sqlalchemy" in sys.modules,
                )
                if args.modules:
                    result["imported"] = sorted(sys.modules)
            if widget.complete:  # every view, controller and menu built: the window works
                result["complete_s"] = round(time.time() - start, 4)
                print(json.dumps(result), flush=True)
                os._exit(0)

    watch = QTimer(app)
    watch.timeout.connect(check)
    watch.start(2)  # ms: often enough, without taking the start-up's thread

    def give_up() -> None:
        print(f"first_page: no row within {args.timeout:g} s", file=sys.stderr, flush=True)
        os._exit(1)

    QTimer.singleShot(int(args.timeout * 1000), give_up)
    from eunato_desk.__main__ import main as app_main

    return app_main(["--db", str(args.db)])


if __name__ == "__main__":
    sys.exit(main())
