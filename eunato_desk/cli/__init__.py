"""The command line, over the same core services as the GUI (it never imports Qt itself).

Entry points: ``main.main`` (argv in, exit code out), ``main.parse_args``,
``main.build_parser`` and ``main.run``. The parsers are in ``parsers`` (one module per
command group, argparse only); each names the handler module that runs its commands, which
``main`` imports for the one command that runs. ``options`` holds what the parsers share,
``arguments`` and ``output`` what the handlers share, ``guard`` the lock and checks around
every command.
"""
