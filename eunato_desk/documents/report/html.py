"""The progress-report draft: its wording, and the draft as one self-contained HTML document.

The wording helpers at the top (headings, bullets, summary, table cells) are format-neutral
and shared with the ODT draft (``report.odt``). The HTML uses the shared toolkit
(``documents.html``): the dossier's page head, style sheet and tables plus a style block of its
own, every value escaped; the same HTML feeds the PDF writer. Pure Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable

from eunato_desk.core.analysis.coverage import NO_AREA, AreaKey
from eunato_desk.core.analysis.report import (
    ProgressReport,
    ReportAction,
    ReportArea,
    ReportItem,
    day_text,
)
from eunato_desk.core.records import ActionRecord
from eunato_desk.documents.html import esc, facts_table, grid, html_document, ruled_table
from eunato_desk.documents.text import (
    DASH,
    action_label,
    area_text,
    paragraphs,
    plural,
    stamp_text,
)

PART_ACTIVITY = "1. Activity by area and action"
PART_TABLE = "2. Interactions by type and area"
PART_QUIET = "3. Actions with no activity"
NO_ACTIVITY = "No interaction was logged in this period."
ALL_ACTIVE = "Every active action had at least one interaction in this period."
UNLINKED = "Not linked to any action"
TABLE_NOTE = (
    "An interaction linked to actions of several areas counts in each of those areas and "
    "once in the totals. “No area” also holds interactions linked to no action."
)
QUIET_HEAD = ("Action", "Area", "Title")
RULES_NOTE = (
    "Counted: interactions whose start date is in the period, neither cancelled nor in the "
    "Trash; links made under an earlier action number count for the current number."
)


def area_title(area: AreaKey) -> str:
    return NO_AREA if area.code is None else f"Area {area.code} {DASH} {area.name}"


def area_heading(section: ReportArea) -> str:
    return f"{area_title(section.area)}: {plural(section.count, 'interaction')}"


def action_title(action: ActionRecord) -> str:
    retired = " (retired)" if action.status != "active" else ""
    return f"{action_label(action)}: {action.title}{retired}"


def action_heading(entry: ReportAction) -> str:
    return f"{action_title(entry.action)} {DASH} {plural(entry.count, 'interaction')}"


def unlinked_heading(items: tuple[ReportItem, ...]) -> str:
    return f"{UNLINKED} {DASH} {plural(len(items), 'interaction')}"


def item_lead(item: ReportItem) -> str:
    """'2018-05-03 — Cross-briefing —' : what precedes the title in a bullet."""
    return f"{item.date.isoformat()} {DASH} {item.type} {DASH}"


def item_status(item: ReportItem) -> str:
    """'(planned)' or '(postponed)'; nothing for a held interaction."""
    return "" if item.status == "held" else f"({item.status})"


def item_outcome(item: ReportItem) -> str:
    lines = paragraphs(item.outcome)
    return "Outcome: " + " ".join(lines) if lines else "Outcome: none recorded."


def summary_lines(report: ProgressReport) -> list[str]:
    listed = report.actions_with_activity
    with_activity = sum(1 for a in listed if a.action.status == "active")
    lines = [
        f"{plural(report.total, 'interaction')} from {day_text(report.date_from)} "
        f"to {day_text(report.date_to)}.",
        f"{with_activity} of {plural(report.active_actions, 'active action')} had activity; "
        f"{len(report.quiet_actions)} had none.",
    ]
    retired = len(listed) - with_activity
    if retired:
        lines.append(f"{plural(retired, 'retired action')} also had activity (marked retired).")
    if report.period_open:
        lines.append(
            f"The period is not over: this draft counts what was logged up to "
            f"{day_text(report.today)}."
        )
    lines.append(RULES_NOTE)
    return lines


def table_head(report: ProgressReport) -> tuple[str, ...]:
    areas = (NO_AREA if a.code is None else f"Area {a.code}" for a in report.table.areas)
    return ("Type", *areas, "Total")


def table_rows(report: ProgressReport) -> list[tuple[str, ...]]:
    """The body rows then the totals row, every cell as text."""
    t = report.table
    rows = [
        (name, *(str(n) for n in counts), str(total))
        for name, counts, total in zip(t.types, t.counts, t.type_totals, strict=True)
    ]
    rows.append(("Total", *(str(n) for n in t.area_totals), str(t.total)))
    return rows


def legend_rows(report: ProgressReport) -> list[tuple[str, str]]:
    """'Area 3', its name: for each area (with a code) that has a column in the table."""
    return [(f"Area {a.code}", a.name) for a in report.table.areas if a.code is not None]


def quiet_rows(report: ProgressReport) -> list[tuple[str, str, str]]:
    return [
        (str(a.number) if a.number is not None else DASH, area_text(a), a.title)
        for a in report.quiet_actions
    ]


# --- HTML -------------------------------------------------------------------------------------

# A style block of its own: Qt's CSS parser skips whatever follows the @media rule of CSS.
# Qt's rich text (the PDF) ignores class selectors on cells, so alignment and the bold totals
# row are also given as attributes and <b>; it also ignores a font size on <h4>, so action
# headings are paragraphs marked as level-4 headings for screen readers.
EXTRA_CSS = """
h3 { font-size: 13pt; margin: 18px 0 6px 0; border-bottom: 1px solid #444444; }
.action { font-size: 10.5pt; font-weight: bold; margin: 10px 0 2px 0; }
ul { margin: 2px 0 8px 0; padding-left: 16px; }
li { margin: 0 0 4px 0; }
.counts .n { text-align: right; }
"""


def _items_html(items: tuple[ReportItem, ...]) -> str:
    bullets = []
    for item in items:
        status = f" <i>{esc(item_status(item))}</i>" if item_status(item) else ""
        bullets.append(
            f"<li>{esc(item_lead(item))} <b dir='auto'>{esc(item.title)}</b>{status}<br>"
            f"<span class='muted' dir='auto'>{esc(item_outcome(item))}</span></li>"
        )
    return f"<ul>{''.join(bullets)}</ul>"


def _action_head(text: str) -> str:
    return f"<p class='action' role='heading' aria-level='4' dir='auto'>{esc(text)}</p>"


def area_html(section: ReportArea) -> str:
    parts = [f"<h3 dir='auto'>{esc(area_heading(section))}</h3>"]
    for entry in section.actions:
        parts.append(f"{_action_head(action_heading(entry))}{_items_html(entry.items)}")
    if section.unlinked:
        parts.append(_action_head(unlinked_heading(section.unlinked)))
        parts.append(_items_html(section.unlinked))
    return f"<div class='area'>{''.join(parts)}</div>"


def _counts_html(report: ProgressReport) -> str:
    if not report.table.types:
        return f"<p class='none'>{esc(NO_ACTIVITY)}</p>"
    head = "".join(
        f"<th>{esc(h)}</th>" if i == 0 else f"<th class='n' align='right'>{esc(h)}</th>"
        for i, h in enumerate(table_head(report))
    )
    rows = table_rows(report)
    cells = []
    for i, row in enumerate(rows):
        bold = ("<b>", "</b>") if i == len(rows) - 1 else ("", "")
        cells.append(
            f"<tr><td dir='auto'>{bold[0]}{esc(row[0])}{bold[1]}</td>"
            + "".join(
                f"<td class='n' align='right'>{bold[0]}{esc(v)}{bold[1]}</td>" for v in row[1:]
            )
            + "</tr>"
        )
    legend = legend_rows(report)
    return (
        ruled_table(head, "".join(cells), "grid counts")
        + f"<p class='muted'>{esc(TABLE_NOTE)}</p>"
        + (facts_table(legend, auto_direction=False) if legend else "")
    )


def _quiet_html(report: ProgressReport) -> str:
    if not report.quiet_actions:
        return f"<p class='none'>{esc(ALL_ACTIVE)}</p>"
    rows = "".join(
        f"<tr><td>{esc(n)}</td><td>{esc(area)}</td><td dir='auto'>{esc(title)}</td></tr>"
        for n, area, title in quiet_rows(report)
    )
    return grid(QUIET_HEAD, rows)


def report_html(report: ProgressReport, on_area: Callable[[int], None] | None = None) -> str:
    """The whole draft as a complete HTML document; every value is escaped.

    ``on_area(i)`` is called after the i-th area (1-based) is rendered, for progress and
    cancellation (it may raise OperationCancelled)."""
    areas = []
    for i, section in enumerate(report.areas, 1):
        areas.append(area_html(section))
        if on_area is not None:
            on_area(i)
    activity = "\n".join(areas) or f"<p class='none'>{esc(NO_ACTIVITY)}</p>"
    summary = "".join(f"<p>{esc(line)}</p>" for line in summary_lines(report))
    quiet_head = f"{PART_QUIET} ({len(report.quiet_actions)})"
    body = (
        f"<div class='cover'><h1>{esc(report.title)}</h1>"
        f"<p class='subtitle' dir='auto'>{esc(report.subtitle)}</p>"
        f"<p class='muted'>Generated {esc(stamp_text(report.generated_at))}</p>{summary}</div>\n"
        f"<h2>{esc(PART_ACTIVITY)}</h2>\n{activity}\n"
        f"<h2 class='new-page'>{esc(PART_TABLE)}</h2>\n{_counts_html(report)}\n"
        f"<h2>{esc(quiet_head)}</h2>\n{_quiet_html(report)}\n"
    )
    return html_document(f"{report.title}: {report.subtitle}", body, EXTRA_CSS)
