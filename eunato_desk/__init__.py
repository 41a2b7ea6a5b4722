"""EU-NATO Desk: a desktop logbook of EU-NATO staff-to-staff interactions."""

import time

__version__ = "0.1.0"
# When the application's code began (the first of its modules is this one): start-up
# timings are counted from here (``ui.app.report_timing``).
STARTED = time.perf_counter()
