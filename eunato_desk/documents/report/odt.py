"""The progress-report draft as an OpenDocument Text file (.odt): pure Python, no Qt.

Built with the ODF toolkit (``documents.odf``: package, named styles, tables, escaping) and
the wording of the HTML draft (``report.html``). Bullets are real ODF lists; the counts
table has one column per area with activity.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from eunato_desk.core.analysis.report import ProgressReport, ReportArea, ReportItem
from eunato_desk.documents import odf
from eunato_desk.documents.dossier.odt import TABLES as DOSSIER_TABLES
from eunato_desk.documents.odf import h, inline, p, span
from eunato_desk.documents.report.html import (
    ALL_ACTIVE,
    NO_ACTIVITY,
    PART_ACTIVITY,
    PART_QUIET,
    PART_TABLE,
    QUIET_HEAD,
    TABLE_NOTE,
    action_heading,
    area_heading,
    item_lead,
    item_outcome,
    item_status,
    legend_rows,
    quiet_rows,
    summary_lines,
    table_head,
    table_rows,
    unlinked_heading,
)
from eunato_desk.documents.text import stamp_text

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


def _counts_widths(columns: int) -> tuple[float, ...]:
    """The type column, then equal number columns (at most 2 cm); the type column takes the
    rest of the text width, at least TYPE_COLUMN_CM."""
    numbers = max(1, columns - 1)
    width = min(NUMBER_COLUMN_CM, (odf.TEXT_WIDTH_CM - TYPE_COLUMN_CM) / numbers)
    return (odf.TEXT_WIDTH_CM - numbers * width, *([width] * numbers))


def _items(items: tuple[ReportItem, ...]) -> str:
    bullets = []
    for item in items:
        status = f" {span(inline(item_status(item)), 'Emphasis')}" if item_status(item) else ""
        text = (
            f"{inline(item_lead(item))} {span(inline(item.title), 'Strong_20_Emphasis')}{status}"
            f"<text:line-break/>{span(inline(item_outcome(item)), 'Emphasis')}"
        )
        bullets.append(f"<text:list-item>{p(text)}</text:list-item>")
    return f'<text:list text:style-name="Bullets">{"".join(bullets)}</text:list>'


def _area(section: ReportArea) -> str:
    out = [h(inline(area_heading(section)), 2)]
    for entry in section.actions:
        out.append(h(inline(action_heading(entry)), 3))
        out.append(_items(entry.items))
    if section.unlinked:
        out.append(h(inline(unlinked_heading(section.unlinked)), 3))
        out.append(_items(section.unlinked))
    return "".join(out)


def _counts(tables: odf.Tables, report: ProgressReport) -> str:
    if not report.table.types:
        return p(inline(NO_ACTIVITY), "Muted")
    head = table_head(report)
    rows = table_rows(report)
    bold = [span(inline(cell), "Strong_20_Emphasis") for cell in rows[-1]]
    body = [[inline(cell) for cell in r] for r in rows[:-1]] + [bold]
    # Every number column has the same width: two column styles serve any number of areas.
    columns = ["Counts.A"] + ["Counts.B"] * (len(head) - 1)
    header = [inline(cell) for cell in head]
    out = tables.table("Counts", body, header, columns=columns, numeric_from=1)
    out += p(inline(TABLE_NOTE), "Muted")
    legend = [(inline(label), inline(name)) for label, name in legend_rows(report)]
    if legend:
        out += tables.table("Legend", legend, cell_style="Cell")
    return out


def _quiet(tables: odf.Tables, report: ProgressReport) -> str:
    if not report.quiet_actions:
        return p(inline(ALL_ACTIVE), "Muted")
    rows = [tuple(inline(c) for c in r) for r in quiet_rows(report)]
    return tables.table("Quiet", rows, QUIET_HEAD)


def _automatic(report: ProgressReport) -> str:
    widths = _counts_widths(len(table_head(report)))
    counts = odf.table_style("Counts", widths[:2], total=sum(widths))
    # The dossier's table styles come along (unused here) so the file stays as it was.
    return (
        odf.automatic_styles()
        + odf.layout_styles(DOSSIER_TABLES)
        + _LIST_STYLE
        + counts
        + odf.layout_styles(FIXED_TABLES)
    )


def content_xml(report: ProgressReport, on_area: Callable[[int], None] | None = None) -> str:
    """The body of the document; ``on_area(i)`` after each area, as in ``report_html``."""
    tables = odf.Tables(FIXED_TABLES)
    body = [
        p(inline(report.title), "Title"),
        p(inline(report.subtitle), "Subtitle"),
        p(inline(f"Generated {stamp_text(report.generated_at)}"), "Muted"),
        *(p(inline(line)) for line in summary_lines(report)),
        h(inline(PART_ACTIVITY), 1),
    ]
    for i, section in enumerate(report.areas, 1):
        body.append(_area(section))
        if on_area is not None:
            on_area(i)
    if not report.areas:
        body.append(p(inline(NO_ACTIVITY), "Muted"))
    body.append(h(inline(PART_TABLE), 1, "H1_20_new_20_page"))
    body.append(_counts(tables, report))
    body.append(h(inline(f"{PART_QUIET} ({len(report.quiet_actions)})"), 1))
    body.append(_quiet(tables, report))
    return odf.document_content(_automatic(report), "".join(body))


def write_report_odt(
    report: ProgressReport, path: Path | str, on_area: Callable[[int], None] | None = None
) -> None:
    """Write ``report`` to ``path`` as .odt (the caller makes it atomic: see
    ``documents.write``)."""
    odf.write_package(path, content_xml(report, on_area), report)
