"""How the command line is put together: each command module registers its commands and
says which function runs each; the list filters are one table; the package has no import
cycle and hides none behind imports inside functions. In-process and quick; no Qt."""

from __future__ import annotations

import argparse
import ast
import itertools
from pathlib import Path

import grimp
import pytest

from eunato_desk.cli import main as cli_main
from eunato_desk.cli.options import Commands, filter_from_args
from eunato_desk.core.models import INTERACTION_STATUSES
from eunato_desk.core.periods import Quarter
from eunato_desk.core.records import InteractionFilter

PACKAGE = Path(cli_main.__file__).resolve().parent
# The commands in the order `eunato-desk --help` lists them.
HELP_ORDER = ["db", "history", "actions", "catalogue", "organisations", "countries",
              "participants", "types", "markings", "log", "list", "followups", "show", "edit",
              "dossier", "demo", "export", "import", "report", "coverage", "search"]  # fmt: skip


def test_each_module_gives_a_handler_for_each_command_it_adds() -> None:
    commands = Commands(argparse.ArgumentParser().add_subparsers(dest="command"))
    for module in cli_main.COMMAND_MODULES:
        before = set(commands.parsers)
        handlers = module.register(commands)
        assert set(handlers) == set(commands.parsers) - before, module.__name__
        assert all(callable(h) for h in handlers.values())
    assert list(commands.parsers) == HELP_ORDER


@pytest.mark.parametrize(
    ("argv", "module"),
    [
        (["db", "check"], "db"),
        (["history", "--action", "3"], "history"),
        (["actions", "list"], "catalogue"),
        (["list"], "interactions"),
        (["dossier", "--action", "3", "-o", "d.html"], "dossier"),
        (["report", "--period", "3", "-o", "r.html"], "reports"),
        (["search", "hybrid"], "search"),
        (["export", "--quarter", "2018Q2", "-o", "e.csv"], "transfer"),
    ],
)
def test_the_parser_ties_each_command_to_its_handler(argv: list[str], module: str) -> None:
    args = cli_main.build_parser().parse_args(argv)
    assert args.handler.__module__ == f"eunato_desk.cli.{module}"
    assert args.handler.__name__ == f"cmd_{argv[0]}"


def test_status_choices_are_the_models_statuses(capsys: pytest.CaptureFixture[str]) -> None:
    parser = cli_main.build_parser()
    for status in INTERACTION_STATUSES:
        assert parser.parse_args(["list", "--status", status]).status == status
    with pytest.raises(SystemExit) as info:
        parser.parse_args(["list", "--status", "bogus"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'bogus'" in err and all(s in err for s in INTERACTION_STATUSES)


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


def test_no_import_inside_a_function() -> None:
    """Imports inside functions once hid import cycles here; the command line has none."""
    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found += [
                    f"{path.name}:{inner.lineno}"
                    for inner in ast.walk(node)
                    if isinstance(inner, ast.Import | ast.ImportFrom)
                ]
    assert found == []
