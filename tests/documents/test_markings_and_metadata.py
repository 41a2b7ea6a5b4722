"""Markings and metadata of the documents an officer sends upward, through the real command
line: interactions logged with `log --marking`, then `dossier` and `report` in PDF, ODT and
HTML. The PDF is read back with pypdf (its text page by page, its information dictionary),
the ODT's XML parts with ElementTree, the HTML as text.

- a document holding a LIMITE interaction says LIMITE at the top and the bottom of every page
  (HTML: at the top and at the end), and that item says its own marking;
- a document whose content is all of the lowest marking says that one only;
- author (--officer, else the name in Settings), title, subject and creation date are set;
- the period of a dossier keeps out what is outside it."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from eunato_desk.core import settings

LIMITE, LOWEST = "LIMITE", "UNCLASSIFIED"
NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
}
TODAY = dt.datetime.now(dt.UTC).date()


@pytest.fixture
def desk(run_cli, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A database with action 5's history: two UNCLASSIFIED interactions and one LIMITE in
    2018, one UNCLASSIFIED (by its alias) in 2019."""
    path = tmp_path / "desk.sqlite3"
    assert run_cli("--db", path, "db", "upgrade").code == 0
    for title, day, marking in [
        ("Staff talks on the playbook", "2018-03-05", LOWEST),
        ("Sensitive exchange on assessments", "2018-05-02", LIMITE),
        ("Workshop on resilience", "2018-09-12", LOWEST),
        ("Seminar on lessons learned", "2019-02-20", "UNCLAS"),
    ]:
        done = run_cli(
            "--db", path, "log", "--title", title, "--date", day, "--type", "Seminar",
            "--action", "5", "--marking", marking, "--location", "Brussels",
        )  # fmt: skip
        assert done.code == 0, done.err
    return path


def write(run_cli, desk: Path, *args: str) -> None:  # type: ignore[no-untyped-def]
    done = run_cli("--db", desk, *args)
    assert done.code == 0, done.err


def pdf_pages(path: Path) -> list[list[tuple[float, str]]]:
    """Each page's pieces of text, top of the page first: (height on the page, text)."""
    pages = []
    for page in PdfReader(path).pages:
        pieces: list[tuple[float, str]] = []

        def seen(text, cm, tm, _font, _size, into=pieces) -> None:  # type: ignore[no-untyped-def]
            if text.strip():  # the height in page space: the text matrix, then the CTM
                height = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                into.append((float(height), " ".join(text.split())))

        page.extract_text(visitor_text=seen)
        pages.append(sorted(pieces, key=lambda piece: -piece[0]))
    return pages


def check_pdf(path: Path, marking: str, author: str, title: str, period: str) -> str:
    """Every page starts with the marking (the highest text on the page) and has it again in
    its footer, among the lowest; the information dictionary is complete. Returns the text."""
    pages = pdf_pages(path)
    assert pages
    for number, pieces in enumerate(pages, 1):
        texts = [text for _y, text in pieces]
        assert texts[0] == marking, (number, texts[:3])
        assert marking in texts[-3:], (number, texts[-3:])
        assert f"Page {number} of {len(pages)}" in texts[-3:]
    info = PdfReader(path).metadata
    assert info is not None
    assert (info.author, info.title) == (author, title)
    assert info.subject and info.subject.endswith(period), info.subject
    assert info.creation_date is not None and info.creation_date.date() == TODAY
    return "\n".join(text for pieces in pages for _y, text in pieces)


def odt_part(path: Path, name: str) -> ET.Element:
    with zipfile.ZipFile(path) as odt:
        return ET.fromstring(odt.read(name))


def odt_text(element: ET.Element) -> str:
    return "".join(element.itertext())


def check_odt(path: Path, marking: str, author: str, title: str, period: str) -> str:
    """The page style's header and footer hold the marking; meta.xml is complete. Returns the
    text of the body."""
    styles = odt_part(path, "styles.xml")
    masters = styles.findall(".//style:master-page", NS)
    assert masters
    for master in masters:
        header = master.find("style:header", NS)
        footer = master.find("style:footer", NS)
        assert header is not None and odt_text(header) == marking
        assert footer is not None and odt_text(footer).startswith(marking)
    meta = odt_part(path, "meta.xml").find("office:meta", NS)
    assert meta is not None
    assert meta.findtext("dc:creator", namespaces=NS) == author
    assert meta.findtext("meta:initial-creator", namespaces=NS) == author
    assert meta.findtext("dc:title", namespaces=NS) == title
    assert (meta.findtext("dc:subject", namespaces=NS) or "").endswith(period)
    created = meta.findtext("meta:creation-date", namespaces=NS) or ""
    assert created.startswith(TODAY.isoformat())
    body = odt_part(path, "content.xml").find("office:body", NS)
    assert body is not None
    return "\n".join(odt_text(p) for p in body.iter() if p.tag.endswith(("}p", "}h")))


def check_html(path: Path, marking: str, author: str, title: str, period: str) -> str:
    """The marking is the first and the last thing of the body; the head's metadata is set.
    Returns the text (tags removed)."""
    html = path.read_text(encoding="utf-8")
    banners = re.findall(r"<p class='marking[^']*'>([^<]*)", html)
    assert banners[0] == banners[-1] == marking and len(banners) == 2
    body = html[html.index("<body") :]
    text_positions = [m.start() for m in re.finditer(r">[^<\s][^<]*<", body)]
    assert body.find(f">{marking}") == text_positions[0]
    assert body.rfind(f">{marking}") == text_positions[-1]
    metas = dict(re.findall(r"<meta name='([^']+)' content='([^']*)'>", html))
    assert metas["author"] == metas["dcterms.creator"] == author
    assert metas["dcterms.title"] == title
    assert metas["dcterms.subject"].endswith(period)
    assert metas["dcterms.created"].startswith(TODAY.isoformat())
    assert metas["classification"] == marking
    return re.sub(r"<[^>]+>", " ", body)


CHECKS = {"pdf": check_pdf, "odt": check_odt, "html": check_html}


@pytest.mark.parametrize("suffix", ["pdf", "odt", "html"])
def test_a_limite_item_marks_every_page_and_itself(run_cli, desk, tmp_path, suffix) -> None:
    out = tmp_path / f"action-5.{suffix}"
    write(run_cli, desk, "dossier", "--action", "5", "--officer", "Jean Dupont", "-o", str(out))
    title = "Dossier — Action 5: Coordinated reaction to a hybrid crisis scenario"
    text = CHECKS[suffix](out, LIMITE, "Jean Dupont", title, "all dates")
    flat = " ".join(text.split())
    # The LIMITE item says so; the others (lowest marking) say nothing.
    assert re.search(r"\[LIMITE\]\s*2018-05-02", flat), flat[:400]
    assert flat.count("[LIMITE]") == 1
    assert f"[{LOWEST}]" not in flat

    report = tmp_path / f"report-2018.{suffix}"
    write(run_cli, desk, "report", "--from", "2018-01-01", "--to", "2018-12-31", "--officer",
          "Jean Dupont", "-o", str(report))  # fmt: skip
    title = "Progress report draft: 1 January 2018 – 31 December 2018"
    text = CHECKS[suffix](report, LIMITE, "Jean Dupont", title, "31 December 2018")
    assert " ".join(text.split()).count("[LIMITE]") == 1


@pytest.mark.parametrize("suffix", ["pdf", "odt", "html"])
def test_all_lowest_says_the_lowest_only_and_the_period_keeps_out_the_rest(
    run_cli, desk, tmp_path, suffix
) -> None:
    settings.set_officer_name("Anna Virtanen")  # the author when --officer is not given
    out = tmp_path / f"action-5-2019.{suffix}"
    write(run_cli, desk, "dossier", "--action", "5", "--from", "2019-01-01", "--to",
          "2019-12-31", "-o", str(out))  # fmt: skip
    title = "Dossier — Action 5: Coordinated reaction to a hybrid crisis scenario"
    text = CHECKS[suffix](out, LOWEST, "Anna Virtanen", title, "31 December 2019")
    assert LIMITE not in text
    assert "Seminar on lessons learned" in text
    for outside in ("Staff talks on the playbook", "Sensitive exchange", "Workshop on resilience"):
        assert outside not in text
    assert "1 January 2019 – 31 December 2019" in " ".join(text.split())

    report = tmp_path / f"report-2019.{suffix}"
    write(run_cli, desk, "report", "--from", "2019-01-01", "--to", "2019-12-31", "-o",
          str(report))  # fmt: skip
    title = "Progress report draft: 1 January 2019 – 31 December 2019"
    text = CHECKS[suffix](report, LOWEST, "Anna Virtanen", title, "31 December 2019")
    assert LIMITE not in text


def test_the_cli_says_the_marking_and_period_it_wrote(run_cli, desk, tmp_path) -> None:
    done = run_cli(
        "--db", desk, "dossier", "--action", "5", "--from", "2018-05-02", "--to", "2018-05-02",
        "-o", "one-day.html",
    )  # fmt: skip
    assert done.code == 0, done.err
    assert done.out == (
        "Wrote one-day.html (1 action, 1 interaction; 2 May 2018; marking LIMITE).\n"
    )
    half = run_cli("--db", desk, "dossier", "--action", "5", "--from", "2018-05-02", "-o",
                   tmp_path / "half.html")  # fmt: skip
    assert half.code == 2
    assert "give both --from and --to" in half.err
    assert not (tmp_path / "half.html").exists()
