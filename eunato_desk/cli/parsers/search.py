"""The `search` command's parser (handler: ``cli.search``)."""

from __future__ import annotations

from eunato_desk.cli.options import (
    Commands,
    HandlerRef,
    RawDescriptionHelpFormatter,
    filter_options,
    format_option,
)
from eunato_desk.core.vocab import SEARCH_MAX_LIMIT

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


def register(commands: Commands) -> dict[str, HandlerRef]:
    p = commands.add(
        "search",
        help="full-text search of interactions, best matches first",
        description="Search the interactions' words; combine with any filter of `list`.",
        epilog=QUERY_HELP,
        formatter_class=RawDescriptionHelpFormatter,
    )
    p.add_argument("query", metavar="QUERY", help="what to look for (quote it in the shell)")
    filter_options(p)
    p.add_argument(
        "--limit",
        type=int,
        default=50,
        metavar="N",
        help=f"at most N interactions (default 50, at most {SEARCH_MAX_LIMIT:,})",
    )
    format_option(p)
    return {"search": "eunato_desk.cli.search:cmd_search"}
