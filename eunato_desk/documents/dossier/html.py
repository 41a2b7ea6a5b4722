"""A dossier as one self-contained HTML document (pure Python, no Qt).

The same HTML is the .html file a desk officer opens in a browser or prints, and the input of
the PDF writer (Qt's rich-text engine understands the subset used here: a ``<style>`` block
with type and class selectors, tables, sizes in pt). Nothing refers to anything outside the
file: no links to fetch, no scripts, no images; a Content-Security-Policy forbids them anyway.

The wording helpers at the top are shared with the ODT writer, so both say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import escape

from eunato_desk.core.records import (
    ActionDossier,
    ActionRecord,
    Dossier,
    FollowUpRecord,
    HistoryEntry,
)

# Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone surrogates, U+FFFE/F).
_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
DASH = "—"


def clean(value: object) -> str:
    """Text safe to put in HTML or XML: str() of the value, CRLF as LF, illegal chars dropped."""
    text = "" if value is None else str(value)
    return _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]00:?00)?$")


def stamp_text(value: str) -> str:
    """'2026-11-26T15:53:52Z' -> '2026-11-26 15:53 UTC'; anything else as it is."""
    match = _STAMP.match(value.strip())
    if not match:
        return value
    return f"{match[1]} {match[2]}" + (" UTC" if match[5] else "")


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of a free-text field, each one paragraph."""
    return [line.strip() for line in clean(text).split("\n") if line.strip()]


def action_label(action: ActionRecord) -> str:
    return f"Action {action.number}" if action.number is not None else "Action (no number)"


def area_text(action: ActionRecord) -> str:
    if action.area_code is None:
        return action.area_name or DASH
    return (
        f"{action.area_code} {DASH} {action.area_name}"
        if action.area_name
        else str(action.area_code)
    )


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


NO_HISTORY = "No interaction is linked to this action yet."
NO_FOLLOW_UPS = "No open follow-ups."

# --- HTML -------------------------------------------------------------------------------------

# "only screen": browsers apply it, Qt's rich text (the PDF) skips it; a body margin there
# would indent every table.
CSS = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
html, body { background: #ffffff; color: #111111; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
       font-size: 10pt; }
h1 { font-size: 18pt; margin: 0 0 4px 0; }
h2 { font-size: 14pt; margin: 0 0 8px 0; }
h3 { font-size: 11pt; margin: 16px 0 4px 0; }
h4 { font-size: 10pt; margin: 8px 0 2px 0; color: #333333; }
p { margin: 0 0 5px 0; }
table { border-collapse: collapse; margin: 2px 0 8px 0; }
th, td { text-align: left; vertical-align: top; padding: 2px 8px 2px 0; }
th { color: #333333; font-weight: bold; }
.subtitle { font-size: 12pt; color: #333333; }
.muted { color: #555555; }
.none { color: #555555; font-style: italic; }
.note { margin: 4px 0 4px 0; }
.overdue { color: #b00000; font-weight: bold; }
.new-page { page-break-before: always; }
.facts th { font-weight: normal; color: #555555; padding-right: 12px; }
.grid th, .grid td { border-bottom: 1px solid #999999; padding: 3px 8px 3px 0; }
.entry { margin-top: 14px; }
h2, h3, h4 { page-break-after: avoid; }
tr { page-break-inside: avoid; }
@media only screen { body { max-width: 720px; margin: 16px auto; padding: 0 12px; } }
"""
# No network, ever: even a pasted URL cannot make a browser fetch anything.
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def _e(value: object) -> str:
    return escape(clean(value), quote=True)


def _facts_table(facts: Iterable[tuple[str, str]]) -> str:
    rows = "".join(
        f"<tr><th scope='row'>{_e(label)}</th><td dir='auto'>{_e(value)}</td></tr>"
        for label, value in facts
    )
    return f"<table class='facts' cellspacing='0' cellpadding='2'>{rows}</table>"


def _grid(head: Iterable[str], rows: str) -> str:
    """A full-width table with ruled rows; ``rows`` is ready-made <tr> markup."""
    cells = "".join(f"<th>{_e(label)}</th>" for label in head)
    return (
        "<table class='grid' width='100%' cellspacing='0' cellpadding='3'>"
        f"<thead><tr>{cells}</tr></thead><tbody>{rows}</tbody></table>"
    )


def _text_block(text: str) -> str:
    lines = paragraphs(text)
    if not lines:
        return "<p class='none'>Nothing recorded.</p>"
    return "".join(f"<p dir='auto'>{escape(line)}</p>" for line in lines)


def _entry_html(index: int, entry: HistoryEntry, action: ActionRecord) -> str:
    parts = []
    if entry.note.strip():
        parts.append(f"<b>Link note:</b> <span dir='auto'>{_e(entry.note.strip())}</span>")
    if linked_as(entry, action):
        parts.append(f"<i>({_e(linked_as(entry, action))})</i>")
    note = f"<p class='note'>{' '.join(parts)}</p>" if parts else ""
    return (
        f"<div class='entry'><h3>{index}. {_e(when_text(entry))} {DASH} "
        f"<span dir='auto'>{_e(entry.title)}</span></h3>"
        f"{_facts_table(entry_facts(entry))}{note}"
        f"<h4>Summary</h4>{_text_block(entry.summary)}"
        f"<h4>Outcome</h4>{_text_block(entry.outcome)}</div>"
    )


def _follow_ups_html(items: list[FollowUpRecord]) -> str:
    if not items:
        return f"<p class='none'>{NO_FOLLOW_UPS}</p>"
    rows = []
    for f in items:
        due = _e(due_text(f))
        if f.overdue:
            due = f"<span class='overdue'>{due}</span>"
        origin = f"{_e(f.interaction_date.isoformat())} {_e(f.interaction_title)}"
        rows.append(
            f"<tr><td>{due}</td><td dir='auto'>{_e(f.owner) or DASH}</td>"
            f"<td dir='auto'>{_e(f.text)}<br><span class='muted'>from: {origin}</span></td></tr>"
        )
    return _grid(("Due", "Owner", "Follow-up"), "".join(rows))


def _changes_html(section: ActionDossier) -> str:
    if not section.changes:
        return ""
    rows = "".join(
        f"<tr><td>{_e(stamp_text(c.changed_at))}</td><td>{_e(c.kind)}</td>"
        f"<td dir='auto'>{_e(c.detail)}</td><td dir='auto'>{_e(c.officer) or DASH}</td></tr>"
        for c in section.changes
    )
    return "<h3>Catalogue changes</h3>" + _grid(("When", "Change", "Detail", "Officer"), rows)


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
        f"<h2>{_e(action_label(action))}: <span dir='auto'>{_e(action.title)}</span></h2>"
        f"{_facts_table(action_facts(action))}{description}"
        f"<h3>Interactions ({len(section.history)})</h3>{history}"
        f"<h3>Open follow-ups</h3>{_follow_ups_html(open_follow_ups(section))}"
        f"{_changes_html(section)}</div>"
    )


def _contents_html(dossier: Dossier) -> str:
    if len(dossier.sections) < 2:
        return ""
    rows = "".join(
        f"<tr><td>{_e(s.action.number if s.action.number is not None else DASH)}</td>"
        f"<td dir='auto'>{_e(s.action.title)}</td>"
        f"<td>{len(s.history)}</td><td>{len(open_follow_ups(s))}</td></tr>"
        for s in dossier.sections
    )
    head = ("Action", "Title", "Interactions", "Open follow-ups")
    return "<h3>Contents</h3>" + _grid(head, rows)


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
        parts.append("<p class='none'>This dossier contains no action.</p>")
    subtitle = (
        f"<p class='subtitle' dir='auto'>{_e(dossier.subtitle)}</p>" if dossier.subtitle else ""
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">\n"
        "<meta name='generator' content='EU-NATO Desk'>\n"
        "<meta name='color-scheme' content='light'>\n"
        f"<title>{_e(dossier.title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f"<div class='cover'><h1 dir='auto'>{_e(dossier.title)}</h1>{subtitle}"
        f"<p class='muted'>Generated {_e(stamp_text(dossier.generated_at))}</p>"
        f"{_contents_html(dossier)}</div>\n" + "\n".join(parts) + "\n</body>\n</html>\n"
    )
