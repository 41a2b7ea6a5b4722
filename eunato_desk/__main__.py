"""Entry point: with a command, the command line; without one, the desktop application."""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO, TypeVar

from eunato_desk import __version__

T = TypeVar("T")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv == ["--version"]:  # answered before any of the application is imported
        print(f"eunato-desk {__version__}")
        return 0
    from eunato_desk.cli import main as cli  # the parsers; a command loads its own handler

    if cli.not_utf8(argv) is not None:
        return cli.main(argv)  # says which argument, exit 2
    args = _quiet_on_closed_pipe(lambda: cli.parse_args(argv))
    if args.command is not None:
        return _quiet_on_closed_pipe(lambda: cli.run(args))
    from eunato_desk.ui.app import run_gui  # Qt and the GUI only when there is no command

    return run_gui(args.db)


class _ClosedPipeTolerant(io.TextIOBase):
    """Standard output that outlives its reader: ``eunato-desk import x.csv | head -1``
    still imports everything. When the reader closes the pipe, further output is dropped
    (fd 1 is pointed at the null device, so the flush at exit cannot fail either)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._gone = False

    def _drop(self) -> None:
        self._gone = True
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, self._stream.fileno())
        os.close(devnull)

    def write(self, text: str) -> int:
        if not self._gone:
            try:
                self._stream.write(text)
            except BrokenPipeError:
                self._drop()
        return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except BrokenPipeError:
                self._drop()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return self._stream.encoding


def _quiet_on_closed_pipe(command: Callable[[], T]) -> T:
    if not isinstance(sys.stdout, _ClosedPipeTolerant) and sys.stdout is not None:
        sys.stdout = _ClosedPipeTolerant(sys.stdout)
    return command()


if __name__ == "__main__":
    sys.exit(main())
