"""The command line, over the same core services as the GUI (never imports Qt).

Exit codes: 0 success, 1 user error (message on stderr), 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from eunato_desk import __version__
from eunato_desk.cli.output import FORMATS, render
from eunato_desk.cli.reports import REPORT_COMMANDS, add_report_parsers
from eunato_desk.cli.safety import DB_COMMANDS, SAFETY_COMMANDS, command_guard
from eunato_desk.cli.safety import add_parsers as add_safety_parsers
from eunato_desk.cli.search import add_search_parser, cmd_search
from eunato_desk.cli.transfer import (
    FORCE_HELP,
    TRANSFER_COMMANDS,
    add_export_parser,
    add_import_parser,
)
from eunato_desk.core import follow_ups, interactions, listing
from eunato_desk.core import settings as user_settings
from eunato_desk.core.analysis import history as action_history
from eunato_desk.core.catalogue import actions as catalogue
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.errors import DeskError, ValidationError
from eunato_desk.core.periods import Quarter, parse_date
from eunato_desk.core.records import InteractionFilter, InteractionInput, LinkInput
from eunato_desk.core.storage import migrate
from eunato_desk.core.storage.dbfile import resolve
from eunato_desk.core.storage.integrity import check_database
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.storage.paths import default_db_path

PROG = "eunato-desk"


def _db_option(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument(
        "--db",
        metavar="PATH",
        type=Path,
        default=default,
        help="database file (default: $EUNATO_DESK_DB, else the file in your data folder)",
    )


def _filter_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--quarter", help="calendar quarter, e.g. 2018Q2")
    p.add_argument("--from", dest="date_from", metavar="D", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="D", help="last day, YYYY-MM-DD")
    p.add_argument("--action", type=int, metavar="N", help="linked to action number N")
    p.add_argument("--area", type=int, metavar="CODE", help="linked to an action of this area")
    p.add_argument("--type", metavar="T", help="interaction type")
    p.add_argument("--country", metavar="NAME", help="country name or ISO code")
    p.add_argument("--org", metavar="NAME", help="organisation name or acronym")
    p.add_argument("--status", choices=("planned", "held", "cancelled", "postponed"))
    p.add_argument("--text", metavar="WORDS", help="words to search for (see `search --help`)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="EU-NATO Desk: log staff-to-staff interactions against the 74 actions. "
        "Without a command, starts the desktop application.",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    _db_option(parser, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    _db_option(common, argparse.SUPPRESS)

    db = sub.add_parser("db", help="database upkeep", parents=[common])
    db_sub = db.add_subparsers(dest="db_command", metavar="SUBCOMMAND", required=True)
    db_sub.add_parser(
        "upgrade", help="create or upgrade the database to this version", parents=[common]
    )
    db_sub.add_parser("check", help="integrity, foreign keys and schema revision", parents=[common])
    add_safety_parsers(db_sub, common, sub)

    actions = sub.add_parser("actions", help="the action catalogue", parents=[common])
    a_sub = actions.add_subparsers(dest="actions_command", metavar="SUBCOMMAND", required=True)
    a_list = a_sub.add_parser("list", help="list actions", parents=[common])
    a_list.add_argument("--area", type=int, metavar="CODE")
    a_list.add_argument("--format", choices=FORMATS, default="table")

    cat = sub.add_parser("catalogue", help="import an official action list", parents=[common])
    c_sub = cat.add_subparsers(dest="catalogue_command", metavar="SUBCOMMAND", required=True)
    c_imp = c_sub.add_parser(
        "import",
        help="update actions by number from CSV (number,set,area_code,title,description)",
        parents=[common],
    )
    c_imp.add_argument("file", type=Path)
    c_imp.add_argument("--dry-run", action="store_true", help="report, change nothing")

    log = sub.add_parser("log", help="log one interaction; prints its UUID", parents=[common])
    log.add_argument("--title", required=True)
    log.add_argument("--date", required=True, help="start date, YYYY-MM-DD")
    log.add_argument("--type", required=True, help="interaction type, e.g. 'Cross-briefing'")
    log.add_argument("--action", type=int, action="append", default=[], metavar="N")
    log.add_argument("--org", action="append", default=[], metavar="NAME")
    log.add_argument("--country", action="append", default=[], metavar="NAME")
    log.add_argument("--summary", default="")
    log.add_argument("--outcome", default="")
    log.add_argument("--location", default="")
    log.add_argument("--status", default="held")
    log.add_argument("--officer", help="your name (default: the name set in Settings)")

    lst = sub.add_parser("list", help="list interactions", parents=[common])
    _filter_options(lst)
    lst.add_argument("--format", choices=FORMATS, default="table")

    fol = sub.add_parser("followups", help="open follow-ups, overdue first", parents=[common])
    fol.add_argument("--overdue", action="store_true", help="only those past their due date")
    fol.add_argument("--all", action="store_true", help="include those already done")
    fol.add_argument("--format", choices=FORMATS, default="table")

    dos = sub.add_parser(
        "dossier",
        help="write an action's or an area's dossier (HTML, ODT or PDF)",
        parents=[common],
    )
    which = dos.add_mutually_exclusive_group(required=True)
    which.add_argument("--action", type=int, metavar="N")
    which.add_argument("--area", type=int, metavar="CODE")
    dos.add_argument("-o", "--output", required=True, type=Path, metavar="FILE",
                     help="FILE.html, FILE.odt or FILE.pdf")  # fmt: skip
    dos.add_argument("--force", action="store_true", help=FORCE_HELP)

    demo = sub.add_parser("demo", help="fill the database with demo data", parents=[common])
    demo.add_argument("--interactions", type=int, default=300, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    add_export_parser(sub, common)
    add_import_parser(sub, common)
    add_report_parsers(sub, common)
    add_search_parser(sub, common)
    return parser


def filter_from_args(args: argparse.Namespace) -> InteractionFilter:
    date_from = parse_date(args.date_from, "--from") if args.date_from else None
    date_to = parse_date(args.date_to, "--to") if args.date_to else None
    if args.quarter:
        if date_from or date_to:
            raise ValidationError("--quarter", "give either --quarter or --from/--to, not both.")
        q = Quarter.parse(args.quarter, "--quarter")
        date_from, date_to = q.start, q.end
    return InteractionFilter(
        date_from=date_from,
        date_to=date_to,
        area_code=args.area,
        action_number=args.action,
        type=args.type,
        country=args.country,
        organisation=args.org,
        status=args.status,
        text=args.text,
    )


def _cmd_db(args: argparse.Namespace, path: Path) -> int:
    if args.db_command in DB_COMMANDS:
        return DB_COMMANDS[args.db_command](args, path)
    if args.db_command == "upgrade":
        before = migrate.current_revision(path) if path.exists() else None
        open_database(path, create=True).dispose()
        print(f"{path}: schema at {migrate.head_revision()} (was {before or 'new'}).")
        return 0
    report = check_database(path)
    print("\n".join(report.lines()))
    return 0 if report.ok else 1


def _cmd_actions(args: argparse.Namespace, path: Path) -> int:
    with open_database(path) as db:
        rows = catalogue.list_actions(db, args.area)
    columns = ("number", "set", "area_code", "title", "status", "confidence")
    print(render([r.as_json() for r in rows], columns, args.format), end="")
    return 0


def _cmd_catalogue(args: argparse.Namespace, path: Path) -> int:
    with open_database(path) as db:
        report = catalogue.import_catalogue(db, args.file, dry_run=args.dry_run)
    lines = report.summary_lines()
    if report.problems:
        print("\n".join(lines), file=sys.stderr)
        print(f"{args.file}: nothing was changed.", file=sys.stderr)
        return 1
    print("\n".join(lines))
    print("Dry run: nothing was changed." if args.dry_run else "Catalogue updated.")
    return 0


def _cmd_log(args: argparse.Namespace, path: Path) -> int:
    data = InteractionInput(
        title=args.title,
        type=args.type,
        start_date=parse_date(args.date, "--date"),
        status=args.status,
        location=args.location,
        summary=args.summary,
        outcome=args.outcome,
        links=tuple(LinkInput(n) for n in args.action),
        organisations=tuple(args.org),
        countries=tuple(args.country),
    )
    officer = args.officer if args.officer is not None else user_settings.officer_name()
    with open_database(path) as db:
        record = interactions.create_interaction(db, data, officer=officer)
    print(record.uuid)
    return 0


def _cmd_list(args: argparse.Namespace, path: Path) -> int:
    flt = filter_from_args(args)
    with open_database(path) as db:
        rows = [r.as_json() for r in listing.iter_interactions(db, flt)]
    columns = ("uuid", "date", "type", "title", "status", "actions", "countries", "organisations")
    print(render(rows, columns, args.format), end="")
    return 0


def _cmd_followups(args: argparse.Namespace, path: Path) -> int:
    with open_database(path) as db:
        rows = follow_ups.list_follow_ups(db, include_done=args.all, overdue_only=args.overdue)
    columns = (
        "due",
        "overdue",
        "owner",
        "text",
        "action",
        "interaction_date",
        "interaction",
        "done",
    )
    print(render([r.as_json() for r in rows], columns, args.format), end="")
    return 0


def _cmd_dossier(args: argparse.Namespace, path: Path) -> int:
    from eunato_desk.documents.write import check_output, write_dossier

    # A bad suffix or a refused file is refused before the database is opened.
    check_output(args.output, database=path, force=args.force, field="-o")
    with open_database(path) as db:
        dossier = action_history.build_dossier(db, action_number=args.action, area_code=args.area)
    written = write_dossier(dossier, args.output, database=path, replace=args.force, field="-o")
    n = sum(len(s.history) for s in dossier.sections)
    print(f"Wrote {written} ({len(dossier.sections)} action(s), {n} interaction(s)).")
    return 0


def _cmd_demo(args: argparse.Namespace, path: Path) -> int:
    if args.interactions < 0:
        raise ValidationError("--interactions", "must be zero or more.")

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r{done:,} / {total:,}", end="", file=sys.stderr, flush=True)

    with open_database(path) as db:
        added = generate_demo_data(db, args.interactions, args.seed, progress=progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Added {added:,} demo interactions to {path}.")
    return 0


COMMANDS = {
    "db": _cmd_db,
    "actions": _cmd_actions,
    "catalogue": _cmd_catalogue,
    "log": _cmd_log,
    "list": _cmd_list,
    "followups": _cmd_followups,
    "dossier": _cmd_dossier,
    "demo": _cmd_demo,
    **TRANSFER_COMMANDS,
    **REPORT_COMMANDS,
    **SAFETY_COMMANDS,
    "search": cmd_search,
}


def not_utf8(argv: Sequence[str]) -> str | None:
    """The first argument that is not valid UTF-8 (Python keeps its bytes as surrogates)."""
    for arg in argv:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return arg.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return None


def run(args: argparse.Namespace) -> int:
    """Run a parsed command; user errors become a message on stderr and exit code 1."""
    try:
        path = resolve(args.db if args.db else default_db_path())
        with command_guard(args, path):
            return COMMANDS[args.command](args, path)
    except DeskError as exc:
        print(f"{PROG}: error: {exc.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted; nothing was changed.", file=sys.stderr)
        return 1


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    bad = not_utf8(argv)
    if bad is not None:
        print(
            f"{PROG}: error: the argument {bad!r} is not valid UTF-8 text (check the terminal's "
            "character encoding); nothing was done.",
            file=sys.stderr,
        )
        return 2
    args = build_parser().parse_args(argv)
    if args.command is None:
        print(f"{PROG}: give a command; see --help.", file=sys.stderr)
        return 2
    return run(args)
