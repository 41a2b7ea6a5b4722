"""The `demo` command's parser (handler: ``cli.demo``)."""

from __future__ import annotations

from eunato_desk.cli.options import Commands, HandlerRef


def register(commands: Commands) -> dict[str, HandlerRef]:
    demo = commands.add("demo", help="fill the database with demo data")
    demo.add_argument("--interactions", type=int, default=300, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")
    return {"demo": "eunato_desk.cli.demo:cmd_demo"}
