"""The bundle's program: the same entry point as `eunato-desk` (GUI without a command)."""

import sys

from eunato_desk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
