"""The progress-report draft: preview in the app, then saved as ODT/PDF/HTML."""

from __future__ import annotations

import zipfile

import pytest
from PySide6.QtWidgets import QFileDialog

from eunato_desk.core.demo import generate_demo_data


@pytest.mark.parametrize("suffix", ["odt", "pdf"])
def test_report_preview_and_save(db, window, settle, monkeypatch, tmp_path, suffix, screenshot_dir):
    generate_demo_data(db, 300, seed=9)
    dialog = window.open_report()
    settle(window)
    assert dialog.report is not None
    text = dialog.preview.toPlainText()
    for area in dialog.report.areas:
        assert area.area.name in text or area.area.label in text
    dialog.grab().save(str(screenshot_dir / "report-preview.png"))
    target = tmp_path / f"draft.{suffix}"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialog.save_as()
    settle(window)
    assert dialog.written == target and target.exists()
    if suffix == "pdf":
        assert target.read_bytes().startswith(b"%PDF-")
    else:
        with zipfile.ZipFile(target) as z:
            assert z.read("mimetype") == b"application/vnd.oasis.opendocument.text"
    assert dialog.message.text() == f"Saved to {target}"
