"""Names match whatever their case, beyond ASCII; ';' is refused in names (list separator)."""

from __future__ import annotations

import datetime as dt

import pytest

from eunato_desk.core import interactions
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.records import InteractionInput
from tests.helpers import query


def _log(db, **kw):  # type: ignore[no-untyped-def]
    return interactions.create_interaction(
        db, InteractionInput(title="T", type="Workshop", start_date=dt.date(2018, 1, 1), **kw)
    )


def test_non_ascii_names_match_in_any_case(db, db_path):
    _log(db, participants=("Élodie Dupont",))
    second = _log(db, participants=("ÉLODIE DUPONT",), countries=("TÜRKIYE",))
    assert second.countries == ("Türkiye",)
    people = query(db_path, "SELECT name FROM person")
    assert people == [("Élodie Dupont",)], "the same person, not a duplicate"


def test_semicolon_in_a_name_is_refused(db):
    with pytest.raises(ValidationError) as err:
        _log(db, participants=("Smith; Jones",))
    assert err.value.field == "participants"
