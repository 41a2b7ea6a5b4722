"""The import budget of the command line: `eunato-desk --version` answers from the standard
library and the package's own version alone; `--help` (and a command's --help) loads the
parsers and no handler, SQLAlchemy, Alembic, Qt or psycopg; `list` and `export` of a quarter
on a database file load only the modules listed here (no SQLAlchemy, no models, no document
writer, no analysis, no GUI). A module that creeps into one of these commands fails its test:
move the import to where it is used, or list it here if the command needs it.

The modules come from the real process: ``sys.modules`` when it exits (``python -X
importtime`` does not show a module imported with ``importlib``, as handlers are). No timing
here; the figures are in bench/cli.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from eunato_desk import __version__

# Runs the command line as the installed script does, then lists every module it loaded.
SCRIPT = """\
import atexit, sys
atexit.register(lambda: sys.stderr.write("\\n".join(["MODULES:", *sorted(sys.modules)])))
from eunato_desk.__main__ import main
sys.exit(main(sys.argv[1:]))
"""
NEVER = ("sqlalchemy", "alembic", "PySide6", "shiboken6", "psycopg")
# What a command that only reads a quarter must not load (besides NEVER).
NEVER_FOR_READS = (
    *NEVER, "eunato_desk.documents", "eunato_desk.core.analysis", "eunato_desk.ui",
    "eunato_desk.core.models", "eunato_desk.core.listing", "eunato_desk.core.catalogue",
    "eunato_desk.core.records",
    # argparse's help formatter imports shutil (with bz2 and lzma) unless given a width:
    # ``options.HelpFormatter``.
    "shutil",
)  # fmt: skip
PARSERS = {f"eunato_desk.cli.parsers.{name}" for name in (
    "catalogue", "db", "demo", "dossier", "history", "interactions", "reference", "reports",
    "search", "show_edit", "transfer")}  # fmt: skip
# Every run: the entry point, the guard (and the cheap file checks it runs), the options.
COMMON = {
    "eunato_desk", "eunato_desk.__main__", "eunato_desk.cli", "eunato_desk.cli.guard",
    "eunato_desk.cli.main", "eunato_desk.cli.options", "eunato_desk.cli.parsers",
    "eunato_desk.cli.parsers.reference", "eunato_desk.core", "eunato_desk.core.errors",
    "eunato_desk.core.vocab", "eunato_desk.core.storage", "eunato_desk.core.storage.address",
    "eunato_desk.core.storage.dbfile", "eunato_desk.core.storage.opening",
    "eunato_desk.core.storage.paths", "eunato_desk.core.storage.raw",
    "eunato_desk.core.storage.revisions", "eunato_desk.core.transfer",
}  # fmt: skip
HELP = COMMON | PARSERS | {
    "eunato_desk.core.analysis", "eunato_desk.core.analysis.report_periods",  # report periods
    "eunato_desk.core.transfer.format", "eunato_desk.core.transfer.values",  # export's choices
}  # fmt: skip
READING_A_QUARTER = COMMON | {
    "eunato_desk.cli.arguments", "eunato_desk.cli.output", "eunato_desk.core.periods",
    "eunato_desk.core.rows", "eunato_desk.core.projection_sql",
    "eunato_desk.core.transfer.quick",
}  # fmt: skip
LIST = READING_A_QUARTER | {"eunato_desk.cli.listing", "eunato_desk.cli.parsers.interactions"}
EXPORT = READING_A_QUARTER | {
    "eunato_desk.cli.exporting", "eunato_desk.cli.parsers.transfer",
    "eunato_desk.core.storage.files", "eunato_desk.core.transfer.export",
    "eunato_desk.core.transfer.format", "eunato_desk.core.transfer.values",
}  # fmt: skip


def imported_by(*args: str, env: dict[str, str] | None = None) -> tuple[set[str], str]:
    """The modules a run of ``eunato-desk ARGS`` loaded, and its standard output."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        capture_output=True, text=True, timeout=60, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    listed = done.stderr.rsplit("MODULES:\n", 1)[1]
    return set(listed.splitlines()), done.stdout


def ours(modules: set[str]) -> set[str]:
    return {m for m in modules if m.split(".")[0] == "eunato_desk"}


def loaded(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if any(m == p or m.startswith(f"{p}.") for p in prefixes))


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A real database file at this version's schema, with demo interactions in 2018 Q2,
    made by the command line itself."""
    home = tmp_path_factory.mktemp("budget")
    env = dict(os.environ, XDG_DATA_HOME=str(home / "data"), XDG_CONFIG_HOME=str(home / "cfg"),
               EUNATO_DESK_CONFIG=str(home / "cfg" / "desk.json"))  # fmt: skip
    env.pop("EUNATO_DESK_DB", None)
    path = home / "desk.sqlite3"
    for command in (["db", "upgrade"], ["demo", "--interactions", "60"]):
        subprocess.run([sys.executable, "-m", "eunato_desk", "--db", str(path), *command],
                       check=True, capture_output=True, env=env, timeout=120)  # fmt: skip
    return path, env


def test_version_imports_nothing_of_the_application() -> None:
    modules, out = imported_by("--version")
    assert out == f"eunato-desk {__version__}\n"
    assert ours(modules) == {"eunato_desk", "eunato_desk.__main__"}
    assert loaded(modules, (*NEVER, "platformdirs", "argparse")) == []


@pytest.mark.parametrize("argv", [["--help"], ["export", "--help"], ["organisations", "--help"]])
def test_help_loads_the_parsers_and_no_handler(argv: list[str]) -> None:
    modules, out = imported_by(*argv)
    assert out.startswith("usage: eunato-desk")
    assert ours(modules) <= HELP, sorted(ours(modules) - HELP)
    assert loaded(modules, NEVER) == []


def test_help_of_one_command_loads_that_commands_parsers_alone() -> None:
    modules, _out = imported_by("export", "--help")
    assert ours(modules) & PARSERS == {"eunato_desk.cli.parsers.transfer"}
    assert "eunato_desk.cli.guard" not in modules  # only a command that runs is guarded


def test_list_of_a_quarter_loads_only_its_budget(desk: tuple[Path, dict[str, str]]) -> None:
    path, env = desk
    for fmt in ("csv", "json"):
        modules, out = imported_by("--db", str(path), "list", "--quarter", "2018Q2",
                                   "--format", fmt, env=env)  # fmt: skip
        assert out.count("2018-0") > 3  # it did list the quarter
        assert "eunato_desk.cli.listing" in modules
        assert ours(modules) <= LIST, sorted(ours(modules) - LIST)
        assert loaded(modules, NEVER_FOR_READS) == []


def test_export_of_a_quarter_loads_only_its_budget(
    desk: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    path, env = desk
    out_file = tmp_path / "q2.csv"
    modules, out = imported_by("--db", str(path), "export", "--quarter", "2018Q2", "--flavor",
                               "plain", "-o", str(out_file), env=env)  # fmt: skip
    assert out.startswith("Exported ") and out_file.read_text(encoding="utf-8").count("2018-0") > 3
    assert "eunato_desk.cli.exporting" in modules
    assert ours(modules) <= EXPORT, sorted(ours(modules) - EXPORT)
    assert loaded(modules, NEVER_FOR_READS) == []


def test_the_budget_check_sees_what_a_command_imports(
    desk: tuple[Path, dict[str, str]],
) -> None:
    """Guards the tests above: the same measure finds the heavy modules of a command that
    needs them (a filter by country goes through the core's list, with SQLAlchemy)."""
    path, env = desk
    modules, _out = imported_by("--db", str(path), "list", "--quarter", "2018Q2", "--country",
                                "France", env=env)  # fmt: skip
    assert loaded(modules, ("sqlalchemy",)) and "eunato_desk.core.listing" in modules
    assert not ours(modules) <= LIST
