"""write_report: suffix dispatch, progress, cancel, no leftovers; a valid PDF; no Qt for the
other formats."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from eunato_desk.core.analysis.report import ProgressReport, build_report
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.documents import odf
from eunato_desk.documents.write import write_report

REPO = Path(__file__).resolve().parents[2]


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def report(db) -> ProgressReport:  # type: ignore[no-untyped-def]
    generate_demo_data(db, 300, seed=9)
    built = build_report(db, dt.date(2018, 6, 1), dt.date(2019, 5, 31))
    assert len(built.areas) == 2  # area 1 and "No area" in the default catalogue
    return built


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("name", ["r.html", "R.HTM", "r.odt"])
def test_html_and_odt_with_progress_per_area(out: Path, report: ProgressReport, name: str) -> None:
    seen: list[tuple[int, int]] = []
    written = write_report(report, out / name, progress=lambda d, t: seen.append((d, t)))
    assert written == out / name
    assert listing(out) == [name]
    assert seen == [(0, 3), (1, 3), (2, 3), (3, 3)]
    magic = b"PK\x03\x04" if name.endswith(".odt") else b"<!DOCTYPE html>"
    assert written.read_bytes().startswith(magic)


def test_bad_targets_are_refused_and_nothing_is_written(out: Path, report) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        write_report(report, out / "r.docx")
    assert info.value.field == "output" and ".docx" in info.value.message
    with pytest.raises(ValidationError, match="does not exist"):
        write_report(report, out / "missing" / "r.html")
    assert listing(out) == []


@pytest.mark.parametrize(("name", "after"), [("r.html", 0), ("r.html", 1), ("r.odt", 2)])
def test_cancel_leaves_no_file_and_keeps_an_existing_one(
    out: Path, report: ProgressReport, name: str, after: int
) -> None:
    state = {"done": 0}

    def progress(done: int, total: int) -> None:
        state["done"] = done

    with pytest.raises(OperationCancelled, match="Report cancelled"):
        write_report(report, out / name, progress, lambda: state["done"] >= after)
    assert listing(out) == []
    (out / name).write_text("previous")
    state["done"] = 0
    with pytest.raises(OperationCancelled):
        write_report(report, out / name, progress, lambda: state["done"] >= after)
    assert listing(out) == [name] and (out / name).read_text() == "previous"


def test_an_os_error_becomes_a_validation_error(
    out: Path, report: ProgressReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path, content: str, meta: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(odf, "write_package", full)
    with pytest.raises(ValidationError, match="No space left on device") as info:
        write_report(report, out / "r.odt")
    assert info.value.field == "output"
    assert listing(out) == []


@pytest.mark.needs_qt
def test_a_valid_pdf_with_every_area_in_order(qapp, out: Path, report: ProgressReport) -> None:
    path = write_report(report, out / "r.pdf")
    raw = path.read_bytes()
    assert raw.startswith(b"%PDF-") and raw.rstrip().endswith(b"%%EOF")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", raw))
    assert pages > 1
    assert listing(out) == ["r.pdf"]
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(path), "-"], capture_output=True, text=True, timeout=60
        ).stdout
        text = re.sub(r"\s+", " ", text)
        start = 0
        for needle in (
            "1. Executive summary",
            "Area 1 —",
            "No area:",
            "3. Interactions by type and area",
            "4. Actions with no activity",
        ):
            found = text.find(needle, start)
            assert found >= 0, needle
            start = found


@pytest.mark.needs_qt
def test_cancelling_a_pdf_leaves_no_file(qapp, out: Path, report: ProgressReport) -> None:
    calls = {"n": 0}

    def cancelled() -> bool:  # let the HTML through, stop at the second PDF page
        calls["n"] += 1
        return calls["n"] > len(report.areas) + 2

    with pytest.raises(OperationCancelled, match="Report cancelled"):
        write_report(report, out / "r.pdf", cancelled=cancelled)
    assert listing(out) == []


SCRIPT = """
import datetime as dt, sys
from pathlib import Path
from eunato_desk.cli import main as cli_main
from eunato_desk.core.analysis.checklist import period_end_checklist
from eunato_desk.core.analysis.coverage import coverage_matrix
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.storage.opening import open_database
from eunato_desk.core.periods import Quarter
from eunato_desk.core.analysis.report import build_report
from eunato_desk.documents.write import write_report

with open_database(Path("desk.sqlite3"), create=True) as db:
    generate_demo_data(db, 50, seed=1)
    coverage_matrix(db, dt.date(2018, 1, 1), dt.date(2018, 12, 31))
    period_end_checklist(db, Quarter(2018, 2))
    report = build_report(db, dt.date(2018, 1, 1), dt.date(2018, 12, 31))
for name in sys.argv[1:]:
    write_report(report, name)
print("qt-modules:", len([m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))]))
"""


def test_html_odt_core_and_cli_modules_never_load_qt(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env["PYTHONPATH"] = str(REPO)
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SCRIPT), "a.html", "a.odt"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    assert "qt-modules: 0" in proc.stdout
    assert (tmp_path / "a.html").exists() and (tmp_path / "a.odt").exists()
