"""What the dossier says, in every format: headings, labels, the lines of its summary, the facts
of an action and of an interaction, follow-ups. Format-neutral text (the HTML and ODT
modules escape it); shared by ``dossier.html`` and ``dossier.odt`` so both say the same.
"""

from __future__ import annotations

from eunato_desk.core.analysis.dossier import DossierDocument, DossierEntry, Tally
from eunato_desk.core.analysis.report_periods import day_text
from eunato_desk.core.records import ActionDossier, ActionRecord, FollowUpRecord, HistoryEntry
from eunato_desk.documents.text import (
    DASH,
    area_text,
    marking_tag,
    plural,
    stamp_text,
    typed_title,
)

SUMMARY = "Summary"
BY_TYPE = "Interactions by type"
BY_QUARTER = "Interactions by quarter"
MOST_INVOLVED = "Most involved"
CONTENTS = "Contents"
THE_ACTION = "The action"
FOLLOW_UPS = "Open follow-ups"
CHANGES = "Catalogue changes"
NO_HISTORY = "No interaction is linked to this action yet."
NO_HISTORY_IN_PERIOD = "No interaction linked to this action in this period."
NO_FOLLOW_UPS = "No open follow-ups."
NOTHING_RECORDED = "Nothing recorded."
NO_ACTION = "This dossier contains no action."
NOTHING_COUNTED = "No interaction to count."
CONTENTS_HEAD = ("Action", "Title", "Interactions", "Open follow-ups")
FOLLOW_UPS_HEAD = ("Due", "Owner", "Follow-up")
CHANGES_HEAD = ("When", "Change", "Detail", "Officer")
TYPE_HEAD = ("Type", "Interactions")
QUARTER_HEAD = ("Year", "Q1", "Q2", "Q3", "Q4", "Total")
INVOLVED_HEAD = ("Organisation", "Interactions", "Country", "Interactions")
RULES_NOTE = (
    "Counted as everywhere in EU-NATO Desk: interactions that are not cancelled, once each "
    "however many of the dossier's actions they advance, in the quarter of their start date."
)


def byline(dossier: DossierDocument) -> str:
    """'Prepared by Anna Virtanen · generated 2026-11-26 15:53 UTC'."""
    made = f"generated {stamp_text(dossier.generated_at)}"
    return (
        f"Prepared by {dossier.author} · {made}" if dossier.author else made[:1].upper() + made[1:]
    )


def summary_facts(dossier: DossierDocument) -> list[tuple[str, str]]:
    """The first lines of the summary, label first."""
    s = dossier.summary
    counted = plural(s.interactions, "interaction")
    if s.cancelled:
        counted += f" ({plural(s.cancelled, 'cancelled interaction')} listed, not counted)"
    span = DASH
    if s.first is not None and s.last is not None:
        span = f"{day_text(s.first)} {DASH} {day_text(s.last)}"
    follow = str(s.open_follow_ups)
    if s.overdue_follow_ups:
        follow += f" ({s.overdue_follow_ups} overdue)"
    facts = [("Period", dossier.period), ("Interactions", counted)]
    if dossier.area:
        active = sum(1 for x in dossier.sections if x.history)
        facts.append(("Actions", f"{len(dossier.sections)}, {active} with interactions"))
    facts += [("First and last", span), ("Open follow-ups", follow)]
    return facts


def type_rows(dossier: DossierDocument) -> list[tuple[str, str]]:
    return [(t.name, str(t.count)) for t in dossier.summary.by_type]


def quarter_rows(dossier: DossierDocument) -> list[tuple[str, ...]]:
    """Year, Q1..Q4 ('–' for a quarter outside the period), total."""
    return [
        (str(r.year), *(DASH if n is None else str(n) for n in r.counts), str(r.total))
        for r in dossier.summary.by_quarter
    ]


def involved_rows(dossier: DossierDocument) -> list[tuple[str, str, str, str]]:
    """The organisations and countries most involved, side by side."""
    orgs, countries = dossier.summary.organisations, dossier.summary.countries
    blank = Tally("", 0)

    def cells(t: Tally) -> tuple[str, str]:
        return (t.name, str(t.count)) if t.name else ("", "")

    return [
        (*cells(orgs[i] if i < len(orgs) else blank),
         *cells(countries[i] if i < len(countries) else blank))
        for i in range(max(len(orgs), len(countries)))
    ]  # fmt: skip


def contents_rows(dossier: DossierDocument) -> list[tuple[str, str, str, str]]:
    """One line per action (a dossier of several actions)."""
    return [
        (
            str(s.action.number) if s.action.number is not None else DASH,
            s.action.title,
            str(len(s.history)),
            str(len(open_follow_ups(s))),
        )
        for s in dossier.sections
    ]


def action_facts(action: ActionRecord) -> list[tuple[str, str]]:
    """The header lines of an action, label first."""
    facts = [
        ("Area", area_text(action)),
        ("Set", str(action.set_year)),
        ("Status", action.status.capitalize()),
        ("Source confidence", action.confidence.replace("_", " ").capitalize() or DASH),
    ]
    if action.superseded_by is not None:
        facts.append(("Superseded by", f"action {action.superseded_by}"))
    return facts


def when_text(entry: HistoryEntry) -> str:
    return entry.date.isoformat() + (f" {entry.start_time}" if entry.start_time else "")


def entry_heading(index: int, entry: HistoryEntry) -> str:
    """'3. 2018-05-03 10:00 — Staff talks — Agenda…' (the type once: see ``typed_title``)."""
    return f"{index}. {when_text(entry)} {DASH} {typed_title(entry.type, entry.title)}"


def entry_tag(entry: HistoryEntry) -> str:
    """'[LIMITE]' when the interaction's marking is not the lowest-ranked one."""
    return marking_tag(getattr(entry, "marking_label", ""))


def linked_as(entry: HistoryEntry, action: ActionRecord) -> str:
    """'linked as action N' when the link was made under another number (before a renumber)."""
    if entry.linked_number is not None and entry.linked_number != action.number:
        return f"linked as action {entry.linked_number}"
    return ""


def entry_facts(entry: HistoryEntry) -> list[tuple[str, str]]:
    """Status, place, countries, organisations and participants of an interaction."""
    facts = [("Status", entry.status.capitalize())]
    if isinstance(entry, DossierEntry) and entry.location.strip():
        facts.append(("Location", entry.location.strip()))
    facts += [
        ("Countries", ", ".join(entry.countries) or DASH),
        ("Organisations", ", ".join(entry.organisations) or DASH),
    ]
    if isinstance(entry, DossierEntry):
        facts.append(("Participants", ", ".join(entry.participants) or DASH))
    return facts


def open_follow_ups(section: ActionDossier) -> list[FollowUpRecord]:
    """The follow-ups still to do (a done one, if given, is not printed)."""
    return [f for f in section.follow_ups if f.done_at is None]


def due_text(item: FollowUpRecord) -> str:
    due = item.due_date.isoformat() if item.due_date else "no due date"
    return f"{due} (OVERDUE)" if item.overdue else due


def follow_up_text(item: FollowUpRecord, dossier: DossierDocument) -> str:
    """The follow-up, after the marking of the interaction it comes from when not lowest."""
    tag = marking_tag(dossier.labels.get(item.interaction_uuid, ""))
    return f"{tag} {item.text}" if tag else item.text


def follow_up_origin(item: FollowUpRecord) -> str:
    return f"from: {item.interaction_date.isoformat()} {item.interaction_title}"


def interactions_heading(section: ActionDossier) -> str:
    return f"Interactions ({len(section.history)})"


def no_history(dossier: DossierDocument) -> str:
    return NO_HISTORY if dossier.summary.date_from is None else NO_HISTORY_IN_PERIOD
