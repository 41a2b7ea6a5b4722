"""The progress-report draft as HTML and ODT: every area and every action with activity, in
order; bullets with date, type, title and outcome; counts table; actions without activity;
hostile and unicode text escaped and kept."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

from eunato_desk.core.analysis.coverage import AreaKey
from eunato_desk.core.analysis.report import (
    ProgressReport,
    ReportAction,
    ReportArea,
    ReportItem,
    TypeAreaTable,
    build_report,
)
from eunato_desk.core.catalogue import edit as catalogue_edit
from eunato_desk.core.catalogue.edit import ActionEdit
from eunato_desk.core.demo import generate_demo_data
from eunato_desk.core.records import ActionRecord
from eunato_desk.documents.odf import MIMETYPE, NS
from eunato_desk.documents.report.html import report_html
from eunato_desk.documents.report.odt import content_xml, write_report_odt
from eunato_desk.documents.report.wording import item_lead

D = dt.date
TEXT, TABLE = NS["text"], NS["table"]


def action(number: int | None, title: str, area: int | None, status: str = "active"):  # type: ignore[no-untyped-def]
    return ActionRecord(
        uuid=f"a-{number}-{title[:8]}",
        number=number,
        set_year=2016,
        area_code=area,
        area_name={1: "Countering hybrid threats", 3: "Cyber & defence"}.get(area or 0),
        title=title,
        description="",
        status=status,
        confidence="to_be_confirmed",
    )


def item(title: str, day: dt.date, outcome: str = "Agreed.", status: str = "held") -> ReportItem:
    return ReportItem(f"i-{title[:10]}-{day}", day, "Staff talks", title, outcome, status)


def make_report(samples) -> ProgressReport:  # type: ignore[no-untyped-def]
    hybrid, cyber = AreaKey(1, "Countering hybrid threats"), AreaKey(3, "Cyber & defence")
    retired = action(20, "Retired one", 3, "retired")
    areas = (
        ReportArea(
            hybrid,
            (
                ReportAction(
                    action(3, f"Hostile {samples.hostile}", 1),
                    (
                        item(f"Alpha {samples.hostile}", D(2018, 1, 5), f"Out {samples.hostile}"),
                        item("Bravo planned", D(2018, 2, 1), "", status="planned"),
                    ),
                ),
                ReportAction(
                    action(12, f"Unicode {samples.rtl}", 1),
                    (item(f"Charlie {samples.emoji}", D(2018, 3, 31), "Line 1\nLine 2"),),
                ),
            ),
            (),
            3,
        ),
        ReportArea(
            cyber,
            (ReportAction(retired, (item("Delta", D(2018, 4, 1)),)),),
            (),
            1,
        ),
        ReportArea(
            AreaKey(None, "No area"),
            (ReportAction(action(40, "Without area", None), (item("Echo", D(2018, 5, 1)),)),),
            (item(f"Foxtrot {samples.control}", D(2018, 6, 30)),),
            2,
        ),
    )  # fmt: skip
    table = TypeAreaTable(
        types=("Staff talks",),
        areas=(hybrid, cyber, AreaKey(None, "No area")),
        counts=((3, 1, 2),),
        type_totals=(6,),
        area_totals=(3, 1, 2),
        total=6,
    )
    quiet = (action(5, f"Quiet {samples.hostile}", 1), action(None, "Unnumbered", None))
    return ProgressReport(
        title="Progress report draft",
        subtitle="3rd report (June 2018): January – June 2018",
        date_from=D(2018, 1, 1),
        date_to=D(2018, 6, 30),
        today=D(2018, 7, 2),
        generated_at="2018-07-02T09:00:00Z",
        total=6,
        active_actions=5,
        areas=areas,
        table=table,
        quiet_actions=quiet,
    )


ORDER = [
    "1. Executive summary",
    "6 interactions between EU and NATO staffs were logged from 1 January 2018 to 30 June 2018.",
    "Highlights",
    "2. Activity by area and action",
    "Area 1 — Countering hybrid threats: 3 interactions",
    "Action 3: Hostile",
    "2018-01-05 — Staff talks — Alpha",
    "Outcome: Out <script>",
    "2018-02-01 — Staff talks — Bravo planned",
    "(planned)",
    "No outcome recorded.",
    "Action 12: Unicode",
    "Charlie",
    "Outcome: Line 1 Line 2",
    "Area 3 — Cyber & defence: 1 interaction",
    "Action 20: Retired one (retired) — 1 interaction",
    "No area: 2 interactions",
    "Action 40: Without area — 1 interaction",
    "Not linked to any action — 1 interaction",
    "Foxtrot bell null escape vertical end",
    "3. Interactions by type and area",
    "Type Countering hybrid threats Cyber & defence No area Total",
    "Staff talks 3 1 2 6",
    "Total 3 1 2 6",
    "4. Actions with no activity (2)",
    "5 1 — Countering hybrid threats Quiet",
    "— — Unnumbered",
]


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = False
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self.tags.append(tag)
        self.skip = tag in ("style", "title")
        self.parts.append(" ")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        self.skip = False
        self.parts.append(" ")

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if not self.skip:
            self.parts.append(data)


def html_text(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return re.sub(r"\s+", " ", "".join(parser.parts)), parser.tags


def odt_text(content: bytes) -> str:
    root = ET.fromstring(content)
    blocks = []
    for node in root.iter():
        if node.tag in (f"{{{TEXT}}}p", f"{{{TEXT}}}h"):
            inner = []
            for part in node.iter():
                if part.tag == f"{{{TEXT}}}line-break":
                    inner.append(" ")
                inner.append(part.text or "")
                if part is not node:
                    inner.append(part.tail or "")
            blocks.append("".join(inner))
    return re.sub(r"\s+", " ", " ".join(blocks))


def in_order(text: str, needles: list[str]) -> None:
    start = 0
    for needle in needles:
        found = text.find(needle, start)
        assert found >= 0, f"{needle!r} missing or out of order after {text[start : start + 80]!r}"
        start = found + len(needle)


def test_html_has_everything_in_order_and_escaped(samples) -> None:
    report = make_report(samples)
    seen: list[int] = []
    html = report_html(report, seen.append)
    assert seen == [1, 2, 3]
    text, tags = html_text(html)
    in_order(text, ORDER)
    assert samples.hostile in text and samples.rtl in text and samples.emoji in text
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "script" not in tags and "img" not in tags and "link" not in tags
    assert "Content-Security-Policy" in html and html.startswith("<!DOCTYPE html>")
    assert "The period is not over" not in text  # today is after the period
    assert "4 of the 5 active actions had at least one interaction; 2 had none" not in text
    assert "1 retired action also had activity (marked retired)." in text


def test_odt_has_everything_in_order_and_is_a_valid_package(tmp_path: Path, samples) -> None:
    report = make_report(samples)
    path = tmp_path / "report.odt"
    seen: list[int] = []
    write_report_odt(report, path, seen.append)
    assert seen == [1, 2, 3]
    with zipfile.ZipFile(path) as zf:
        first = zf.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert zf.read("mimetype") == MIMETYPE.encode()
        for name in ("content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"):
            ET.fromstring(zf.read(name))
        content = zf.read("content.xml")
    in_order(odt_text(content), ORDER)
    assert b"<script>" not in content
    root = ET.fromstring(content)
    assert len(list(root.iter(f"{{{TEXT}}}list"))) == 5  # one list of bullets per block
    tables = list(root.iter(f"{{{TABLE}}}table"))
    names = [t.get(f"{{{TABLE}}}name") for t in tables]
    assert len(names) == len(set(names))
    counts = tables[0]
    columns = counts.findall(f"{{{TABLE}}}table-column")
    cells = counts.find(f".//{{{TABLE}}}table-row").findall(f"{{{TABLE}}}table-cell")
    assert len(columns) == len(cells) == 5  # type, three areas, total


def test_an_empty_period_says_so_in_both_formats(db) -> None:
    report = build_report(db, D(2018, 1, 1), D(2018, 3, 31), today=D(2018, 2, 1))
    text, _ = html_text(report_html(report))
    assert "No interaction was logged in this period." in text
    assert "4. Actions with no activity (74)" in text
    assert "The period is not over" in text
    odt = odt_text(content_xml(report).encode())
    assert "No interaction was logged in this period." in odt


@pytest.fixture
def demo_report(db):  # type: ignore[no-untyped-def]
    for number, code in {20: 3, 21: 2, 30: 7}.items():
        catalogue_edit.update_action(db, number, ActionEdit(f"Action {number}", "", code, 2016))
    generate_demo_data(db, 500, seed=4)
    return build_report(db, D(2018, 1, 1), D(2018, 6, 30))


def expected_headings(report: ProgressReport) -> list[str]:
    out = []
    for area in report.areas:
        label = "No area" if area.area.code is None else f"Area {area.area.code} —"
        out.append(label)
        for entry in area.actions:
            out.append(f"Action {entry.action.number}: {entry.action.title} — ")
            out += [f"{item_lead(i)} {i.title}" for i in entry.items]
    return out


def test_demo_report_files_hold_every_area_action_and_bullet_in_order(
    tmp_path: Path, demo_report: ProgressReport
) -> None:
    assert [a.area.code for a in demo_report.areas] == [1, 2, 3, 7, None]
    needles = expected_headings(demo_report)
    assert len(needles) > 150
    html_body, _ = html_text(report_html(demo_report))
    in_order(html_body, needles)
    path = tmp_path / "r.odt"
    write_report_odt(demo_report, path)
    with zipfile.ZipFile(path) as zf:
        in_order(odt_text(zf.read("content.xml")), needles)


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")), reason="no LibreOffice here"
)
def test_libreoffice_converts_the_odt(tmp_path: Path, samples) -> None:
    """When LibreOffice is installed, it opens the file and prints the same text."""
    path = tmp_path / "report.odt"
    write_report_odt(make_report(samples), path)
    office = shutil.which("soffice") or shutil.which("libreoffice")
    out = tmp_path / "converted"
    profile = (tmp_path / "lo-profile").as_uri()
    proc = subprocess.run(
        [office, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=240, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    pdf = out / "report.pdf"
    assert pdf.exists(), proc.stdout + proc.stderr
    assert pdf.read_bytes().startswith(b"%PDF-")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], capture_output=True, text=True, timeout=60
        ).stdout
        in_order(re.sub(r"\s+", " ", text), ["Area 1", "Action 3", "Area 3", "No area", "Total"])
