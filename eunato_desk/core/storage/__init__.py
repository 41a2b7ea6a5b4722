"""The database file and everything around it: ``opening.open_database`` / ``open_locked``
(open safely, upgrade, seed), ``db.Database`` (engines, sessions), the single-writer ``lock``,
integrity checks, ``backup`` / ``rotation`` / restore, ``sqlite_errors`` and output ``files``."""
