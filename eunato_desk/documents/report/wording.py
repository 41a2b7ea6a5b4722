"""What the progress-report draft says, in every format: parts, headings, the executive
summary, the lines of the activity, the tables' cells. Format-neutral text (the HTML and ODT
modules escape it); shared by ``report.html`` and ``report.odt`` so both say the same.
"""

from __future__ import annotations

from eunato_desk.core.analysis.coverage import NO_AREA, AreaKey
from eunato_desk.core.analysis.report import ProgressReport, ReportAction, ReportArea, ReportItem
from eunato_desk.core.analysis.report_periods import day_text, range_text
from eunato_desk.core.records import ActionRecord
from eunato_desk.documents.text import (
    DASH,
    action_label,
    area_text,
    marking_tag,
    paragraphs,
    plural,
    stamp_text,
    type_lead,
)

PART_SUMMARY = "1. Executive summary"
PART_ACTIVITY = "2. Activity by area and action"
PART_TABLE = "3. Interactions by type and area"
PART_QUIET = "4. Actions with no activity"
PER_AREA = "Interactions per area"
HIGHLIGHTS = "Highlights"
NO_HIGHLIGHTS = "No interaction of the period has a recorded outcome yet."
NO_ACTIVITY = "No interaction was logged in this period."
ALL_ACTIVE = "Every active action had at least one interaction in this period."
UNLINKED = "Not linked to any action"
NO_OUTCOME = "No outcome recorded."
ALL_AREAS = "All areas"
COMPARE_HEAD = ("Area", "This period", "Previous period", "Change")
TABLE_NOTE = (
    "An interaction linked to actions of several areas counts in each of those areas and "
    "once in the totals. “No area” also holds interactions linked to no action."
)
QUIET_HEAD = ("Action", "Area", "Title")
RULES_NOTE = (
    "Counted: interactions whose start date is in the period, neither cancelled nor in the "
    "Trash; links made under an earlier action number count for the current number."
)


def byline(report: ProgressReport) -> str:
    made = f"generated {stamp_text(report.generated_at)}"
    if report.author:
        return f"Prepared by {report.author} · {made}"
    return made[:1].upper() + made[1:]


def area_name(area: AreaKey) -> str:
    return NO_AREA if area.code is None else area.name


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


def item_tag(item: ReportItem) -> str:
    """'[LIMITE]' before an item whose marking is not the lowest-ranked one."""
    return marking_tag(item.marking_label)


def item_lead(item: ReportItem) -> str:
    """'2018-05-03 — Cross-briefing —', or '2018-05-03 —' when the title starts with the
    type: what precedes the title of an item."""
    lead = type_lead(item.type, item.title)
    return f"{item.date.isoformat()} {DASH}" + (f" {lead} {DASH}" if lead else "")


def item_status(item: ReportItem) -> str:
    """'(planned)' or '(postponed)'; nothing for a held interaction."""
    return "" if item.status == "held" else f"({item.status})"


def item_outcome(item: ReportItem) -> str:
    lines = paragraphs(item.outcome)
    return "Outcome: " + " ".join(lines) if lines else NO_OUTCOME


def highlight_actions(item: ReportItem) -> str:
    """'(action 3)', '(actions 3, 44)', or nothing for an interaction linked to none."""
    if not item.actions:
        return ""
    word = "action" if len(item.actions) == 1 else "actions"
    return f"({word} {', '.join(str(n) for n in item.actions)})"


def summary_lines(report: ProgressReport) -> list[str]:
    """The executive summary's opening paragraphs."""
    lines = [
        f"{plural(report.total, 'interaction')} between EU and NATO staffs "
        f"{'was' if report.total == 1 else 'were'} logged from {day_text(report.date_from)} "
        f"to {day_text(report.date_to)}."
    ]
    if report.comparison is not None:
        c = report.comparison
        lines[0] = lines[0][:-1] + (
            f", against {c.previous_total} in the previous period of the same length "
            f"({range_text(c.date_from, c.date_to)})."
        )
    quiet = len(report.quiet_actions)
    lines.append(
        f"{report.active_with_activity} of the {plural(report.active_actions, 'active action')} "
        f"had at least one interaction; {quiet} had none"
        + (f" (listed in part {PART_QUIET[0]})." if quiet else ".")
    )
    retired = len(report.actions_with_activity) - report.active_with_activity
    if retired:
        lines.append(f"{plural(retired, 'retired action')} also had activity (marked retired).")
    if report.period_open:
        lines.append(
            f"The period is not over: this draft counts what was logged up to "
            f"{day_text(report.today)}."
        )
    return lines


def change_text(now: int, before: int) -> str:
    diff = now - before
    return f"+{diff}" if diff > 0 else ("0" if diff == 0 else f"−{-diff}")


def comparison_rows(report: ProgressReport) -> list[tuple[str, str, str, str]]:
    """Per area (names), then all areas (each interaction once): now, before, change."""
    c = report.comparison
    if c is None:
        return []
    rows = [
        (area_name(a.area), str(a.count), str(a.previous), change_text(a.count, a.previous))
        for a in c.areas
    ]
    total = (ALL_AREAS, str(c.total), str(c.previous_total))
    return [*rows, (*total, change_text(c.total, c.previous_total))]


def table_head(report: ProgressReport) -> tuple[str, ...]:
    return ("Type", *(area_name(a) for a in report.table.areas), "Total")


def table_rows(report: ProgressReport) -> list[tuple[str, ...]]:
    """The body rows then the totals row, every cell as text."""
    t = report.table
    rows = [
        (name, *(str(n) for n in counts), str(total))
        for name, counts, total in zip(t.types, t.counts, t.type_totals, strict=True)
    ]
    rows.append(("Total", *(str(n) for n in t.area_totals), str(t.total)))
    return rows


def quiet_rows(report: ProgressReport) -> list[tuple[str, str, str]]:
    return [
        (str(a.number) if a.number is not None else DASH, area_text(a), a.title)
        for a in report.quiet_actions
    ]


def quiet_heading(report: ProgressReport) -> str:
    return f"{PART_QUIET} ({len(report.quiet_actions)})"
