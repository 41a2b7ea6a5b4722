"""Dialogs for catalogue maintenance: edit or add an action."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core.catalogue.edit import ActionEdit
from eunato_desk.core.records import ActionRecord, AreaRecord


class ActionDialog(QDialog):
    """Title, description, area and set of an action; the number too when adding one."""

    def __init__(
        self,
        areas: tuple[AreaRecord, ...],
        action: ActionRecord | None = None,
        *,
        next_number: int = 75,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit action {action.number}" if action else "Add an action")
        self.number = QSpinBox(self)
        self.number.setRange(1, 999)
        self.number.setValue(action.number if action and action.number else next_number)
        self.number.setEnabled(action is None)
        self.title = QLineEdit(action.title if action else "", self)
        self.description = QPlainTextEdit(action.description if action else "", self)
        self.description.setTabChangesFocus(True)
        self.area = QComboBox(self)
        self.area.addItem("Not yet assigned", None)
        for area in areas:
            self.area.addItem(f"{area.code}. {area.name}", area.code)
        self.area.setCurrentIndex(max(0, self.area.findData(action.area_code if action else None)))
        self.set_year = QComboBox(self)
        for year in (2016, 2017):
            self.set_year.addItem(str(year), year)
        self.set_year.setCurrentIndex(
            max(0, self.set_year.findData(action.set_year if action else 2017))
        )
        self.message = QLabel(self)
        self.message.setStyleSheet("color: #c62828")
        self.message.setWordWrap(True)
        self.message.hide()
        form = QFormLayout()
        for text, widget in (
            ("&Number:", self.number),
            ("&Title:", self.title),
            ("&Description:", self.description),
            ("&Area:", self.area),
            ("&Set:", self.set_year),
        ):
            label = QLabel(text, self)
            label.setBuddy(widget)
            form.addRow(label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.resize(620, 360)

    def edit(self) -> ActionEdit:
        return ActionEdit(
            title=self.title.text(),
            description=self.description.toPlainText(),
            area_code=self.area.currentData(),
            set_year=self.set_year.currentData(),
        )

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
