"""HTML to PDF with Qt's own engine: QTextDocument laid out in A4 pages, painted on QPdfWriter.

The only module of ``eunato_desk.documents`` that imports Qt; write.py loads it only for .pdf.

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
from collections.abc import Callable
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

MARGINS_MM = QMarginsF(16.0, 15.0, 16.0, 12.0)  # left, top, right, bottom (footer inside)
RESOLUTION_DPI = 300
FOOTER_POINT_SIZE = 8.0
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


def write_pdf(html: str, path: Path | str, cancelled: Callable[[], bool] | None = None) -> int:
    """Render ``html`` to an A4 PDF at ``path``, with "page n of N" in each footer.

    Returns the number of pages. ``cancelled()`` is asked before each page; when it turns
    true, OperationCancelled is raised (the caller removes the partial file: see write.py)."""
    ensure_gui_application()
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION_DPI)
    writer.setCreator(CREATOR)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            MARGINS_MM,
            QPageLayout.Unit.Millimeter,
        )
    )
    doc = QTextDocument()
    doc.setUndoRedoEnabled(False)
    # Lay out with the writer's own font metrics (not the screen's): what is measured is printed.
    doc.documentLayout().setPaintDevice(writer)
    doc.setDocumentMargin(0)
    doc.setHtml(html)
    title = doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle)
    writer.setTitle(title)

    footer_font = QFont(doc.defaultFont())
    footer_font.setPointSizeF(FOOTER_POINT_SIZE)
    footer_metrics = QFontMetricsF(footer_font, writer)
    width, height = float(writer.width()), float(writer.height())
    footer_height = footer_metrics.height()
    page_height = height - 2.5 * footer_height  # the body stops above the footer line
    doc.setPageSize(QSizeF(width, page_height))
    pages = doc.pageCount()

    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette = _black_text_palette()
    painter = QPainter()
    if not painter.begin(writer):
        raise DeskError(f"Cannot write the PDF file {path}.")
    try:
        for page in range(pages):
            if cancelled is not None and cancelled():
                raise OperationCancelled("Dossier cancelled; no file was written.")
            if page:
                writer.newPage()
            body = QRectF(0.0, page * page_height, width, page_height)
            painter.save()
            painter.translate(0.0, -body.top())
            painter.setClipRect(body)
            context.clip = body
            doc.documentLayout().draw(painter, context)
            painter.restore()
            _footer(painter, footer_font, QRectF(0, height - footer_height, width, footer_height),
                    title, f"Page {page + 1} of {pages}")  # fmt: skip
    finally:
        painter.end()
    return pages


def _footer(painter: QPainter, font: QFont, box: QRectF, title: str, page_text: str) -> None:
    painter.save()
    painter.setFont(font)
    painter.setPen(QColor("#555555"))
    metrics = QFontMetricsF(font, painter.device())
    page_width = metrics.horizontalAdvance(page_text)
    room = max(0.0, box.width() - page_width - metrics.horizontalAdvance("    "))
    painter.drawText(box, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, page_text)
    if title and room > 0:
        elided = metrics.elidedText(title, Qt.TextElideMode.ElideRight, room)
        painter.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)
    painter.restore()
