"""Small charts drawn with QPainter: stacked columns and horizontal bars.

Readable in light and dark palettes (text, axes and grid follow the widget's palette; the
series colours are mid-tones that read on both), with the value under the mouse in a tooltip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

# Colour-blind-safe mid-tones (Okabe-Ito and friends), distinguishable on light and dark.
SERIES_COLOURS = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
    "#7F7F7F", "#882255", "#44AA99", "#999933",
)  # fmt: skip


MAX_COLUMN = 96.0  # pixels


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[int, ...]


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    step = 10 ** (len(str(value)) - 1)
    for m in (1, 2, 2.5, 5, 10):
        if value <= m * step:
            return int(m * step)
    return value


class _HoverChart(QWidget):
    """A chart whose parts tell their values in a tooltip under the mouse."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self._boxes: list[tuple[QRectF, str]] = []  # where each part was drawn, what it says

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        tip = self.tooltip_at(event.position())
        if tip is None:
            QToolTip.hideText()
        else:
            QToolTip.showText(event.globalPosition().toPoint(), tip, self)

    def _say_empty(self, painter: QPainter, text: QColor) -> None:
        painter.setPen(text)
        painter.drawText(
            self.rect(), Qt.AlignmentFlag.AlignCenter, "No interactions in this period."
        )

    def tooltip_at(self, pos: QPointF) -> str | None:
        """The text shown on hover at ``pos`` (used by tests)."""
        return next((tip for box, tip in self._boxes if box.contains(pos)), None)


class StackedColumnChart(_HoverChart):
    """One column per category (e.g. quarter), stacked by series (e.g. area)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumHeight(220)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.categories: tuple[str, ...] = ()
        self.series: tuple[Series, ...] = ()
        self.totals: tuple[int, ...] = ()

    def set_data(
        self,
        categories: Sequence[str],
        series: Sequence[Series],
        totals: Sequence[int] | None = None,
    ) -> None:
        self.categories = tuple(categories)
        self.series = tuple(series)
        stacked = [sum(s.values[i] for s in self.series) for i in range(len(self.categories))]
        self.totals = tuple(totals) if totals is not None else tuple(stacked)
        self._stacked_max = max(stacked, default=0)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(640, 300)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        grid = QColor(text)
        grid.setAlpha(50)
        fm = QFontMetrics(self.font())
        legend_h = fm.height() + 8 if self.series else 0
        left, top, bottom = fm.horizontalAdvance("00000") + 8, 8 + legend_h, fm.height() * 2 + 8
        plot = QRectF(
            left, top, max(10, self.width() - left - 8), max(10, self.height() - top - bottom)
        )
        self._boxes = []
        if not any(self.totals):  # no quarter, or nothing in any: say so, not empty axes
            self._say_empty(painter, text)
            return
        top_value = _nice_max(getattr(self, "_stacked_max", 0))
        painter.setPen(QPen(grid, 1))
        for i in range(6):
            y = plot.bottom() - plot.height() * i / 5
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text)
            tick = QRectF(0, y - fm.height() / 2, left - 4, fm.height())
            painter.drawText(tick, Qt.AlignmentFlag.AlignRight, str(round(top_value * i / 5)))
            painter.setPen(QPen(grid, 1))
        n = len(self.categories)
        slot = plot.width() / n
        width = min(max(3.0, slot * 0.7), MAX_COLUMN)  # one quarter: a column, not a wall
        every = max(1, int(fm.horizontalAdvance("2018 Q1 ") / max(slot, 1)) + 1)
        for i, label in enumerate(self.categories):
            x = plot.left() + slot * i + (slot - width) / 2
            y = plot.bottom()
            for k, s in enumerate(self.series):
                value = s.values[i]
                if not value:
                    continue
                h = plot.height() * value / top_value
                box = QRectF(x, y - h, width, h)
                painter.fillRect(box, QColor(SERIES_COLOURS[k % len(SERIES_COLOURS)]))
                self._boxes.append((box, f"{label} — {s.name}: {value}"))
                y -= h
            total_box = QRectF(x, plot.top(), width, plot.bottom() - plot.top())
            self._boxes.append((total_box, f"{label}: {self.totals[i]} interaction(s)"))
            if i % every == 0:
                painter.setPen(text)
                wide = fm.horizontalAdvance(label) + 2
                centred = plot.left() + slot * (i + 0.5) - wide / 2
                at = min(max(0.0, centred), self.width() - wide)  # never past an edge
                where = QRectF(at, plot.bottom() + 4, wide, fm.height())
                painter.drawText(where, Qt.AlignmentFlag.AlignHCenter, label)
        x = left
        for k, s in enumerate(self.series):
            painter.fillRect(QRectF(x, 6, 10, 10), QColor(SERIES_COLOURS[k % len(SERIES_COLOURS)]))
            painter.setPen(text)
            painter.drawText(QPointF(x + 14, 6 + fm.ascent() - 1), s.name)
            x += 14 + fm.horizontalAdvance(s.name) + 14


class HorizontalBarChart(_HoverChart):
    """One bar per category with its value written at the end (e.g. interactions by type)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: tuple[tuple[str, int], ...] = ()

    def set_data(self, items: Sequence[tuple[str, int]]) -> None:
        self.items = tuple(items)
        fm = QFontMetrics(self.font())
        self.setMinimumHeight(max(80, (fm.height() + 2) * len(self.items) + 8))
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 300)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        fm = QFontMetrics(self.font())
        self._boxes = []
        if not self.items:
            self._say_empty(painter, text)
            return
        label_w = min(self.width() // 2, max(fm.horizontalAdvance(n) for n, _ in self.items) + 10)
        value_w = fm.horizontalAdvance("000000")
        top_value = max(v for _, v in self.items) or 1
        row_h = max(fm.height() + 2, min(fm.height() + 8, (self.height() - 8) / len(self.items)))
        for i, (name, value) in enumerate(self.items):
            y = 4 + i * row_h
            painter.setPen(text)
            align = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            shown = fm.elidedText(name, Qt.TextElideMode.ElideRight, label_w - 6)
            painter.drawText(QRectF(0, y, label_w - 6, row_h), align, shown)
            w = (self.width() - label_w - value_w - 8) * value / top_value
            box = QRectF(label_w, y + 3, max(1.0, w), row_h - 6)
            painter.fillRect(box, QColor(SERIES_COLOURS[0]))
            painter.drawText(
                QRectF(label_w + w + 4, y, value_w, row_h),
                Qt.AlignmentFlag.AlignVCenter,
                str(value),
            )
            self._boxes.append((QRectF(0, y, self.width(), row_h), f"{name}: {value}"))
