"""HTML to PDF with Qt's own engine: QTextDocument laid out in A4 pages, painted on QPdfWriter.

The only module of ``eunato_desk.documents`` that imports Qt; write.py loads it only for .pdf.
Each page gets a header and a footer painted here: the document's marking at the top and the
bottom, the title and "Page n of N" at the bottom. A document may mix portrait and landscape
pages (a wide table): each run is laid out as its own QTextDocument, the pages numbered
through. Title, author and creator go in the PDF's information through QPdfWriter (Qt adds
the creation date), the subject through ``pdf_info``.

Threads. Qt documents QTextDocument and its layout as reentrant, and QPainter as usable outside
the GUI thread on printer-like devices (QImage, QPrinter, QPicture; QPdfWriter is the same
PDF engine), with text rendering supported in threads since Qt 5 ("Thread-Support in Qt
Modules"). So ``write_pdf`` may run in a worker thread while the GUI runs, provided a
QGuiApplication already exists: every object it uses (document, writer, painter) is created,
used and dropped inside the call, none is a widget, and the document holds no QPixmap. What
must happen on the main thread is creating the application; when there is none (a plain
command-line process) ``write_pdf`` creates one, and it refuses to do that off the main thread.

Use a Qt thread for that work (QThreadPool / QThread, as the GUI's DbExecutor does; tested).
A plain ``threading.Thread`` also produces a correct file, but when that thread ends Qt logs
"QBasicTimer::start: current thread's event dispatcher has already been destroyed" while it
tears down the thread's font cache: harmless, yet fatal to a test run with qt_log_level_fail.

None's reference count: PySide6/shiboken6 6.12.0 on CPython 3.11 returns ``None`` from every
``void`` method without the reference it owes, so a long PDF (nine such calls a page) drove
the count of ``None`` to zero at exit ("Fatal Python error: none_dealloc", exit 134).
pyproject.toml excludes that release and constraints.txt pins 6.11.3;
``tests/documents/test_pdf.py`` checks the installed binding.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextDocument,
)

from eunato_desk.core.errors import DeskError, OperationCancelled
from eunato_desk.documents.pdf_info import add_subject
from eunato_desk.documents.text import Described

MARGINS_MM = QMarginsF(16.0, 15.0, 16.0, 12.0)  # left, top, right, bottom (footer inside)
RESOLUTION_DPI = 300
FOOTER_POINT_SIZE = 8.0
MARKING_POINT_SIZE = 9.0
CREATOR = "EU-NATO Desk"

# An application this module had to create (command line): kept for the life of the process.
_own_app: QGuiApplication | None = None


def _headless() -> bool:
    """True on a Unix desktop-less process (no X11 or Wayland display to talk to)."""
    if sys.platform in ("win32", "darwin"):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def ensure_gui_application() -> QGuiApplication:
    """The running QGuiApplication (the GUI's QApplication is one), or a new one.

    A new one is created only on the main thread, offscreen when there is no display (and
    QT_QPA_PLATFORM is not set), so ``eunato-desk dossier -o x.pdf`` works over SSH or in CI."""
    global _own_app
    app = QCoreApplication.instance()
    if app is not None:
        if not isinstance(app, QGuiApplication):
            raise DeskError("Writing a PDF needs a QGuiApplication; this process has a plain "
                            "QCoreApplication.")  # fmt: skip
        return app
    if threading.current_thread() is not threading.main_thread():
        raise DeskError("Writing a PDF from a worker thread needs the application to exist "
                        "already; create it on the main thread first.")  # fmt: skip
    if _headless() and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    _own_app = QGuiApplication([sys.argv[0] if sys.argv and sys.argv[0] else "eunato-desk"])
    return _own_app


def _black_text_palette() -> QPalette:
    """Dark text on white paper, whatever the desktop theme of a running GUI."""
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Text, QColor("#111111"))
        palette.setColor(group, QPalette.ColorRole.WindowText, QColor("#111111"))
        palette.setColor(group, QPalette.ColorRole.Base, QColor("#ffffff"))
    return palette


def _page_layout(landscape: bool) -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        MARGINS_MM,
        QPageLayout.Unit.Millimeter,
    )


class _Bands:
    """The header (the marking) and the footer (the title, the marking, "Page n of N") of
    every page, and the height left between them for the body."""

    def __init__(self, font: QFont, device: QPdfWriter, title: str, marking: str) -> None:
        self.font = QFont(font)
        self.font.setPointSizeF(FOOTER_POINT_SIZE)
        self.mark_font = QFont(font)
        self.mark_font.setPointSizeF(MARKING_POINT_SIZE)
        self.mark_font.setBold(True)
        heights = (QFontMetricsF(f, device).height() for f in (self.font, self.mark_font))
        self.line = max(heights)
        self.title = title
        self.marking = marking

    def body_top(self) -> float:
        return 2.0 * self.line if self.marking else 0.0

    def body_height(self, height: float) -> float:
        return height - self.body_top() - 2.5 * self.line

    def paint(self, painter: QPainter, width: float, height: float, page_text: str) -> None:
        painter.save()
        painter.setPen(QColor("#111111"))
        if self.marking:
            painter.setFont(self.mark_font)
            centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter
            for top in (0.0, height - self.line):
                painter.drawText(QRectF(0, top, width, self.line), centre, self.marking)
        painter.setFont(self.font)
        painter.setPen(QColor("#555555"))
        metrics = QFontMetricsF(self.font, painter.device())
        box = QRectF(0, height - self.line, width, self.line)
        middle = Qt.AlignmentFlag.AlignVCenter
        painter.drawText(box, Qt.AlignmentFlag.AlignRight | middle, page_text)
        gap = metrics.horizontalAdvance("    ")
        side = metrics.horizontalAdvance(page_text) + gap
        if self.marking:  # the title stays left of the marking, as the page number right of it
            mark = QFontMetricsF(self.mark_font, painter.device()).horizontalAdvance(self.marking)
            side = max(side, (width + mark) / 2 + gap)
        room = max(0.0, width - side)
        if self.title and room > 0:
            elided = metrics.elidedText(self.title, Qt.TextElideMode.ElideRight, room)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | middle, elided)
        painter.restore()


def _document(writer: QPdfWriter, html: str, size: QSizeF) -> QTextDocument:
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    # Lay out with the writer's own font metrics (not the screen's): what is measured is printed.
    doc.documentLayout().setPaintDevice(writer)
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    doc.setPageSize(size)
    return doc


def write_pdf(
    pages: str | Sequence[tuple[str, bool]],
    path: Path | str,
    cancelled: Callable[[], bool] | None = None,
    about: Described | None = None,
) -> int:
    """Render ``pages`` (an HTML page, or HTML pages each with its orientation, True for
    landscape) to an A4 PDF at ``path``, one after the other. Every page has the marking of
    ``about`` in its header and its footer, and "page n of N" and the title in its footer;
    the PDF's information gives its title, author, subject and creator (``pdf_info``).

    Returns the number of pages. ``cancelled()`` is asked before each page; when it turns
    true, OperationCancelled is raised (the caller removes the partial file: see write.py)."""
    if isinstance(pages, str):
        pages = [(pages, False)]
    count = _paint(pages, path, cancelled, about)
    if about is not None and about.subject:  # Qt has no setter for it (see pdf_info)
        add_subject(path, about.subject)
    return count


def _paint(
    pages: Sequence[tuple[str, bool]],
    path: Path | str,
    cancelled: Callable[[], bool] | None,
    about: Described | None,
) -> int:
    """Write the PDF; the writer (and its file) is gone when this returns."""
    ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setCreator(CREATOR)
    writer.setPageLayout(_page_layout(pages[0][1]))
    first = _document(writer, pages[0][0], QSizeF(1, 1))
    title = first.metaInformation(QTextDocument.MetaInformation.DocumentTitle)
    if about is not None:
        title = about.document_title
        writer.setAuthor(about.author)
    writer.setTitle(title)
    bands = _Bands(first.defaultFont(), writer, title, about.marking if about else "")
    laid_out = []
    for html, landscape in pages:
        area = _page_layout(landscape).paintRectPixels(RESOLUTION_DPI)
        width, height = float(area.width()), float(area.height())
        size = QSizeF(width, bands.body_height(height))
        laid_out.append((_document(writer, html, size), landscape, width, height))
    total = sum(doc.pageCount() for doc, *_ in laid_out)

    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette = _black_text_palette()
    painter = QPainter()
    if not painter.begin(writer):
        raise DeskError(f"Cannot write the PDF file {path}.")
    number = 0
    try:
        for doc, landscape, width, height in laid_out:
            page_height = doc.pageSize().height()
            for page in range(doc.pageCount()):
                if cancelled is not None and cancelled():
                    raise OperationCancelled("Dossier cancelled; no file was written.")
                if number:
                    writer.setPageLayout(_page_layout(landscape))
                    writer.newPage()
                number += 1
                body = QRectF(0.0, page * page_height, width, page_height)
                painter.save()
                painter.translate(0.0, bands.body_top() - body.top())
                painter.setClipRect(body)
                context.clip = body
                doc.documentLayout().draw(painter, context)
                painter.restore()
                bands.paint(painter, width, height, f"Page {number} of {total}")
    finally:
        painter.end()
    return total
