"""Put on PYTHONPATH by `make test` for the layers that must work without Qt (tests/core,
tests/cli, tests/migrations, tests/faults): any import of PySide6 or shiboken6, in the tests,
the app, or the command-line subprocesses they start (which inherit PYTHONPATH), fails as if
Qt were not installed. Tests that need Qt there carry the `needs_qt` marker and run in the
Qt run instead."""

import sys

BLOCKED = ("PySide6", "shiboken6")


class _NoQt:
    """Pretend Qt is not installed."""

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name.split(".")[0] in BLOCKED:
            raise ImportError(f"{name} is blocked: this run proves it works without Qt")
        return None


sys.meta_path.insert(0, _NoQt())
