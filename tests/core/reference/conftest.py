"""What the reference-list tests share: a snapshot of every table a reference service may
change, read with a connection of its own (to prove that a refusal changed nothing)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import query

TABLES = (
    "organisation", "country", "person", "interaction_type", "handling_marking",
    "organisation_alias", "country_alias", "person_alias", "interaction_type_alias",
    "handling_marking_alias", "reference_change", "interaction", "interaction_organisation",
    "interaction_country", "interaction_person", "audit_log",
)  # fmt: skip


@pytest.fixture
def snapshot(db_path: Path):  # type: ignore[no-untyped-def]
    def take() -> dict[str, list[tuple]]:
        return {t: sorted(query(db_path, f"SELECT * FROM {t}")) for t in TABLES}

    return take
