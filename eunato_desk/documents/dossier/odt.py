"""The dossier as an OpenDocument Text file (.odt): pure Python, no Qt.

Built with the ODF toolkit (``documents.odf``: package, named styles, tables, escaping) and
the wording of the HTML dossier (``dossier.html``), so both formats say the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from eunato_desk.core.records import ActionDossier, Dossier, HistoryEntry
from eunato_desk.documents import odf
from eunato_desk.documents.dossier.html import (
    CHANGES_HEAD,
    CONTENTS_HEAD,
    FOLLOW_UPS_HEAD,
    NO_ACTION,
    NO_FOLLOW_UPS,
    NO_HISTORY,
    NOTHING_RECORDED,
    action_facts,
    contents_rows,
    due_text,
    entry_facts,
    linked_as,
    open_follow_ups,
    when_text,
)
from eunato_desk.documents.odf import h, inline, p, span
from eunato_desk.documents.text import DASH, action_label, paragraphs, stamp_text

# Table layouts: name -> column widths in cm (they add up to the text width).
TABLES = {
    "Facts": (4.0, 13.4),
    "FollowUps": (3.4, 3.4, 10.6),
    "Changes": (3.8, 2.6, 8.2, 2.8),
    "Contents": (1.8, 9.8, 2.8, 3.0),
}


def _text_block(text: str) -> str:
    lines = paragraphs(text)
    if not lines:
        return p(NOTHING_RECORDED, "Muted")
    return "".join(p(inline(line)) for line in lines)


def _facts(tables: odf.Tables, facts: list[tuple[str, str]]) -> str:
    rows = [(inline(label), inline(value)) for label, value in facts]
    return tables.table("Facts", rows, cell_style="Cell")


def _entry(tables: odf.Tables, index: int, entry: HistoryEntry, section: ActionDossier) -> str:
    action = section.action
    parts = []
    if entry.note.strip():
        parts.append(f"{span('Link note:', 'Strong_20_Emphasis')} {inline(entry.note.strip())}")
    if linked_as(entry, action):
        parts.append(span(inline(f"({linked_as(entry, action)})"), "Emphasis"))
    return (
        h(inline(f"{index}. {when_text(entry)} {DASH} {entry.title}"), 3)
        + _facts(tables, entry_facts(entry))
        + (p(" ".join(parts)) if parts else "")
        + p("Summary", "Label")
        + _text_block(entry.summary)
        + p("Outcome", "Label")
        + _text_block(entry.outcome)
    )


def _follow_ups(tables: odf.Tables, section: ActionDossier) -> str:
    follow_ups = open_follow_ups(section)
    if not follow_ups:
        return p(NO_FOLLOW_UPS, "Muted")
    rows = [
        (
            span(inline(due_text(f)), "Overdue") if f.overdue else inline(due_text(f)),
            inline(f.owner or DASH),
            inline(f.text)
            + "<text:line-break/>"
            + span(
                inline(f"from: {f.interaction_date.isoformat()} {f.interaction_title}"),
                "Emphasis",
            ),
        )
        for f in follow_ups
    ]
    return tables.table("FollowUps", rows, header=FOLLOW_UPS_HEAD)


def _section(tables: odf.Tables, section: ActionDossier, new_page: bool) -> str:
    action = section.action
    heading = inline(f"{action_label(action)}: {action.title}")
    out = [
        h(heading, 1, "H1_20_new_20_page" if new_page else None),
        _facts(tables, action_facts(action)),
    ]
    if action.description.strip():
        out.append(_text_block(action.description))
    out.append(h(inline(f"Interactions ({len(section.history)})"), 2))
    if section.history:
        out += [_entry(tables, i, e, section) for i, e in enumerate(section.history, 1)]
    else:
        out.append(p(NO_HISTORY, "Muted"))
    out.append(h("Open follow-ups", 2))
    out.append(_follow_ups(tables, section))
    if section.changes:
        out.append(h("Catalogue changes", 2))
        rows = [
            (inline(stamp_text(c.changed_at)), inline(c.kind), inline(c.detail),
             inline(c.officer or DASH))
            for c in section.changes
        ]  # fmt: skip
        out.append(tables.table("Changes", rows, header=CHANGES_HEAD))
    return "".join(out)


def content_xml(dossier: Dossier, on_section: Callable[[int], None] | None = None) -> str:
    """The body of the document; ``on_section(i)`` after each section, as in dossier_html."""
    tables = odf.Tables(TABLES)
    body = [p(inline(dossier.title), "Title")]
    if dossier.subtitle:
        body.append(p(inline(dossier.subtitle), "Subtitle"))
    body.append(p(inline(f"Generated {stamp_text(dossier.generated_at)}"), "Muted"))
    several = len(dossier.sections) > 1
    if several:
        body.append(p("Contents", "Label"))
        rows = [
            (inline(number), inline(title), interactions, follow_ups)
            for number, title, interactions, follow_ups in contents_rows(dossier)
        ]
        body.append(tables.table("Contents", rows, header=CONTENTS_HEAD))
    for i, section in enumerate(dossier.sections, 1):
        body.append(_section(tables, section, new_page=several))
        if on_section is not None:
            on_section(i)
    if not dossier.sections:
        body.append(p(NO_ACTION, "Muted"))
    return odf.document_content(odf.automatic_styles() + odf.layout_styles(TABLES), "".join(body))


def write_dossier_odt(
    dossier: Dossier, path: Path | str, on_section: Callable[[int], None] | None = None
) -> None:
    """Write ``dossier`` to ``path`` as .odt (the caller makes it atomic: see
    ``documents.write``)."""
    odf.write_package(path, content_xml(dossier, on_section), dossier)
