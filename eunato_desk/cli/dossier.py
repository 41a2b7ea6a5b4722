"""The `dossier` command: an action's or an area's dossier as .html, .odt or .pdf.

    eunato-desk dossier (--action N | --area CODE) -o FILE.html|.odt|.pdf [--force]

Never imports Qt itself: a .pdf loads the PDF writer (``documents.pdf``), which does.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eunato_desk.cli.options import Commands, Handler, output_options
from eunato_desk.core.analysis import history as action_history
from eunato_desk.core.storage.opening import open_database
from eunato_desk.documents.write import check_output, write_dossier


def register(commands: Commands) -> dict[str, Handler]:
    dos = commands.add("dossier", help="write an action's or an area's dossier (HTML, ODT or PDF)")
    which = dos.add_mutually_exclusive_group(required=True)
    which.add_argument("--action", type=int, metavar="N")
    which.add_argument("--area", type=int, metavar="CODE")
    output_options(dos)
    return {"dossier": cmd_dossier}


def cmd_dossier(args: argparse.Namespace, path: Path) -> int:
    # A bad suffix or a refused file is refused before the database is opened.
    check_output(args.output, database=path, force=args.force, field="-o")
    with open_database(path) as db:
        dossier = action_history.build_dossier(db, action_number=args.action, area_code=args.area)
    written = write_dossier(dossier, args.output, database=path, replace=args.force, field="-o")
    n = sum(len(s.history) for s in dossier.sections)
    print(f"Wrote {written} ({len(dossier.sections)} action(s), {n} interaction(s)).")
    return 0
