"""The ODT dossier: a valid OpenDocument package whose text holds every interaction in order."""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from eunato_desk.core.analysis.dossier import DossierDocument as Dossier
from eunato_desk.documents.dossier.odt import write_dossier_odt
from eunato_desk.documents.odf import MIMETYPE, NS

TEXT = NS["text"]
OFFICE = NS["office"]
TABLE = NS["table"]


def body_text(content: bytes) -> str:
    """The document text as a reader sees it: text:s, text:tab, text:line-break expanded."""
    root = ET.fromstring(content)

    def walk(node: ET.Element) -> str:
        out = []
        if node.tag == f"{{{TEXT}}}s":
            out.append(" " * int(node.get(f"{{{TEXT}}}c", "1")))
        elif node.tag == f"{{{TEXT}}}tab":
            out.append("\t")
        elif node.tag == f"{{{TEXT}}}line-break":
            out.append("\n")
        out.append(node.text or "")
        for child in node:
            out.append(walk(child))
            out.append(child.tail or "")
        if node.tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
            out.append("\n")
        return "".join(out)

    return walk(root)


@pytest.fixture
def odt(tmp_path: Path, dossier: Dossier) -> Path:
    path = tmp_path / "dossier.odt"
    write_dossier_odt(dossier, path)
    return path


def test_the_package_starts_with_a_stored_mimetype(odt: Path) -> None:
    raw = odt.read_bytes()
    # The signature tools rely on: the first local header names "mimetype", stored, no extra.
    assert raw[:4] == b"PK\x03\x04"
    assert raw[30:38] == b"mimetype"
    assert raw[38 : 38 + len(MIMETYPE)] == MIMETYPE.encode("ascii")
    with zipfile.ZipFile(odt) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert first.extra == b""
        assert zf.read("mimetype") == MIMETYPE.encode("ascii")
        names = set(zf.namelist())
        assert {"content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"} <= names
        assert zf.testzip() is None


def test_every_part_is_well_formed_xml_and_listed_in_the_manifest(odt: Path) -> None:
    with zipfile.ZipFile(odt) as zf:
        for name in ("content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"):
            ET.fromstring(zf.read(name))
        manifest = ET.fromstring(zf.read("META-INF/manifest.xml"))
    ns = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"
    entries = {
        e.get(f"{{{ns}}}full-path"): e.get(f"{{{ns}}}media-type")
        for e in manifest.iter(f"{{{ns}}}file-entry")
    }
    assert entries["/"] == MIMETYPE
    assert {"content.xml", "styles.xml", "meta.xml"} <= set(entries)


def test_content_holds_every_interaction_title_in_order(odt: Path, samples) -> None:
    with zipfile.ZipFile(odt) as zf:
        text = body_text(zf.read("content.xml"))
    samples.in_order(text, (*samples.first_titles, "Charlie: seminar on hybrid threats"))
    samples.in_order(text, ("Action 36:", "Action 37:", "Action (no number):"))
    # Tabs, runs of spaces and line breaks inside a value survive as ODF elements.
    assert "Tab\tand  double  spaces and\nline break" in text


def test_hostile_and_unicode_text_is_escaped_and_kept(odt: Path, samples) -> None:
    with zipfile.ZipFile(odt) as zf:
        content = zf.read("content.xml")
        meta = zf.read("meta.xml")
    text = body_text(content)
    assert samples.hostile in text
    assert samples.rtl in text
    assert samples.emoji in text
    assert "bell null escape vertical end" in text  # control characters removed
    assert b"<script>" not in content
    assert b"&lt;script&gt;" in content
    title = ET.fromstring(meta).find(f".//{{{NS['dc']}}}title")
    assert title is not None and title.text == f"Dossier — Area 3 dossier {samples.hostile}"


def test_structure_headings_tables_and_plain_statements(odt: Path) -> None:
    with zipfile.ZipFile(odt) as zf:
        root = ET.fromstring(zf.read("content.xml"))
    headings = [
        ("".join(h.itertext()), h.get(f"{{{TEXT}}}outline-level"))
        for h in root.iter(f"{{{TEXT}}}h")
    ]
    # An area's dossier: its summary, then one level-2 heading per action, interactions below.
    level_one = [text for text, level in headings if level == "1"]
    assert level_one == ["Summary"]
    level_two = [text.split(":")[0] for text, level in headings if level == "2"]
    assert [t for t in level_two if t.startswith("Action")] == [
        "Action 36", "Action 37", "Action (no number)"
    ]  # fmt: skip
    assert any(level == "4" and "Zulu" in text for text, level in headings)
    tables = list(root.iter(f"{{{TABLE}}}table"))
    names = [t.get(f"{{{TABLE}}}name") for t in tables]
    assert len(names) == len(set(names))  # ODF table names are unique
    text = body_text(ET.tostring(root))
    assert "No interaction is linked to this action yet." in text
    assert "2018-01-31 (OVERDUE)" in text
    assert "(linked as action 12)" in text
    assert "Already done" not in text
    assert "2019-01-05 10:00 UTC" in text


def test_progress_hook_is_called_after_each_section(tmp_path: Path, dossier: Dossier) -> None:
    seen: list[int] = []
    write_dossier_odt(dossier, tmp_path / "x.odt", seen.append)
    assert seen == [1, 2, 3]


def test_an_empty_dossier_is_still_a_valid_document(tmp_path: Path, samples) -> None:
    path = tmp_path / "empty.odt"
    write_dossier_odt(samples.document("Nothing", (), generated_at="not a timestamp"), path)
    with zipfile.ZipFile(path) as zf:
        text = body_text(zf.read("content.xml"))
        meta = ET.fromstring(zf.read("meta.xml"))
    assert "This dossier contains no action." in text
    assert meta.find(f".//{{{NS['meta']}}}creation-date") is None


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")), reason="no LibreOffice here"
)
def test_libreoffice_opens_it(tmp_path: Path, odt: Path) -> None:
    """When LibreOffice is installed, it converts the file to a PDF with the same text."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    out = tmp_path / "converted"
    profile = (tmp_path / "lo-profile").as_uri()
    proc = subprocess.run(
        [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(odt)],
        capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    pdf = out / "dossier.pdf"
    assert pdf.exists(), proc.stdout + proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60
        ).stdout
        assert re.search(r"Zulu: staff talks on cyber exercises", text)
