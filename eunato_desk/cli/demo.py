"""The `demo` command: deterministic demo data (2017-2019), added in bulk.

eunato-desk demo [--interactions N] [--seed S]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.storage.opening import open_database


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty():
        print(f"\r{done:,} / {total:,}", end="", file=sys.stderr, flush=True)


def cmd_demo(args: argparse.Namespace, path: Path) -> int:
    if args.interactions < 0:
        raise ValidationError("--interactions", "must be zero or more.")
    with open_database(path) as db:
        added = generate_demo_data(db, args.interactions, args.seed, progress=_progress)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Added {added:,} demo interactions to {path}.")
    return 0
