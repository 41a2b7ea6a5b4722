"""The `search` command: full-text search over interactions, with the list's filters.

    eunato-desk search QUERY [--quarter Q | --from D --to D] [--action N] [--area CODE]
                       [--type T] [--country NAME] [--org NAME] [--status S] [--text WORDS]
                       [--limit N] [--format table|csv|json]

Rows are ranked (best first) when at most a couple of thousand interactions match; beyond
that the newest come first and a note on stderr says so. JSON and CSV rows carry the keys of
`eunato-desk list` plus ``snippet``: the best-matching passage, matched words in [brackets].
Same conventions as ``cli``: exit 0 on success (also when nothing matches), 1 for a user error
(message on stderr), 2 for a usage error. Never imports Qt.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eunato_desk.cli.output import FORMATS, render
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.search.service import MAX_LIMIT, RANK_LIMIT, search, snippet_text
from eunato_desk.core.storage.opening import open_database

# ``cli`` imports this module; this module reaches ``cli`` only inside functions (when ``cli``
# is fully loaded), so there is no import cycle.

# CSV: the columns of `eunato-desk list --format csv`, then the snippet. JSON: every key of
# a `list` row, then the snippet.
CSV_COLUMNS = (
    "uuid", "date", "type", "title", "status", "actions", "countries", "organisations",
    "snippet",
)  # fmt: skip
TABLE_COLUMNS = ("uuid", "date", "type", "title", "snippet")
QUERY_HELP = """\
query language:
  cyber exercise          every word must match (in any field, any order)
  "staff talks"           an exact phrase
  hybr*                   words starting with these letters (at least two before *)
  cyber OR hybrid         either word (OR in capitals binds the words beside it)
  -cancelled  -"a b"      leave out interactions that match
Case and accents do not matter; punctuation inside a word makes it a phrase
(staff-to-staff). Searched: title, summary, outcome, location, tags, notes of the
action links, organisation names and acronyms, country names and ISO codes.
A query starting with - goes after --:  eunato-desk search -- '-cancelled hybrid'"""


def add_search_parser(sub, common: argparse.ArgumentParser) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
    from eunato_desk.cli import main as cli

    p = sub.add_parser(
        "search",
        help="full-text search of interactions, best matches first",
        description="Search the interactions' words; combine with any filter of `list`.",
        epilog=QUERY_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[common],
    )
    p.add_argument("query", metavar="QUERY", help="what to look for (quote it in the shell)")
    cli._filter_options(p)
    p.add_argument(
        "--limit",
        type=int,
        default=50,
        metavar="N",
        help=f"at most N interactions (default 50, at most {MAX_LIMIT:,})",
    )
    p.add_argument("--format", choices=FORMATS, default="table")
    return p


def cmd_search(args: argparse.Namespace, path: Path) -> int:
    from eunato_desk.cli import main as cli

    if not 1 <= args.limit <= MAX_LIMIT:
        raise ValidationError("--limit", f"give a number from 1 to {MAX_LIMIT:,}.")
    flt = cli.filter_from_args(args)
    with open_database(path) as db:
        result = search(db, args.query, flt, args.limit)
    rows = [{**row.as_json(), "snippet": snippet_text(snip)} for row, snip in result.hits]
    columns = TABLE_COLUMNS if args.format == "table" else CSV_COLUMNS
    print(render(rows, columns, args.format), end="")
    if result.broad and rows:
        print(
            f"{cli.PROG}: more than {RANK_LIMIT:,} interactions match; the newest are shown "
            "first, not ranked (add words or filters to narrow the search).",
            file=sys.stderr,
        )
    return 0
