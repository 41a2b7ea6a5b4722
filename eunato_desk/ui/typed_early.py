"""Keys typed while the window opens are kept, then given back once it is complete.

The main window shows its list before its commands exist (``MainWindow`` builds them once the
database is open), so an officer who starts the application and at once presses Ctrl+N and
types a title would otherwise lose those keys. ``TypedEarly`` holds every key pressed in the
window meanwhile; ``replay`` gives them back in order: a key that is the shortcut of an
enabled command where the focus is (the window's own commands, or one bound to the view that
has the focus) runs that command, any other key goes to the widget that has the focus then
(the new interaction's title, once Ctrl+N has opened the editor).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

# Keys on their own that start nothing (a shortcut's modifiers arrive with its key).
_MODIFIER_KEYS = {Qt.Key.Key_Control, Qt.Key.Key_Shift, Qt.Key.Key_Alt, Qt.Key.Key_Meta,
                  Qt.Key.Key_AltGr, Qt.Key.Key_CapsLock}  # fmt: skip


class TypedEarly(QObject):
    """Holds the keys pressed in ``window`` from now until ``replay``. It watches the
    window's own platform window (``windowHandle``), where the keyboard's events arrive
    before they are given to a widget: watching the whole application instead would run
    Python for every event of the first paint."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.keys: list[tuple[Qt.Key, Qt.KeyboardModifier, str]] = []
        window.winId()  # the platform window, made now rather than at ``show``
        self.handle = window.windowHandle()
        self.handle.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            return False
        if kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = Qt.Key(event.key())
            if key not in _MODIFIER_KEYS:
                self.keys.append((key, event.modifiers(), event.text()))
        return True  # held (the release of a held key is dropped)

    def replay(self) -> None:
        """Stop holding; run or deliver the held keys, in the order they were typed."""
        self.handle.removeEventFilter(self)
        keys, self.keys = self.keys, []
        for key, modifiers, text in keys:
            action = self._command_for(key, modifiers)
            if action is not None:
                action.trigger()
            else:
                target = QApplication.focusWidget() or self.window
                for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                    QApplication.sendEvent(target, QKeyEvent(kind, key, modifiers, text))
            QApplication.processEvents()  # a dialog the command opened takes the focus
        self.deleteLater()

    def _command_for(self, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> QAction | None:
        """The enabled command with this shortcut where the focus is, if any."""
        sequence = QKeySequence(QKeyCombination(modifiers, key))
        widget = QApplication.focusWidget()
        owners: list[QWidget] = []
        while widget is not None and widget is not self.window:
            owners.append(widget)
            widget = widget.parentWidget()
        owners.append(self.window)
        for owner in owners:
            for action in QWidget.actions(owner):  # (a form may name a field "actions")
                if action.isEnabled() and sequence in action.shortcuts():
                    return action
        return None
