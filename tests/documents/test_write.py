"""write_dossier: dispatch on the suffix; the file appears whole or not at all."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from eunato_desk.core.analysis.dossier import DossierDocument as Dossier
from eunato_desk.core.errors import OperationCancelled, ValidationError
from eunato_desk.documents import odf
from eunato_desk.documents.write import write_dossier

REPO = Path(__file__).resolve().parents[2]


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def cancel_after(sections: int):  # type: ignore[no-untyped-def]
    """A cancelled() that turns true once ``sections`` sections have been reported."""
    state = {"done": 0}

    def progress(done: int, total: int) -> None:
        state["done"] = done

    def cancelled() -> bool:
        return state["done"] >= sections

    return progress, cancelled


@pytest.mark.parametrize("name", ["d.html", "d.htm", "D.HTML", "d.odt"])
def test_html_and_odt_are_written_with_progress_per_section(
    tmp_path: Path, dossier: Dossier, name: str
) -> None:
    seen: list[tuple[int, int]] = []
    result = write_dossier(dossier, tmp_path / name, progress=lambda d, t: seen.append((d, t)))
    assert result == tmp_path / name
    assert listing(tmp_path) == [name]  # no temporary file left beside it
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    data = result.read_bytes()
    if name.lower().endswith((".html", ".htm")):
        assert data.startswith(b"<!DOCTYPE html>")
        assert "Zulu: staff talks on cyber exercises" in data.decode("utf-8")
    else:
        with zipfile.ZipFile(result) as zf:
            assert zf.namelist()[0] == "mimetype"


def test_pdf_is_written(qapp, tmp_path: Path, dossier: Dossier) -> None:
    seen: list[tuple[int, int]] = []
    result = write_dossier(dossier, tmp_path / "d.pdf", progress=lambda d, t: seen.append((d, t)))
    raw = result.read_bytes()
    assert raw.startswith(b"%PDF-") and raw.rstrip().endswith(b"%%EOF")
    assert b"/Type /Page" in raw
    assert listing(tmp_path) == ["d.pdf"]
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)


def test_an_existing_file_is_replaced(tmp_path: Path, dossier: Dossier) -> None:
    target = tmp_path / "d.html"
    target.write_text("old", encoding="utf-8")
    write_dossier(dossier, target)
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert listing(tmp_path) == ["d.html"]


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_new_file_gets_ordinary_permissions(tmp_path: Path, dossier: Dossier) -> None:
    umask = os.umask(0o022)
    try:
        write_dossier(dossier, tmp_path / "d.html")
    finally:
        os.umask(umask)
    assert (tmp_path / "d.html").stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("name", ["d.txt", "d.docx", "d", "d.pdf.bak"])
def test_unsupported_suffix_is_refused_and_nothing_written(
    tmp_path: Path, dossier: Dossier, name: str
) -> None:
    with pytest.raises(ValidationError) as info:
        write_dossier(dossier, tmp_path / name)
    assert info.value.field == "output"
    assert "choose .html, .odt or .pdf" in info.value.message
    assert listing(tmp_path) == []


def test_a_missing_folder_or_a_folder_as_target_is_refused(
    tmp_path: Path, dossier: Dossier
) -> None:
    with pytest.raises(ValidationError, match="does not exist"):
        write_dossier(dossier, tmp_path / "nowhere" / "d.html")
    (tmp_path / "d.odt").mkdir()
    with pytest.raises(ValidationError, match="is a folder"):
        write_dossier(dossier, tmp_path / "d.odt")
    assert listing(tmp_path) == ["d.odt"]


@pytest.mark.parametrize("name", ["d.html", "d.odt"])
@pytest.mark.parametrize("after", [0, 1, 3])
def test_cancelling_leaves_no_file(tmp_path: Path, dossier: Dossier, name: str, after: int) -> None:
    progress, cancelled = cancel_after(after)
    with pytest.raises(OperationCancelled):
        write_dossier(dossier, tmp_path / name, progress=progress, cancelled=cancelled)
    assert listing(tmp_path) == []


def test_cancelling_a_pdf_leaves_no_file(qapp, tmp_path: Path, long_dossier: Dossier) -> None:
    """Cancel once the sections are done: the PDF writer checks between pages."""
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 4  # at the start, after the section, before pages 1 and 2: go

    with pytest.raises(OperationCancelled):
        write_dossier(long_dossier, tmp_path / "d.pdf", cancelled=cancelled)
    assert listing(tmp_path) == []


def test_cancelling_keeps_the_previous_file(tmp_path: Path, dossier: Dossier) -> None:
    target = tmp_path / "d.odt"
    target.write_bytes(b"previous")
    progress, cancelled = cancel_after(2)
    with pytest.raises(OperationCancelled):
        write_dossier(dossier, target, progress=progress, cancelled=cancelled)
    assert target.read_bytes() == b"previous"
    assert listing(tmp_path) == ["d.odt"]


def test_a_failure_while_writing_leaves_no_temporary_file(
    tmp_path: Path, dossier: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(path: Path, content: str, meta: str) -> None:
        Path(path).write_bytes(b"half a zip")
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(odf, "write_package", broken)
    with pytest.raises(RuntimeError, match="disk on fire"):
        write_dossier(dossier, tmp_path / "d.odt")
    assert listing(tmp_path) == []


def test_an_os_error_becomes_a_validation_error(
    tmp_path: Path, dossier: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(path: Path, content: str, meta: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(odf, "write_package", full)
    with pytest.raises(ValidationError, match="No space left on device") as info:
        write_dossier(dossier, tmp_path / "d.odt")
    assert info.value.field == "output"
    assert listing(tmp_path) == []


SCRIPT = """
import datetime as dt, sys
from eunato_desk.core.analysis.dossier import DossierDocument, DossierEntry, summarise
from eunato_desk.core.records import ActionDossier, ActionRecord
from eunato_desk.documents.write import write_dossier

action = ActionRecord("u", 7, 2016, 1, "Hybrid", "Seven", "", "active", "official")
entry = DossierEntry("i", dt.date(2018, 1, 2), None, "Workshop", "Only one", "held", "",
                     7, (), (), "", "")
sections = (ActionDossier(action, (entry,), ()),)
dossier = DossierDocument("T", "", "All dates", "now", "", "", "", sections,
                          summarise(sections, (), ()))
for name in sys.argv[1:]:
    write_dossier(dossier, name)
qt = sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6")))
print("qt-modules:", len(qt))
if qt:
    from PySide6.QtGui import QGuiApplication
    print("platform:", QGuiApplication.platformName())
"""


def run_script(tmp_path: Path, *names: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.pop("DISPLAY", None)
    env.pop("WAYLAND_DISPLAY", None)
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SCRIPT), *names],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        stdin=subprocess.DEVNULL,
    )


def test_html_and_odt_never_load_qt(tmp_path: Path) -> None:
    proc = run_script(tmp_path, "a.html", "a.odt")
    assert proc.returncode == 0, proc.stderr
    assert "qt-modules: 0" in proc.stdout
    assert listing(tmp_path) == ["a.html", "a.odt"]


def test_a_plain_process_without_a_display_writes_a_pdf(tmp_path: Path) -> None:
    """As the command line does: no application yet, no display; Qt is started offscreen."""
    proc = run_script(tmp_path, "a.pdf")
    assert proc.returncode == 0, proc.stderr
    assert "platform: offscreen" in proc.stdout
    raw = (tmp_path / "a.pdf").read_bytes()
    assert raw.startswith(b"%PDF-") and b"/Type /Page" in raw
    assert listing(tmp_path) == ["a.pdf"]
