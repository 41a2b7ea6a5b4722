"""The command line, over the same core services as the GUI (it never imports Qt itself).

Entry points: ``main.main`` (argv in, exit code out), ``main.build_parser`` and ``main.run``.
One module per command group registers its parsers and handlers; ``options`` and ``output``
hold what they share, ``guard`` the lock and checks around every command.
"""
