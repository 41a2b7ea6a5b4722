"""EU-NATO Desk: a desktop logbook of EU-NATO staff-to-staff interactions."""

__version__ = "0.1.0"
