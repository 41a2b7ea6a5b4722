"""The progress-report draft as one self-contained HTML document (the .html file, the preview
in the application, and the PDF's input).

Order, as the joint progress reports: the title, the period and who made it; 1. the
executive summary (the period against the previous one, per area; actions with and without
activity; the latest interactions with a recorded outcome); 2. per area and per action, what
happened (date, type, title, outcome, marking when not the lowest); 3. the counts per type
and area (area names as columns, on a landscape page of its own); 4. the active actions with
no activity. The wording is ``report.wording``; the page head, style sheet, tables and
marking banners are the shared toolkit's (``documents.html``); every value is escaped.
Pure Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable

from eunato_desk.core.analysis.report import ProgressReport, ReportArea, ReportItem
from eunato_desk.documents.html import Part, counts_table, esc, grid, html_document
from eunato_desk.documents.report import wording as w

# Qt's rich text (the PDF) ignores class selectors on cells, so alignment and the bold totals
# row are also given as attributes and <b>; it also ignores a font size on <h4>, so action
# headings are paragraphs marked as level-4 headings for screen readers.
REPORT_CSS = """
h2 { font-size: 14pt; margin: 18px 0 8px 0; border-bottom: 1px solid #444444; }
h3 { font-size: 12.5pt; margin: 18px 0 6px 0; }
.action { font-size: 10pt; font-weight: bold; margin: 8px 0 2px 0; }
ul { margin: 2px 0 6px 0; padding-left: 16px; }
li { margin: 0 0 3px 0; }
.counts th, .counts td { font-size: 9pt; }
"""


def _item_html(item: ReportItem, extra: str = "") -> str:
    tag = w.item_tag(item)
    status = f" <i>{esc(w.item_status(item))}</i>" if w.item_status(item) else ""
    outcome = w.item_outcome(item)
    shown = esc(outcome) if item.outcome.strip() else f"<span class='muted'>{esc(outcome)}</span>"
    return (
        f"<li>{f'<b>{esc(tag)}</b> ' if tag else ''}{esc(w.item_lead(item))} "
        f"<b dir='auto'>{esc(item.title)}</b>{status}{esc(extra)}. "
        f"<span dir='auto'>{shown}</span></li>"
    )


def _items_html(items: tuple[ReportItem, ...]) -> str:
    return f"<ul>{''.join(_item_html(item) for item in items)}</ul>"


def _action_head(text: str) -> str:
    return f"<p class='action' role='heading' aria-level='4' dir='auto'>{esc(text)}</p>"


def area_html(section: ReportArea) -> str:
    parts = [f"<h3 dir='auto'>{esc(w.area_heading(section))}</h3>"]
    for entry in section.actions:
        parts.append(f"{_action_head(w.action_heading(entry))}{_items_html(entry.items)}")
    if section.unlinked:
        parts.append(_action_head(w.unlinked_heading(section.unlinked)))
        parts.append(_items_html(section.unlinked))
    return f"<div class='area'>{''.join(parts)}</div>"


def summary_html(report: ProgressReport) -> str:
    """The executive summary."""
    out = [f"<h2>{esc(w.PART_SUMMARY)}</h2>"]
    out += [f"<p>{esc(line)}</p>" for line in w.summary_lines(report)]
    rows = w.comparison_rows(report)
    if len(rows) > 1:
        out.append(f"<h3>{esc(w.PER_AREA)}</h3>")
        out.append(counts_table(w.COMPARE_HEAD, rows, first="50%", total_row=True))
        out.append(f"<p class='muted'>{esc(w.TABLE_NOTE)}</p>")
    out.append(f"<h3>{esc(w.HIGHLIGHTS)}</h3>")
    if report.highlights:
        bullets = "".join(
            _item_html(item, f" {w.highlight_actions(item)}" if item.actions else "")
            for item in report.highlights
        )
        out.append(f"<ul>{bullets}</ul>")
    else:
        out.append(f"<p class='none'>{esc(w.NO_HIGHLIGHTS)}</p>")
    out.append(f"<p class='muted'>{esc(w.RULES_NOTE)}</p>")
    return "".join(out)


def _quiet_html(report: ProgressReport) -> str:
    if not report.quiet_actions:
        return f"<p class='none'>{esc(w.ALL_ACTIVE)}</p>"
    rows = "".join(
        f"<tr><td>{esc(n)}</td><td>{esc(area)}</td><td dir='auto'>{esc(title)}</td></tr>"
        for n, area, title in w.quiet_rows(report)
    )
    return grid(w.QUIET_HEAD, rows)


def report_parts(
    report: ProgressReport, on_area: Callable[[int], None] | None = None
) -> list[Part]:
    """The body of the draft: portrait, then the counts table on landscape pages, then
    portrait again. ``on_area(i)`` is called after the i-th area (1-based) is rendered, for
    progress and cancellation (it may raise OperationCancelled)."""
    areas = []
    for i, section in enumerate(report.areas, 1):
        areas.append(area_html(section))
        if on_area is not None:
            on_area(i)
    activity = "\n".join(areas) or f"<p class='none'>{esc(w.NO_ACTIVITY)}</p>"
    opening = (
        f"<h1>{esc(report.title)}</h1>"
        f"<p class='subtitle' dir='auto'>{esc(report.subtitle)}</p>"
        f"<p class='muted' dir='auto'>{esc(w.byline(report))}</p>\n"
        f"{summary_html(report)}\n"
        f"<h2 class='new-page'>{esc(w.PART_ACTIVITY)}</h2>\n{activity}\n"
    )
    if report.table.types:
        counts = (
            counts_table(w.table_head(report), w.table_rows(report), first="18%", total_row=True)
            + f"<p class='muted'>{esc(w.TABLE_NOTE)}</p>"
        )
    else:
        counts = f"<p class='none'>{esc(w.NO_ACTIVITY)}</p>"
    return [
        Part(opening),
        Part(f"<h2>{esc(w.PART_TABLE)}</h2>\n{counts}\n", landscape=True),
        Part(f"<h2>{esc(w.quiet_heading(report))}</h2>\n{_quiet_html(report)}\n"),
    ]


def report_html(report: ProgressReport, on_area: Callable[[int], None] | None = None) -> str:
    """The whole draft as a complete HTML document, between its marking banners."""
    return html_document(report, report_parts(report, on_area), REPORT_CSS)
