"""The fixed vocabularies of the records: the values a column may hold (the models' CHECK
constraints use them) and the choices the command line offers.

Kept apart from ``models`` on purpose: this module imports nothing, so the command line can
build its parsers (``--status``'s choices, ``--side``'s help) without loading SQLAlchemy,
which costs a fifth of a second at every start. ``models`` imports them from here (and
``models.INTERACTION_STATUSES`` etc. stay importable from there).
"""

from __future__ import annotations

ACTION_STATUSES = ("active", "retired")
CONFIDENCES = ("confirmed", "to_be_confirmed")
ACTION_SETS = (2016, 2017)
INTERACTION_STATUSES = ("planned", "held", "cancelled", "postponed")
INTERACTION_FORMATS = ("in_person", "video", "hybrid")
ORGANISATION_SIDES = ("EU", "NATO", "joint", "partner", "national", "other")
# The reference lists the officer maintains (eunato_desk.core.reference), and what a change
# to one of them can be (``reference_change``).
REFERENCE_KINDS = ("organisation", "country", "person", "type", "marking")
# What an entry of each list is called in messages and help, and its plural.
REFERENCE_NOUNS = {"organisation": "organisation", "country": "country", "person": "participant",
                   "type": "interaction type", "marking": "handling marking"}  # fmt: skip
REFERENCE_PLURALS = {"organisation": "organisations", "country": "countries",
                     "person": "participants", "type": "interaction types",
                     "marking": "handling markings"}  # fmt: skip
# The most interactions one search returns (``search.service``; `search --limit`).
SEARCH_MAX_LIMIT = 10_000
REFERENCE_CHANGES = ("add", "rename", "alias", "unalias", "edit", "merge", "retire", "unretire",
                     "rank")  # fmt: skip
