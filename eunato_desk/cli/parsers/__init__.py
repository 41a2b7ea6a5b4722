"""The command line's parsers, one module per handler module of ``eunato_desk.cli``.

Each module's ``register(commands)`` adds its commands' parsers and returns, for each
command, where its handler is (``"eunato_desk.cli.interactions:cmd_list"``), without
importing it: these modules import argparse, ``cli.options`` and light vocabularies only, so
``--help`` (and a command's parsing) loads none of the core, SQLAlchemy or the documents.
``cli.main`` imports the handler of the one command that runs.
"""
