"""The dossier: its wording, and the dossier as one self-contained HTML document.

The wording helpers at the top (facts, dates, notes, follow-ups) are format-neutral and shared
with the ODT dossier (``dossier.odt``), so both formats say the same thing. The HTML uses the
shared toolkit (``documents.html``): the same page head, style sheet and tables as the report,
every value escaped; the same HTML feeds the PDF writer. Pure Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable

from eunato_desk.core.records import (
    ActionDossier,
    ActionRecord,
    Dossier,
    FollowUpRecord,
    HistoryEntry,
)
from eunato_desk.documents.html import esc, facts_table, grid, html_document
from eunato_desk.documents.text import DASH, action_label, area_text, paragraphs, stamp_text

NO_HISTORY = "No interaction is linked to this action yet."
NO_FOLLOW_UPS = "No open follow-ups."
NOTHING_RECORDED = "Nothing recorded."
NO_ACTION = "This dossier contains no action."
CONTENTS_HEAD = ("Action", "Title", "Interactions", "Open follow-ups")
FOLLOW_UPS_HEAD = ("Due", "Owner", "Follow-up")
CHANGES_HEAD = ("When", "Change", "Detail", "Officer")


def action_facts(action: ActionRecord) -> list[tuple[str, str]]:
    """The header lines of an action, label first."""
    facts = [
        ("Area", area_text(action)),
        ("Set", str(action.set_year)),
        ("Status", action.status.capitalize()),
        ("Source confidence", action.confidence.capitalize() or DASH),
    ]
    if action.superseded_by is not None:
        facts.append(("Superseded by", f"action {action.superseded_by}"))
    return facts


def when_text(entry: HistoryEntry) -> str:
    return entry.date.isoformat() + (f" {entry.start_time}" if entry.start_time else "")


def linked_as(entry: HistoryEntry, action: ActionRecord) -> str:
    """'linked as action N' when the link was made under another number (before a renumber)."""
    if entry.linked_number is not None and entry.linked_number != action.number:
        return f"linked as action {entry.linked_number}"
    return ""


def entry_facts(entry: HistoryEntry) -> list[tuple[str, str]]:
    return [
        ("Type", entry.type),
        ("Status", entry.status.capitalize()),
        ("Countries", ", ".join(entry.countries) or DASH),
        ("Organisations", ", ".join(entry.organisations) or DASH),
    ]


def open_follow_ups(section: ActionDossier) -> list[FollowUpRecord]:
    """The follow-ups still to do (a done one, if given, is not printed)."""
    return [f for f in section.follow_ups if f.done_at is None]


def due_text(item: FollowUpRecord) -> str:
    due = item.due_date.isoformat() if item.due_date else "no due date"
    return f"{due} (OVERDUE)" if item.overdue else due


def contents_rows(dossier: Dossier) -> list[tuple[str, str, str, str]]:
    """One line per action for the contents table (a dossier of several actions)."""
    return [
        (
            str(s.action.number) if s.action.number is not None else DASH,
            s.action.title,
            str(len(s.history)),
            str(len(open_follow_ups(s))),
        )
        for s in dossier.sections
    ]


# --- HTML -------------------------------------------------------------------------------------


def _text_block(text: str) -> str:
    lines = paragraphs(text)
    if not lines:
        return f"<p class='none'>{NOTHING_RECORDED}</p>"
    return "".join(f"<p dir='auto'>{esc(line)}</p>" for line in lines)


def _entry_html(index: int, entry: HistoryEntry, action: ActionRecord) -> str:
    parts = []
    if entry.note.strip():
        parts.append(f"<b>Link note:</b> <span dir='auto'>{esc(entry.note.strip())}</span>")
    if linked_as(entry, action):
        parts.append(f"<i>({esc(linked_as(entry, action))})</i>")
    note = f"<p class='note'>{' '.join(parts)}</p>" if parts else ""
    return (
        f"<div class='entry'><h3>{index}. {esc(when_text(entry))} {DASH} "
        f"<span dir='auto'>{esc(entry.title)}</span></h3>"
        f"{facts_table(entry_facts(entry))}{note}"
        f"<h4>Summary</h4>{_text_block(entry.summary)}"
        f"<h4>Outcome</h4>{_text_block(entry.outcome)}</div>"
    )


def _follow_ups_html(items: list[FollowUpRecord]) -> str:
    if not items:
        return f"<p class='none'>{NO_FOLLOW_UPS}</p>"
    rows = []
    for f in items:
        due = esc(due_text(f))
        if f.overdue:
            due = f"<span class='overdue'>{due}</span>"
        origin = f"{esc(f.interaction_date.isoformat())} {esc(f.interaction_title)}"
        rows.append(
            f"<tr><td>{due}</td><td dir='auto'>{esc(f.owner) or DASH}</td>"
            f"<td dir='auto'>{esc(f.text)}<br><span class='muted'>from: {origin}</span></td></tr>"
        )
    return grid(FOLLOW_UPS_HEAD, "".join(rows))


def _changes_html(section: ActionDossier) -> str:
    if not section.changes:
        return ""
    rows = "".join(
        f"<tr><td>{esc(stamp_text(c.changed_at))}</td><td>{esc(c.kind)}</td>"
        f"<td dir='auto'>{esc(c.detail)}</td><td dir='auto'>{esc(c.officer) or DASH}</td></tr>"
        for c in section.changes
    )
    return "<h3>Catalogue changes</h3>" + grid(CHANGES_HEAD, rows)


def section_html(section: ActionDossier, new_page: bool = False) -> str:
    """One action: header, its interactions in the given order, open follow-ups, changes."""
    action = section.action
    if section.history:
        history = "".join(
            _entry_html(i, entry, action) for i, entry in enumerate(section.history, 1)
        )
    else:
        history = f"<p class='none'>{NO_HISTORY}</p>"
    description = _text_block(action.description) if action.description.strip() else ""
    return (
        f"<div class='{'action new-page' if new_page else 'action'}'>"
        f"<h2>{esc(action_label(action))}: <span dir='auto'>{esc(action.title)}</span></h2>"
        f"{facts_table(action_facts(action))}{description}"
        f"<h3>Interactions ({len(section.history)})</h3>{history}"
        f"<h3>Open follow-ups</h3>{_follow_ups_html(open_follow_ups(section))}"
        f"{_changes_html(section)}</div>"
    )


def _contents_html(dossier: Dossier) -> str:
    if len(dossier.sections) < 2:
        return ""
    rows = "".join(
        f"<tr><td>{esc(number)}</td><td dir='auto'>{esc(title)}</td>"
        f"<td>{interactions}</td><td>{follow_ups}</td></tr>"
        for number, title, interactions, follow_ups in contents_rows(dossier)
    )
    return "<h3>Contents</h3>" + grid(CONTENTS_HEAD, rows)


def dossier_html(dossier: Dossier, on_section: Callable[[int], None] | None = None) -> str:
    """The whole dossier as a complete HTML document; every value is escaped.

    ``on_section(i)`` is called after the i-th section (1-based) is rendered, so a caller can
    report progress or stop the work by raising (e.g. OperationCancelled)."""
    parts: list[str] = []
    several = len(dossier.sections) > 1  # then the first page lists them, each starts a page
    for i, section in enumerate(dossier.sections, 1):
        parts.append(section_html(section, new_page=several))
        if on_section is not None:
            on_section(i)
    if not parts:
        parts.append(f"<p class='none'>{NO_ACTION}</p>")
    subtitle = (
        f"<p class='subtitle' dir='auto'>{esc(dossier.subtitle)}</p>" if dossier.subtitle else ""
    )
    cover = (
        f"<div class='cover'><h1 dir='auto'>{esc(dossier.title)}</h1>{subtitle}"
        f"<p class='muted'>Generated {esc(stamp_text(dossier.generated_at))}</p>"
        f"{_contents_html(dossier)}</div>\n"
    )
    return html_document(dossier.title, cover + "\n".join(parts) + "\n")
