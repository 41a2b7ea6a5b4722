"""The progress-report draft as an OpenDocument Text file (.odt), the format to edit: pure
Python, no Qt.

The same order and wording as the HTML draft (``report.html``, ``report.wording``), built
with the ODF toolkit (``documents.odf``): the parts, areas and actions are headings with
outline levels 1, 2 and 3 (Writer's Navigator shows the structure), the interactions real
bullet lists, the tables real tables; the counts table is on a landscape page (master page
Landscape) with the area names as columns; every page's header and footer carry the marking.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from eunato_desk.core.analysis.report import ProgressReport, ReportArea, ReportItem
from eunato_desk.documents import odf
from eunato_desk.documents.odf import h, inline, p, span
from eunato_desk.documents.report import wording as w

TYPE_COLUMN_CM = 4.6
NUMBER_COLUMN_CM = 2.4
FIXED_TABLES = {"Quiet": (1.8, 5.6, 10.0), "Compare": (8.6, 2.9, 2.9, 3.0)}

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
    '<style:style style:name="SmallHead" style:family="paragraph"'
    ' style:parent-style-name="Table_20_Heading">'
    '<style:text-properties fo:font-size="8pt"/></style:style>'
    '<style:style style:name="SmallNumberHead" style:family="paragraph"'
    ' style:parent-style-name="NumberHead">'
    '<style:text-properties fo:font-size="8pt"/></style:style>'
)


def _counts_widths(columns: int) -> tuple[float, ...]:
    """On a landscape page: the type column, then equal number columns (at most
    NUMBER_COLUMN_CM); the type column takes the rest of the width, at least TYPE_COLUMN_CM."""
    numbers = max(1, columns - 1)
    width = min(NUMBER_COLUMN_CM, (odf.LANDSCAPE_TEXT_WIDTH_CM - TYPE_COLUMN_CM) / numbers)
    return (odf.LANDSCAPE_TEXT_WIDTH_CM - numbers * width, *([width] * numbers))


def _item(item: ReportItem, extra: str = "") -> str:
    tag = w.item_tag(item)
    status = f" {span(inline(w.item_status(item)), 'Emphasis')}" if w.item_status(item) else ""
    outcome = inline(w.item_outcome(item))
    return (
        (f"{span(inline(tag), 'Strong_20_Emphasis')} " if tag else "")
        + f"{inline(w.item_lead(item))} {span(inline(item.title), 'Strong_20_Emphasis')}"
        + f"{status}{inline(extra)}. "
        + (outcome if item.outcome.strip() else span(outcome, "Emphasis"))
    )


def _bullets(texts: Sequence[str]) -> str:
    items = "".join(f"<text:list-item>{p(text)}</text:list-item>" for text in texts)
    return f'<text:list text:style-name="Bullets">{items}</text:list>'


def _area(section: ReportArea) -> str:
    out = [h(inline(w.area_heading(section)), 2)]
    for entry in section.actions:
        out.append(h(inline(w.action_heading(entry)), 3))
        out.append(_bullets([_item(i) for i in entry.items]))
    if section.unlinked:
        out.append(h(inline(w.unlinked_heading(section.unlinked)), 3))
        out.append(_bullets([_item(i) for i in section.unlinked]))
    return "".join(out)


def _numbers(tables: odf.Tables, layout: str, head, rows, columns=None, small=False) -> str:  # type: ignore[no-untyped-def]
    """A table whose first column is text and the others numbers; the last row bold;
    ``small``: headings in a smaller type (the area names of the counts table)."""
    bold = [span(inline(cell), "Strong_20_Emphasis") for cell in rows[-1]]
    body = [[inline(cell) for cell in r] for r in rows[:-1]] + [bold]
    header = [inline(cell) for cell in head]
    styles = {"head_style": "SmallHead", "number_head": "SmallNumberHead"} if small else {}
    return tables.table(layout, body, header, columns=columns, numeric_from=1, **styles)


def summary_xml(tables: odf.Tables, report: ProgressReport) -> str:
    out = [h(inline(w.PART_SUMMARY), 1)]
    out += [p(inline(line)) for line in w.summary_lines(report)]
    rows = w.comparison_rows(report)
    if len(rows) > 1:
        out.append(h(inline(w.PER_AREA), 2))
        out.append(_numbers(tables, "Compare", w.COMPARE_HEAD, rows))
        out.append(p(inline(w.TABLE_NOTE), "Muted"))
    out.append(h(inline(w.HIGHLIGHTS), 2))
    if report.highlights:
        out.append(
            _bullets([_item(i, f" {w.highlight_actions(i)}" if i.actions else "")
                      for i in report.highlights])
        )  # fmt: skip
    else:
        out.append(p(inline(w.NO_HIGHLIGHTS), "Muted"))
    out.append(p(inline(w.RULES_NOTE), "Muted"))
    return "".join(out)


def _counts(tables: odf.Tables, report: ProgressReport) -> str:
    if not report.table.types:
        return p(inline(w.NO_ACTIVITY), "Muted")
    head = w.table_head(report)
    # Every number column has the same width: two column styles serve any number of areas.
    columns = ["Counts.A"] + ["Counts.B"] * (len(head) - 1)
    out = _numbers(tables, "Counts", head, w.table_rows(report), columns, small=True)
    return out + p(inline(w.TABLE_NOTE), "Muted")


def _quiet(tables: odf.Tables, report: ProgressReport) -> str:
    if not report.quiet_actions:
        return p(inline(w.ALL_ACTIVE), "Muted")
    rows = [tuple(inline(c) for c in r) for r in w.quiet_rows(report)]
    return tables.table("Quiet", rows, w.QUIET_HEAD)


def _automatic(report: ProgressReport) -> str:
    widths = _counts_widths(len(w.table_head(report)))
    counts = odf.table_style("Counts", widths[:2], total=sum(widths))
    return odf.automatic_styles() + _LIST_STYLE + counts + odf.layout_styles(FIXED_TABLES)


def content_xml(report: ProgressReport, on_area: Callable[[int], None] | None = None) -> str:
    """The body of the document; ``on_area(i)`` after each area, as in ``report_html``."""
    tables = odf.Tables(FIXED_TABLES)
    body = [
        p(inline(report.title), "Title"),
        p(inline(report.subtitle), "Subtitle"),
        p(inline(w.byline(report)), "Muted"),
        summary_xml(tables, report),
        h(inline(w.PART_ACTIVITY), 1, "H1_20_new_20_page"),
    ]
    for i, section in enumerate(report.areas, 1):
        body.append(_area(section))
        if on_area is not None:
            on_area(i)
    if not report.areas:
        body.append(p(inline(w.NO_ACTIVITY), "Muted"))
    body.append(h(inline(w.PART_TABLE), 1, "H1_20_landscape"))
    body.append(_counts(tables, report))
    body.append(h(inline(w.quiet_heading(report)), 1, "H1_20_portrait"))
    body.append(_quiet(tables, report))
    return odf.document_content(_automatic(report), "".join(body))


def write_report_odt(
    report: ProgressReport, path: Path | str, on_area: Callable[[int], None] | None = None
) -> None:
    """Write ``report`` to ``path`` as .odt (the caller makes it atomic: see
    ``documents.write``)."""
    odf.write_package(path, content_xml(report, on_area), report)
