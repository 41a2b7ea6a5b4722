"""The reference lists (actions, areas, types, organisations, countries, people) the editor,
the filter bar and the catalogue dialogs choose from: read on the worker when a change
concerns them, then handed to whoever listens."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from eunato_desk.core.catalogue import actions as catalogue
from eunato_desk.core.records import Vocabulary
from eunato_desk.core.storage.db import Database
from eunato_desk.ui.changes import Changes
from eunato_desk.ui.ops import DbExecutor, JobContext, Op


def load_vocabulary(parent: QWidget, executor: DbExecutor) -> Op:
    def vocabulary(db: Database, _c: JobContext) -> Vocabulary:
        return catalogue.vocabulary(db)

    return Op(parent, executor, vocabulary, writes=False)


class VocabularySource(QObject):
    loaded = Signal(object)  # Vocabulary

    def __init__(self, parent: QWidget, executor: DbExecutor) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.executor = executor
        self.vocab = Vocabulary()
        executor.changed.connect(self._changed)

    def _changed(self, changes: Changes) -> None:
        if changes.touches_vocabulary():
            load_vocabulary(self.parent_widget, self.executor).success(self._loaded).run()

    def _loaded(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.loaded.emit(vocab)
