"""The dossier as an OpenDocument Text file (.odt): pure Python, no Qt.

The same order and wording as the HTML dossier (``dossier.html``, ``dossier.wording``), built
with the ODF toolkit (``documents.odf``): headings with outline levels (Writer's Navigator
lists the summary, the actions and every interaction), real tables, the marking in every
page's header and footer and the metadata in meta.xml.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from eunato_desk.core.analysis.dossier import DossierDocument
from eunato_desk.core.records import ActionDossier, HistoryEntry
from eunato_desk.documents import odf
from eunato_desk.documents.dossier import wording as w
from eunato_desk.documents.odf import h, inline, p, span
from eunato_desk.documents.text import DASH, action_label, paragraphs, stamp_text

# Table layouts: name -> column widths in cm (they add up to the text width, or less).
TABLES = {
    "Facts": (4.0, 13.4),
    "FollowUps": (3.4, 3.4, 10.6),
    "Changes": (3.8, 2.6, 8.2, 2.8),
    "Contents": (1.8, 9.8, 2.8, 3.0),
    "ByType": (7.0, 2.8),
    "ByQuarter": (2.0, 1.6, 1.6, 1.6, 1.6, 1.8),
    "Involved": (5.0, 2.6, 5.0, 2.6),
}
NUMBERS = (
    '<style:style style:name="H2_20_new_20_page" style:display-name="H2 new page"'
    ' style:family="paragraph" style:parent-style-name="Heading_20_2">'
    '<style:paragraph-properties fo:break-before="page"/></style:style>'
    '<style:style style:name="Number" style:family="paragraph"'
    ' style:parent-style-name="Table_20_Contents"><style:paragraph-properties'
    ' fo:text-align="end"/></style:style>'
    '<style:style style:name="NumberHead" style:family="paragraph"'
    ' style:parent-style-name="Table_20_Heading"><style:paragraph-properties'
    ' fo:text-align="end"/></style:style>'
)


def _text_block(text: str) -> str:
    lines = paragraphs(text)
    if not lines:
        return p(w.NOTHING_RECORDED, "Muted")
    return "".join(p(inline(line)) for line in lines)


def _facts(tables: odf.Tables, facts: list[tuple[str, str]]) -> str:
    rows = [(inline(label), inline(value)) for label, value in facts]
    return tables.table("Facts", rows, cell_style="Cell")


def _grid(tables: odf.Tables, layout: str, head: Sequence[str], rows, numbers: int = 1) -> str:  # type: ignore[no-untyped-def]
    cells = [[inline(c) for c in row] for row in rows]
    return tables.table(layout, cells, [inline(c) for c in head], numeric_from=numbers)


def summary_xml(tables: odf.Tables, dossier: DossierDocument) -> str:
    s = dossier.summary
    out = [h(w.SUMMARY, 1), _facts(tables, w.summary_facts(dossier))]
    if s.by_type:
        out += [h(w.BY_TYPE, 2), _grid(tables, "ByType", w.TYPE_HEAD, w.type_rows(dossier))]
    if s.by_quarter:
        rows = w.quarter_rows(dossier)
        out += [h(w.BY_QUARTER, 2), _grid(tables, "ByQuarter", w.QUARTER_HEAD, rows)]
    if s.organisations or s.countries:
        rows = w.involved_rows(dossier)
        # Names left, counts right: the 'most involved' table alternates them.
        table = tables.table(
            "Involved",
            [[inline(c) for c in r] for r in rows],
            [inline(c) for c in w.INVOLVED_HEAD],
            numeric=(1, 3),
        )
        out += [h(w.MOST_INVOLVED, 2), table]
    if not s.interactions:
        out.append(p(inline(w.NOTHING_COUNTED), "Muted"))
    out.append(p(inline(w.RULES_NOTE), "Muted"))
    if dossier.area:
        out += [h(w.CONTENTS, 2), _grid(tables, "Contents", w.CONTENTS_HEAD,
                                        w.contents_rows(dossier), numbers=2)]  # fmt: skip
    return "".join(out)


def _entry(tables: odf.Tables, index: int, entry: HistoryEntry, section: ActionDossier,
           level: int) -> str:  # fmt: skip
    tag = w.entry_tag(entry)
    number, _, rest = w.entry_heading(index, entry).partition(" ")
    label = f"{inline(tag)} " if tag else ""
    facts = w.entry_facts(entry)
    if entry.note.strip():
        facts.append(("Link note", entry.note.strip()))
    linked = w.linked_as(entry, section.action)
    return (
        h(f"{inline(number)} {label}{inline(rest)}", level)
        + _facts(tables, facts)
        + (p(span(inline(f"({linked})"), "Emphasis")) if linked else "")
        + p("Summary", "Label")
        + _text_block(entry.summary)
        + p("Outcome", "Label")
        + _text_block(entry.outcome)
    )


def _follow_ups(tables: odf.Tables, section: ActionDossier, dossier: DossierDocument) -> str:
    follow_ups = w.open_follow_ups(section)
    if not follow_ups:
        return p(w.NO_FOLLOW_UPS, "Muted")
    rows = [
        (
            span(inline(w.due_text(f)), "Overdue") if f.overdue else inline(w.due_text(f)),
            inline(f.owner or DASH),
            inline(w.follow_up_text(f, dossier))
            + "<text:line-break/>"
            + span(inline(w.follow_up_origin(f)), "Emphasis"),
        )
        for f in follow_ups
    ]
    return tables.table("FollowUps", rows, header=w.FOLLOW_UPS_HEAD)


def _section(tables: odf.Tables, dossier: DossierDocument, section: ActionDossier) -> str:
    action = section.action
    top = 2 if dossier.area else 1  # one action: its title is the document's
    heading = f"{action_label(action)}: {action.title}" if dossier.area else w.THE_ACTION
    # Each action of an area, or the action after the summary, starts a page.
    out = [h(inline(heading), top, "H1_20_new_20_page" if top == 1 else "H2_20_new_20_page")]
    out.append(_facts(tables, w.action_facts(action)))
    if action.description.strip():
        out.append(_text_block(action.description))
    out.append(h(inline(w.interactions_heading(section)), top + 1))
    if section.history:
        out += [_entry(tables, i, e, section, top + 2) for i, e in enumerate(section.history, 1)]
    else:
        out.append(p(inline(w.no_history(dossier)), "Muted"))
    out.append(h(w.FOLLOW_UPS, top + 1))
    out.append(_follow_ups(tables, section, dossier))
    if section.changes:
        out.append(h(w.CHANGES, top + 1))
        rows = [
            (inline(stamp_text(c.changed_at)), inline(c.kind), inline(c.detail),
             inline(c.officer or DASH))
            for c in section.changes
        ]  # fmt: skip
        out.append(tables.table("Changes", rows, header=w.CHANGES_HEAD))
    return "".join(out)


def content_xml(dossier: DossierDocument, on_section: Callable[[int], None] | None = None) -> str:
    """The body of the document; ``on_section(i)`` after each section, as in dossier_html."""
    tables = odf.Tables(TABLES)
    body = [
        p(inline(dossier.title), "Title"),
        p(inline(f"{dossier.subtitle} · {dossier.period}"), "Subtitle"),
        p(inline(w.byline(dossier)), "Muted"),
        summary_xml(tables, dossier),
    ]
    for i, section in enumerate(dossier.sections, 1):
        body.append(_section(tables, dossier, section))
        if on_section is not None:
            on_section(i)
    if not dossier.sections:
        body.append(p(w.NO_ACTION, "Muted"))
    styles = odf.automatic_styles() + odf.layout_styles(TABLES) + NUMBERS
    return odf.document_content(styles, "".join(body))


def write_dossier_odt(
    dossier: DossierDocument, path: Path | str, on_section: Callable[[int], None] | None = None
) -> None:
    """Write ``dossier`` to ``path`` as .odt (the caller makes it atomic: see
    ``documents.write``)."""
    odf.write_package(path, content_xml(dossier, on_section), dossier)
