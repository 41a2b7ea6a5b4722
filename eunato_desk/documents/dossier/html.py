"""The dossier as one self-contained HTML document (the .html file, and the PDF's input).

Order: the title (the action, or the area), the period and who made it; a one-page summary
(counts, interactions by type and by quarter, the organisations and countries most involved;
for an area, the contents); then each action (for an area, each on a page of its own): its
facts and description, its interactions in date order (date, type, title, marking when not
the lowest, status, location, countries, organisations, participants, link note, summary,
outcome), its open follow-ups and its catalogue changes. The wording is ``dossier.wording``;
the page head, style sheet, tables and marking banners are the shared toolkit's
(``documents.html``); every value is escaped. Pure Python, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable

from eunato_desk.core.analysis.dossier import DossierDocument
from eunato_desk.core.records import ActionDossier, FollowUpRecord, HistoryEntry
from eunato_desk.documents.dossier import wording as w
from eunato_desk.documents.html import (
    Part,
    counts_table,
    esc,
    facts_table,
    grid,
    html_document,
)
from eunato_desk.documents.text import DASH, action_label, paragraphs, stamp_text

DOSSIER_CSS = """
.summary h3 { font-size: 11pt; margin: 14px 0 4px 0; }
.count td { text-align: right; }
"""


def _text_block(text: str) -> str:
    lines = paragraphs(text)
    if not lines:
        return f"<p class='none'>{w.NOTHING_RECORDED}</p>"
    return "".join(f"<p dir='auto'>{esc(line)}</p>" for line in lines)


def summary_html(dossier: DossierDocument) -> str:
    """The summary page (and, for an area, its contents)."""
    parts = [f"<h2>{w.SUMMARY}</h2>", facts_table(w.summary_facts(dossier))]
    if dossier.summary.by_type:
        table = counts_table(w.TYPE_HEAD, w.type_rows(dossier), width="60%")
        parts.append(f"<h3>{w.BY_TYPE}</h3>{table}")
    if dossier.summary.by_quarter:
        table = counts_table(w.QUARTER_HEAD, w.quarter_rows(dossier), width="60%")
        parts.append(f"<h3>{w.BY_QUARTER}</h3>{table}")
    if dossier.summary.organisations or dossier.summary.countries:
        table = counts_table(w.INVOLVED_HEAD, w.involved_rows(dossier), (1, 3), first="32%")
        parts.append(f"<h3>{w.MOST_INVOLVED}</h3>{table}")
    if not dossier.summary.interactions:
        parts.append(f"<p class='none'>{w.NOTHING_COUNTED}</p>")
    parts.append(f"<p class='muted'>{esc(w.RULES_NOTE)}</p>")
    if dossier.area:
        table = counts_table(w.CONTENTS_HEAD, w.contents_rows(dossier), (2, 3))
        parts.append(f"<h3>{w.CONTENTS}</h3>{table}")
    return f"<div class='summary'>{''.join(parts)}</div>"


def _entry_html(index: int, entry: HistoryEntry, section: ActionDossier, level: int) -> str:
    tag = w.entry_tag(entry)
    label = f"<span class='tag'>{esc(tag)}</span> " if tag else ""
    number, _, rest = w.entry_heading(index, entry).partition(" ")
    facts = w.entry_facts(entry)
    if entry.note.strip():
        facts.append(("Link note", entry.note.strip()))
    linked = w.linked_as(entry, section.action)
    remark = f"<p class='note'><i>({esc(linked)})</i></p>" if linked else ""
    return (
        f"<div class='entry'><h{level} dir='auto'>{esc(number)} {label}{esc(rest)}</h{level}>"
        f"{facts_table(facts)}{remark}"
        f"<p><b>Summary</b></p>{_text_block(entry.summary)}"
        f"<p><b>Outcome</b></p>{_text_block(entry.outcome)}</div>"
    )


def _follow_ups_html(items: list[FollowUpRecord], dossier: DossierDocument) -> str:
    if not items:
        return f"<p class='none'>{w.NO_FOLLOW_UPS}</p>"
    rows = []
    for f in items:
        due = esc(w.due_text(f))
        if f.overdue:
            due = f"<span class='overdue'>{due}</span>"
        rows.append(
            f"<tr><td>{due}</td><td dir='auto'>{esc(f.owner) or DASH}</td>"
            f"<td dir='auto'>{esc(w.follow_up_text(f, dossier))}<br>"
            f"<span class='muted'>{esc(w.follow_up_origin(f))}</span></td></tr>"
        )
    return grid(w.FOLLOW_UPS_HEAD, "".join(rows))


def section_html(dossier: DossierDocument, section: ActionDossier) -> str:
    """One action: for an area, its heading on a new page; its facts and description, its
    interactions in the given order, open follow-ups, catalogue changes."""
    action = section.action
    top = 2 if dossier.area else 1  # one action: its title is the document's
    head = f"h{top + 1}"
    parts = []
    if dossier.area:
        parts.append(
            f"<h2 dir='auto'>{esc(action_label(action))}: {esc(action.title)}</h2>"
            f"{facts_table(w.action_facts(action))}"
        )
    else:
        parts.append(f"<h2>{w.THE_ACTION}</h2>{facts_table(w.action_facts(action))}")
    if action.description.strip():
        parts.append(_text_block(action.description))
    parts.append(f"<{head}>{esc(w.interactions_heading(section))}</{head}>")
    if section.history:
        parts += [_entry_html(i, e, section, top + 2) for i, e in enumerate(section.history, 1)]
    else:
        parts.append(f"<p class='none'>{esc(w.no_history(dossier))}</p>")
    parts.append(f"<{head}>{w.FOLLOW_UPS}</{head}>")
    parts.append(_follow_ups_html(w.open_follow_ups(section), dossier))
    if section.changes:
        rows = "".join(
            f"<tr><td>{esc(stamp_text(c.changed_at))}</td><td>{esc(c.kind)}</td>"
            f"<td dir='auto'>{esc(c.detail)}</td><td dir='auto'>{esc(c.officer) or DASH}</td></tr>"
            for c in section.changes
        )
        parts.append(f"<{head}>{w.CHANGES}</{head}>" + grid(w.CHANGES_HEAD, rows))
    return f"<div class='action new-page'>{''.join(parts)}</div>\n"


def dossier_parts(
    dossier: DossierDocument, on_section: Callable[[int], None] | None = None
) -> list[Part]:
    """The body of the dossier (all portrait). ``on_section(i)`` is called after the i-th
    section (1-based) is rendered, so a caller can report progress or stop the work by
    raising (e.g. OperationCancelled)."""
    cover = (
        f"<h1 dir='auto'>{esc(dossier.title)}</h1>"
        f"<p class='subtitle' dir='auto'>{esc(dossier.subtitle)} · {esc(dossier.period)}</p>"
        f"<p class='muted' dir='auto'>{esc(w.byline(dossier))}</p>"
    )
    parts = [cover + summary_html(dossier) + "\n"]
    for i, section in enumerate(dossier.sections, 1):
        parts.append(section_html(dossier, section))
        if on_section is not None:
            on_section(i)
    if not dossier.sections:
        parts.append(f"<p class='none'>{w.NO_ACTION}</p>")
    return [Part("".join(parts))]


def dossier_html(dossier: DossierDocument, on_section: Callable[[int], None] | None = None) -> str:
    """The whole dossier as a complete HTML document, between its marking banners."""
    return html_document(dossier, dossier_parts(dossier, on_section), DOSSIER_CSS)
