"""How the command line is put together: each parser module registers its commands and
says where the function that runs each is (without importing it); a run builds the parser
of its own command only; the list filters are one table; the vocabularies the parsers offer
are the core's; the package has no import cycle and hides none behind imports inside
functions. In-process and quick; no Qt."""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import itertools
from pathlib import Path

import grimp
import pytest

from eunato_desk.cli import main as cli_main
from eunato_desk.cli.arguments import filter_from_args
from eunato_desk.cli.options import Commands, HelpFormatter, NotBuilt, terminal_width
from eunato_desk.cli.parsers import catalogue as catalogue_parser
from eunato_desk.core import models, vocab
from eunato_desk.core.catalogue.official_load import SETS
from eunato_desk.core.models import INTERACTION_STATUSES
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter

PACKAGE = Path(cli_main.__file__).resolve().parent
# The commands in the order `eunato-desk --help` lists them.
HELP_ORDER = ["db", "history", "actions", "catalogue", "organisations", "countries",
              "participants", "types", "markings", "log", "list", "followups", "show", "edit",
              "dossier", "demo", "export", "import", "report", "coverage", "search"]  # fmt: skip
# Each command line that parses, with the handler module that runs it.
COMMAND_LINES = [
    (["db", "check"], "db"),
    (["history", "--action", "3"], "history"),
    (["actions", "list"], "catalogue"),
    (["organisations", "merge", "A", "B"], "reference"),
    (["list", "--quarter", "2018Q2"], "listing"),
    (["followups", "--overdue"], "interactions"),
    (["show", "some-uuid", "--format", "json"], "show_edit"),
    (["dossier", "--action", "3", "-o", "d.html"], "dossier"),
    (["report", "--period", "3", "-o", "r.html"], "reports"),
    (["search", "hybrid", "--status", "held"], "search"),
    (["export", "--quarter", "2018Q2", "-o", "e.csv", "--delimiter", "tab"], "exporting"),
    (["import", "x.csv", "--dry-run", "--date-order", "dmy"], "transfer"),
]


def test_each_module_says_where_the_handler_of_each_command_it_adds_is() -> None:
    commands = Commands(argparse.ArgumentParser().add_subparsers(dest="command"))
    for name, names in cli_main.COMMAND_MODULES.items():
        module = cli_main.parser_module(name)
        before = set(commands.parsers)
        handlers = module.register(commands)
        assert set(handlers) == set(commands.parsers) - before == set(names), name
        for command, where in handlers.items():
            handler = cli_main.handler_of(where)
            assert callable(handler) and handler.__name__.startswith("cmd_"), command
            assert handler.__module__.startswith("eunato_desk.cli."), command
    assert list(commands.parsers) == HELP_ORDER


def test_every_command_runs_inside_the_guard() -> None:
    from eunato_desk.cli import guard

    assert cli_main.handler_of(cli_main.GUARD) is guard.command_guard


@pytest.mark.parametrize(("argv", "module"), COMMAND_LINES)
def test_the_parser_ties_each_command_to_its_handler(argv: list[str], module: str) -> None:
    args = cli_main.parse_args(argv)
    handler = cli_main.handler_of(args.handler)
    assert handler.__module__ == f"eunato_desk.cli.{module}"
    assert handler.__name__ == f"cmd_{module if module == 'reference' else argv[0]}"


@pytest.mark.parametrize(("argv", "module"), COMMAND_LINES)
def test_a_run_parses_as_with_every_parser_built(argv: list[str], module: str) -> None:
    """``parse_args`` builds the parser of the command it runs alone: same arguments."""
    for line in (argv, ["--db", "x.sqlite3", *argv], [*argv, "--db", "y.sqlite3"]):
        assert cli_main.parse_args(line) == cli_main.build_parser().parse_args(line)


def _output_of(parse, argv: list[str]) -> tuple[object, str, str]:  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.raises(SystemExit) as info,
    ):
        parse(argv)
    return info.value.code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize(
    "argv",
    [["--help"], ["-h"], ["--he"], ["--db", "x", "-h"], ["list", "--help"], ["lst"], ["db"],
     ["organisations", "add", "--help"], ["list", "-x"], ["--db"], ["--db", "x", "--bogus"],
     ["report", "--period", "99", "-o", "r.html"]],
)  # fmt: skip
def test_help_and_usage_errors_read_as_with_every_parser_built(argv: list[str]) -> None:
    lazy = _output_of(cli_main.parse_args, argv)
    assert lazy == _output_of(cli_main.build_parser().parse_args, argv)
    if "-h" in argv or "--he" in argv or argv == ["--help"]:
        assert all(f"    {name}" in lazy[1] for name in HELP_ORDER)  # type: ignore[operator]
        assert "database upkeep" in lazy[1]  # type: ignore[operator]


def test_without_a_command_the_parsers_of_none_are_built() -> None:
    """The desktop application's start (``--db X``, no command) parses with placeholders."""
    parser = cli_main.build_parser("", described=False)
    assert cli_main.parse_args(["--db", "x"]) == parser.parse_args(["--db", "x"])
    assert parser.parse_args(["--db", "x"]).command is None
    with pytest.raises(NotBuilt):
        parser.parse_args(["list"])


def test_a_command_whose_parser_was_not_built_asks_for_all_of_them() -> None:
    """A wrong guess of the command is never parsed by a placeholder."""
    with pytest.raises(NotBuilt):
        cli_main.build_parser("show").parse_args(["list"])
    assert cli_main.command_in(["--db", "list", "show", "u"]) == "show"
    assert cli_main.command_in(["--d", "x", "--db=y", "list"]) == "list"
    assert cli_main.command_in(["--help"]) == ""


def test_status_choices_are_the_models_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    parser = cli_main.build_parser()
    for status in INTERACTION_STATUSES:
        assert parser.parse_args(["list", "--status", status]).status == status
    with pytest.raises(SystemExit) as info:
        parser.parse_args(["list", "--status", "bogus"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'bogus'" in err and all(s in err for s in INTERACTION_STATUSES)


def test_the_parsers_vocabularies_are_the_cores() -> None:
    """The parsers take their choices from modules without SQLAlchemy; these are the values
    the core (and its models) check."""
    for name in ("INTERACTION_STATUSES", "ORGANISATION_SIDES", "ACTION_SETS", "REFERENCE_KINDS"):
        assert getattr(models, name) == getattr(vocab, name), name
    assert list(catalogue_parser.ACTION_SETS) == sorted(SETS)


def test_every_filter_option_reaches_its_field() -> None:
    argv = ["search", "q", "--quarter", "2018Q2", "--action", "3", "--area", "2", "--type", "T",
            "--country", "FR", "--org", "EEAS", "--status", "held", "--text", "words"]  # fmt: skip
    flt = filter_from_args(cli_main.build_parser().parse_args(argv))
    quarter = Quarter(2018, 2)
    assert flt == InteractionFilter(
        date_from=quarter.start,
        date_to=quarter.end,
        action_number=3,
        area_code=2,
        type="T",
        country="FR",
        organisation="EEAS",
        status="held",
        text="words",
    )


def test_no_import_cycle_between_the_modules_of_the_command_line() -> None:
    graph = grimp.build_graph("eunato_desk")
    modules = sorted(m for m in graph.modules if m.startswith("eunato_desk.cli."))
    assert len(modules) >= 10
    cycles = [
        (a, b)
        for a, b in itertools.combinations(modules, 2)
        if graph.chain_exists(a, b) and graph.chain_exists(b, a)
    ]
    assert cycles == []


def test_the_parsers_import_no_handler() -> None:
    """What ``--help`` loads: the parser modules reach no handler module, the core's models or
    listing, nor the documents (their imports, as written; the import budget test runs it)."""
    graph = grimp.build_graph("eunato_desk")
    parsers = sorted(m for m in graph.modules if m.startswith("eunato_desk.cli.parsers"))
    light = {"eunato_desk.cli.options", "eunato_desk.cli.parsers"}
    reached = {m for p in parsers for m in graph.find_upstream_modules(p)} | set(parsers)
    ours = {m for m in reached if m.startswith("eunato_desk.cli.")}
    assert ours <= light | set(parsers)
    for heavy in ("eunato_desk.core.models", "eunato_desk.core.listing", "eunato_desk.documents"):
        assert not [m for m in reached if m.startswith(heavy)], heavy


def test_no_import_inside_a_function() -> None:
    """Imports inside functions once hid import cycles here; the command line has none (a
    command's handler module is imported by ``main.handler_of``, by name, at run time)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found += [
                    f"{path.name}:{inner.lineno}"
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Import | ast.ImportFrom)
                ]
    assert found == []


@pytest.mark.parametrize("columns", [None, "60", "200", "0", "wide"])
def test_help_is_as_wide_as_argparse_would_make_it(
    columns: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``options.HelpFormatter`` measures the terminal as ``shutil.get_terminal_size`` does
    (argparse imports shutil for it, on every run): $COLUMNS, else the terminal, else 80; and
    the help is laid out at argparse's own width."""
    import argparse
    import shutil

    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_width() == shutil.get_terminal_size().columns
    ours, stock = HelpFormatter("eunato-desk"), argparse.HelpFormatter("eunato-desk")
    assert ours._width == stock._width
    parser = cli_main.build_parser("export")
    assert parser._get_formatter()._width == stock._width
