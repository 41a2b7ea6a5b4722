"""The `search` command: full-text search over interactions, with the list's filters.

    eunato-desk search QUERY [--quarter Q | --from D --to D] [--action N] [--area CODE]
                       [--type T] [--country NAME] [--org NAME] [--status S] [--text WORDS]
                       [--limit N] [--format table|csv|json]

Rows are ranked (best first) when at most a couple of thousand interactions match; beyond
that the newest come first and a note on stderr says so. JSON and CSV rows carry the keys of
`eunato-desk list` plus ``snippet``: the best-matching passage, matched words in [brackets].
Exit 0 also when nothing matches.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eunato_desk.cli.arguments import filter_from_args
from eunato_desk.cli.listing import LIST_COLUMNS
from eunato_desk.cli.options import PROG
from eunato_desk.cli.output import render
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.search.service import MAX_LIMIT, RANK_LIMIT, search, snippet_text
from eunato_desk.core.storage.opening import open_database

# CSV: the columns of `eunato-desk list --format csv`, then the snippet. JSON: every key of
# a `list` row, then the snippet.
CSV_COLUMNS = (*LIST_COLUMNS, "snippet")
TABLE_COLUMNS = ("uuid", "date", "type", "title", "snippet")


def cmd_search(args: argparse.Namespace, path: Path) -> int:
    if not 1 <= args.limit <= MAX_LIMIT:
        raise ValidationError("--limit", f"give a number from 1 to {MAX_LIMIT:,}.")
    flt = filter_from_args(args)
    with open_database(path, reading=True) as db:
        result = search(db, args.query, flt, args.limit)
    rows = [{**row.as_json(), "snippet": snippet_text(snip)} for row, snip in result.hits]
    columns = TABLE_COLUMNS if args.format == "table" else CSV_COLUMNS
    print(render(rows, columns, args.format), end="")
    if result.broad and rows:
        print(
            f"{PROG}: more than {RANK_LIMIT:,} interactions match; the newest are shown "
            "first, not ranked (add words or filters to narrow the search).",
            file=sys.stderr,
        )
    return 0
