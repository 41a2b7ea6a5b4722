"""The `dossier` command: an action's or an area's dossier as .html, .odt or .pdf.

    eunato-desk dossier (--action N | --area CODE) [--from D --to D] [--officer NAME]
                        -o FILE.html|.odt|.pdf [--force]

Never imports Qt itself: a .pdf loads the PDF writer (``documents.pdf``), which does.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eunato_desk.cli.arguments import date_range
from eunato_desk.cli.options import UsageError
from eunato_desk.cli.output import progress
from eunato_desk.core import settings as user_settings
from eunato_desk.core.analysis import history as action_history
from eunato_desk.core.storage.opening import open_database
from eunato_desk.documents.text import plural
from eunato_desk.documents.write import check_output, write_dossier


def cmd_dossier(args: argparse.Namespace, path: Path) -> int:
    if (args.date_from is None) != (args.date_to is None):
        raise UsageError("dossier", "give both --from and --to, or neither (all dates).")
    period = date_range(args) if args.date_from is not None else (None, None)
    # A bad suffix or a refused file is refused before the database is opened.
    check_output(args.output, database=path, force=args.force, field="-o")
    officer = args.officer if args.officer is not None else user_settings.officer_name()
    with open_database(path, reading=True) as db:
        dossier = action_history.build_dossier(
            db,
            action_number=args.action,
            area_code=args.area,
            date_from=period[0],
            date_to=period[1],
            officer=officer,
        )
    written = write_dossier(
        dossier, args.output, progress=progress, database=path, replace=args.force, field="-o"
    )
    period = "all dates" if dossier.summary.date_from is None else dossier.period
    print(
        f"Wrote {written} ({plural(len(dossier.sections), 'action')}, "
        f"{plural(dossier.interaction_count, 'interaction')}; {period}; "
        f"marking {dossier.marking})."
    )
    return 0
