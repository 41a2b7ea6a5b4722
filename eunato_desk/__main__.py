"""Entry point: with a command, the command line; without one, the desktop application."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from eunato_desk import cli

    args = cli.build_parser().parse_args(argv)
    if args.command is not None:
        return cli.run(args)
    from eunato_desk.ui.app import run_gui

    return run_gui(args.db)


if __name__ == "__main__":
    sys.exit(main())
