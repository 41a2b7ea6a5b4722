"""The existing layouts and flavors, byte for byte: scripts read these files, so a change to
the export (the readable layout, the separator option) must not move a single byte of them.
The expected files and the database they come from: ``tests/core/transfer/pinned.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from eunato_desk.core.transfer.export import export_csv
from tests.core.transfer.pinned import EXPECTED, PINNED, Q2, build


@pytest.fixture
def pinned(db):  # type: ignore[no-untyped-def]
    build(db)
    return db


def test_the_expected_files_are_all_there() -> None:
    assert sorted(p.name for p in EXPECTED.iterdir()) == sorted(
        f"{layout}-{flavor}.csv" for layout, flavor in PINNED
    )


@pytest.mark.parametrize(("layout", "flavor"), PINNED)
def test_existing_layouts_and_flavors_write_the_same_bytes_as_before(
    pinned, tmp_path: Path, layout: str, flavor: str
) -> None:
    expected = (EXPECTED / f"{layout}-{flavor}.csv").read_bytes()
    out = tmp_path / "now.csv"
    export_csv(pinned, Q2, out, layout=layout, flavor=flavor)
    assert out.read_bytes() == expected
    comma = tmp_path / "comma.csv"  # the separator given as the default is the default
    export_csv(pinned, Q2, comma, layout=layout, flavor=flavor, delimiter=",")
    assert comma.read_bytes() == expected
