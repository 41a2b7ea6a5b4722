"""The PDF dossier: Qt's text engine on QPdfWriter; A4 pages, from the GUI thread or a worker."""

from __future__ import annotations

import re
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from PySide6.QtCore import QRunnable, QThread, QThreadPool

from eunato_desk.core.analysis.dossier import DossierDocument as Dossier
from eunato_desk.core.errors import OperationCancelled
from eunato_desk.documents.dossier.html import dossier_html
from eunato_desk.documents.pdf import write_pdf


def page_objects(raw: bytes) -> int:
    """Count the page objects (/Type /Page, not /Pages) in the PDF."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", raw))


def check_pdf(raw: bytes) -> None:
    assert raw.startswith(b"%PDF-")
    assert raw.rstrip().endswith(b"%%EOF")
    assert page_objects(raw) >= 1


def media_boxes(raw: bytes) -> list[tuple[float, ...]]:
    return [
        tuple(float(v) for v in box.split())
        for box in re.findall(rb"/MediaBox\s*\[([\d.\s]+)\]", raw)
    ]


def test_a_valid_a4_pdf_with_one_page_object_per_page(qapp, tmp_path: Path, dossier) -> None:
    path = tmp_path / "dossier.pdf"
    pages = write_pdf(dossier_html(dossier), path)
    raw = path.read_bytes()
    check_pdf(raw)
    assert page_objects(raw) == pages
    # Cover page, then each of the three actions on a page of its own (the first takes two).
    assert pages >= 4
    boxes = media_boxes(raw)
    assert boxes, "no MediaBox"
    for box in boxes:  # A4 is 595 x 842 points
        assert box[2] - box[0] == pytest.approx(595, abs=1)
        assert box[3] - box[1] == pytest.approx(842, abs=1)
    assert b"EU-NATO Desk" in raw  # the creator in the document information


def test_a_long_dossier_runs_over_several_pages(
    qapp, tmp_path: Path, long_dossier: Dossier
) -> None:
    path = tmp_path / "long.pdf"
    pages = write_pdf(dossier_html(long_dossier), path)
    raw = path.read_bytes()
    check_pdf(raw)
    assert pages > 1
    assert page_objects(raw) == pages


def test_the_text_is_in_the_pdf(qapp, tmp_path: Path, long_dossier: Dossier) -> None:
    """Glyphs are subset fonts, so look for the footer's page count via the text operators:
    Qt writes page content streams compressed; inflate them and look for text drawing."""
    path = tmp_path / "long.pdf"
    pages = write_pdf(dossier_html(long_dossier), path)
    raw = path.read_bytes()
    streams = re.findall(rb"stream\r?\n(.*?)\r?\nendstream", raw, re.S)
    drawn = 0
    for data in streams:
        try:
            text = zlib.decompress(data)
        except zlib.error:
            continue
        drawn += text.count(b"Tj") + text.count(b"TJ")
    assert drawn >= pages  # every page draws text (at least its footer)


def test_cancelling_between_pages_raises(qapp, tmp_path: Path, long_dossier: Dossier) -> None:
    asked: list[bool] = []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > 2  # let two pages through, then cancel

    with pytest.raises(OperationCancelled):
        write_pdf(dossier_html(long_dossier), tmp_path / "x.pdf", cancelled)
    assert len(asked) == 3


def test_it_runs_in_a_worker_thread_beside_the_gui(qapp, tmp_path: Path, dossier) -> None:
    """The GUI runs exports on its executor's QThreadPool thread while the application runs
    on the main thread; the pool is then destroyed, so the thread also exits within the test
    (a Qt warning at either point would fail it)."""
    html = dossier_html(dossier)
    path = tmp_path / "thread.pdf"
    outcome: list[object] = []

    class Job(QRunnable):
        def run(self) -> None:
            try:
                outcome.append((write_pdf(html, path), QThread.currentThread() != qapp.thread()))
            except BaseException as exc:  # reported to the test thread below
                outcome.append(exc)

    pool = QThreadPool()
    job = Job()
    job.setAutoDelete(False)
    pool.start(job)
    assert pool.waitForDone(120_000)
    del pool  # waits for the worker thread to finish
    assert len(outcome) == 1 and isinstance(outcome[0], tuple), outcome
    pages, off_main_thread = outcome[0]
    assert off_main_thread
    check_pdf(path.read_bytes())
    assert page_objects(path.read_bytes()) == pages


# Each call of a void Qt method (QPainter.save, translate, setPen, ...) took one reference from
# None with PySide6/shiboken6 6.12.0 on CPython 3.11: a PDF of some 300 pages made None's count
# reach zero at interpreter shutdown ("Fatal Python error: none_dealloc", exit 134).
VOID_CALLS = """
import sys
from PySide6.QtCore import QRectF
from eunato_desk.documents.pdf import ensure_gui_application
ensure_gui_application()
probe = QRectF()
for _ in range(200_000):
    probe.moveTop(0.0)
print("None has references:", sys.getrefcount(None) > 0)
"""


@pytest.mark.needs_qt
def test_void_qt_calls_never_free_none(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", VOID_CALLS],
        capture_output=True, text=True, cwd=tmp_path, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "Fatal" not in proc.stderr
    assert proc.stdout == "None has references: True\n"


@pytest.mark.needs_qt
def test_an_area_dossier_of_3000_interactions_as_pdf(run_cli, tmp_path: Path) -> None:
    """The command that aborted after writing its PDF: 3,000 demo interactions, area 1."""
    db = tmp_path / "desk.sqlite3"
    assert run_cli("--db", db, "db", "upgrade").code == 0
    demo = run_cli("--db", db, "demo", "--interactions", "3000")
    assert demo.code == 0, demo
    res = run_cli("--db", db, "dossier", "--area", "1", "-o", "area-1.pdf")
    assert res.code == 0, res
    assert "Fatal" not in res.err and "Traceback" not in res.err, res
    assert re.fullmatch(
        r"Wrote area-1\.pdf \(\d+ actions, \d+ interactions; all dates; marking UNCLASSIFIED\)\.\n",
        res.out,
    )
    raw = (tmp_path / "area-1.pdf").read_bytes()
    assert raw.startswith(b"%PDF-") and raw.rstrip().endswith(b"%%EOF")
    assert page_objects(raw) > 100  # hundreds of pages: the size that used to crash
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".pdf")) == ["area-1.pdf"]
