"""A progress-report draft as an OpenDocument Text file (.odt): pure Python, no Qt.

Built like the ODT dossier (``documents.odt``: same package layout, named styles, escaping
helpers, which it imports) with the wording of the HTML draft (``report_html``). Bullets are
real ODF lists; the counts table has one column per area with activity.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from eunato_desk.core.analysis.report import ProgressReport, ReportArea, ReportItem
from eunato_desk.documents.dossier.html import clean, stamp_text
from eunato_desk.documents.odf import (
    _HEAD,
    _XMLNS,
    ODF_VERSION,
    TEXT_WIDTH_CM,
    _automatic_styles,
    _h,
    _iso_datetime,
    _p,
    _span,
    _t,
    write_package,
)
from eunato_desk.documents.report.html import (
    ALL_ACTIVE,
    NO_ACTIVITY,
    PART_ACTIVITY,
    PART_QUIET,
    PART_TABLE,
    TABLE_NOTE,
    action_heading,
    area_heading,
    item_lead,
    item_outcome,
    item_status,
    quiet_rows,
    summary_lines,
    table_head,
    table_rows,
    unlinked_heading,
)

TYPE_COLUMN_CM = 6.0
NUMBER_COLUMN_CM = 2.0
FIXED_TABLES = {"Quiet": (1.8, 5.6, 10.0), "Legend": (2.2, 15.2)}

_LIST_STYLE = (
    '<text:list-style style:name="Bullets"><text:list-level-style-bullet text:level="1"'
    ' text:style-name="Bullet_20_Symbols" text:bullet-char="•">'
    '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
    '<style:list-level-label-alignment text:label-followed-by="listtab"'
    ' text:list-tab-stop-position="0.6cm" fo:text-indent="-0.4cm" fo:margin-left="0.6cm"/>'
    "</style:list-level-properties></text:list-level-style-bullet></text:list-style>"
    '<style:style style:name="Number" style:family="paragraph"'
    ' style:parent-style-name="Table_20_Contents"><style:paragraph-properties'
    ' fo:text-align="end"/></style:style>'
    '<style:style style:name="NumberHead" style:family="paragraph"'
    ' style:parent-style-name="Table_20_Heading"><style:paragraph-properties'
    ' fo:text-align="end"/></style:style>'
)


def _table_style(name: str, widths: Sequence[float], total: float | None = None) -> str:
    """A table style and one column style per given width (named name.A, name.B...)."""
    total = sum(widths) if total is None else total
    out = [
        f'<style:style style:name="{name}" style:family="table"><style:table-properties'
        f' style:width="{total:.2f}cm" table:align="left"'
        ' fo:margin-top="0.05cm" fo:margin-bottom="0.15cm"/></style:style>'
    ]
    for i, width in enumerate(widths):
        out.append(
            f'<style:style style:name="{name}.{chr(65 + i)}" style:family="table-column">'
            f'<style:table-column-properties style:column-width="{width:.2f}cm"/></style:style>'
        )
    return "".join(out)


def _counts_widths(columns: int) -> tuple[float, ...]:
    """The type column, then equal number columns (at most 2 cm); the type column takes the
    rest of the text width, at least TYPE_COLUMN_CM."""
    numbers = max(1, columns - 1)
    width = min(NUMBER_COLUMN_CM, (TEXT_WIDTH_CM - TYPE_COLUMN_CM) / numbers)
    return (TEXT_WIDTH_CM - numbers * width, *([width] * numbers))


class _Tables:
    """Numbers the tables (ODF table names are unique) and writes them."""

    def __init__(self) -> None:
        self.count = 0

    def table(
        self,
        layout: str,
        column_styles: Sequence[str],
        rows: Iterable[Sequence[str]],
        header: Sequence[str] | None = None,
        numeric_from: int | None = None,
        cell_style: str = "GridCell",
    ) -> str:
        """Cells are ready-made inline ODF (see ``_t``); columns from ``numeric_from`` on are
        right-aligned."""
        self.count += 1
        columns = "".join(
            f'<table:table-column table:style-name="{style}"/>' for style in column_styles
        )

        def row(cells: Sequence[str], text: str, number: str) -> str:
            out = []
            for i, cell in enumerate(cells):
                style = number if numeric_from is not None and i >= numeric_from else text
                out.append(
                    f'<table:table-cell table:style-name="{cell_style}"'
                    f' office:value-type="string">{_p(cell, style)}</table:table-cell>'
                )
            return f"<table:table-row>{''.join(out)}</table:table-row>"

        head = ""
        if header:
            head_row = row(header, "Table_20_Heading", "NumberHead")
            head = f"<table:table-header-rows>{head_row}</table:table-header-rows>"
        body = "".join(row(cells, "Table_20_Contents", "Number") for cells in rows)
        return (
            f'<table:table table:name="{layout}{self.count}" table:style-name="{layout}">'
            f"{columns}{head}{body}</table:table>"
        )


def _items(items: tuple[ReportItem, ...]) -> str:
    bullets = []
    for item in items:
        status = f" {_span(_t(item_status(item)), 'Emphasis')}" if item_status(item) else ""
        text = (
            f"{_t(item_lead(item))} {_span(_t(item.title), 'Strong_20_Emphasis')}{status}"
            f"<text:line-break/>{_span(_t(item_outcome(item)), 'Emphasis')}"
        )
        bullets.append(f"<text:list-item>{_p(text)}</text:list-item>")
    return f'<text:list text:style-name="Bullets">{"".join(bullets)}</text:list>'


def _area(section: ReportArea) -> str:
    out = [_h(_t(area_heading(section)), 2)]
    for entry in section.actions:
        out.append(_h(_t(action_heading(entry)), 3))
        out.append(_items(entry.items))
    if section.unlinked:
        out.append(_h(_t(unlinked_heading(section.unlinked)), 3))
        out.append(_items(section.unlinked))
    return "".join(out)


def _counts(tables: _Tables, report: ProgressReport) -> str:
    if not report.table.types:
        return _p(_t(NO_ACTIVITY), "Muted")
    head = table_head(report)
    rows = table_rows(report)
    bold = [_span(_t(cell), "Strong_20_Emphasis") for cell in rows[-1]]
    body = [[_t(cell) for cell in r] for r in rows[:-1]] + [bold]
    styles = ["Counts.A"] + ["Counts.B"] * (len(head) - 1)
    out = tables.table("Counts", styles, body, [_t(h) for h in head], numeric_from=1)
    out += _p(_t(TABLE_NOTE), "Muted")
    legend = [(_t(f"Area {a.code}"), _t(a.name)) for a in report.table.areas if a.code is not None]
    if legend:
        out += tables.table("Legend", ("Legend.A", "Legend.B"), legend, cell_style="Cell")
    return out


def _quiet(tables: _Tables, report: ProgressReport) -> str:
    if not report.quiet_actions:
        return _p(_t(ALL_ACTIVE), "Muted")
    rows = [tuple(_t(c) for c in r) for r in quiet_rows(report)]
    styles = ("Quiet.A", "Quiet.B", "Quiet.C")
    return tables.table("Quiet", styles, rows, ("Action", "Area", "Title"))


def _automatic(report: ProgressReport) -> str:
    widths = _counts_widths(len(table_head(report)))
    # Every number column has the same width: two column styles serve any number of areas.
    counts = _table_style("Counts", widths[:2], total=sum(widths))
    fixed = "".join(_table_style(name, widths) for name, widths in FIXED_TABLES.items())
    return _automatic_styles() + _LIST_STYLE + counts + fixed


def content_xml(report: ProgressReport, on_area: Callable[[int], None] | None = None) -> str:
    """The body of the document; ``on_area(i)`` after each area, as in ``report_html``."""
    tables = _Tables()
    body = [
        _p(_t(report.title), "Title"),
        _p(_t(report.subtitle), "Subtitle"),
        _p(_t(f"Generated {stamp_text(report.generated_at)}"), "Muted"),
        *(_p(_t(line)) for line in summary_lines(report)),
        _h(_t(PART_ACTIVITY), 1),
    ]
    for i, section in enumerate(report.areas, 1):
        body.append(_area(section))
        if on_area is not None:
            on_area(i)
    if not report.areas:
        body.append(_p(_t(NO_ACTIVITY), "Muted"))
    body.append(_h(_t(PART_TABLE), 1, "H1_20_new_20_page"))
    body.append(_counts(tables, report))
    body.append(_h(_t(f"{PART_QUIET} ({len(report.quiet_actions)})"), 1))
    body.append(_quiet(tables, report))
    return (
        f'{_HEAD}<office:document-content {_XMLNS} office:version="{ODF_VERSION}">'
        f"<office:automatic-styles>{_automatic(report)}</office:automatic-styles>"
        f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
        "</office:document-content>\n"
    )


def meta_xml(report: ProgressReport) -> str:
    stamp = _iso_datetime(report.generated_at)
    dates = f"<meta:creation-date>{stamp}</meta:creation-date><dc:date>{stamp}</dc:date>"
    return (
        f'{_HEAD}<office:document-meta {_XMLNS} office:version="{ODF_VERSION}"><office:meta>'
        "<meta:generator>EU-NATO Desk</meta:generator>"
        f"<dc:title>{escape(clean(report.title))}</dc:title>"
        f"<dc:subject>{escape(clean(report.subtitle))}</dc:subject>{dates if stamp else ''}"
        "</office:meta></office:document-meta>\n"
    )


def write_report_odt(
    report: ProgressReport, path: Path | str, on_area: Callable[[int], None] | None = None
) -> None:
    """Write ``report`` to ``path`` as .odt (the caller makes it atomic: see write.py)."""
    write_package(path, content_xml(report, on_area), meta_xml(report))
