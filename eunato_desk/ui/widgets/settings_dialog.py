"""Settings: the officer's name (stamped on what they create and change)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from eunato_desk.core import settings as user_settings
from eunato_desk.core.errors import DeskError


class SettingsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, first_run: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to EU-NATO Desk" if first_run else "Settings")
        self.name = QLineEdit(user_settings.officer_name(), self)
        self.name.setPlaceholderText("e.g. Anna Virtanen")
        intro = QLabel(
            "Your name is recorded on every interaction you create or change, so colleagues "
            "reading the log know whom to ask."
            if first_run
            else "Your name is recorded on what you create and change.",
            self,
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        label = QLabel("Your &name:", self)
        label.setBuddy(self.name)
        form.addRow(label, self.name)
        self.stale = QSpinBox(self)
        self.stale.setRange(1, 60)
        self.stale.setSuffix(" months")
        self.stale.setValue(user_settings.stale_months())
        stale_label = QLabel("Flag actions &quiet for:", self)
        stale_label.setBuddy(self.stale)
        stale_label.setToolTip("Actions with no interaction for this long are flagged in red")
        form.addRow(stale_label, self.stale)
        self.config_path = QLabel(str(user_settings.config_path()), self)
        self.config_path.setWordWrap(True)
        form.addRow(QLabel("Settings file:", self), self.config_path)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.problem = QLabel(self)
        self.problem.setObjectName("fieldMessage")
        self.problem.setStyleSheet("color: #c62828;")
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(520, 200)

    def accept(self) -> None:
        try:
            user_settings.save(
                {"officer_name": " ".join(self.name.text().split()),
                 "stale_months": int(self.stale.value())}
            )  # fmt: skip
        except DeskError as exc:  # say why, and let the officer cancel: never stuck
            self.problem.setText(exc.message)
            self.problem.show()
            return
        super().accept()
