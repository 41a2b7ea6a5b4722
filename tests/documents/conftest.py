"""Dossiers built by hand: several actions, unicode, hostile strings, an empty history, mixed
markings (one LIMITE interaction among UNCLASSIFIED ones)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from eunato_desk.core.analysis.dossier import DossierDocument, DossierEntry, summarise
from eunato_desk.core.records import (
    ActionChangeRecord,
    ActionDossier,
    ActionRecord,
    FollowUpRecord,
)

HOSTILE = "<script>alert('x')</script> & \"quotes\" 'single' </div></p>"
RTL = "اجتماع تنسيقي — שיחה משותפת"
EMOJI = "Cyber 🛡️ drill 🇪🇺🤝🇳🇦"
CONTROL = "bell\x07 null\x00 escape\x1b vertical\x0b end"


def action(number: int | None, title: str, area: int | None = 3, **kw: object) -> ActionRecord:
    fields: dict = {
        "uuid": f"act-{number}",
        "number": number,
        "set_year": 2016 if (number or 0) <= 42 else 2017,
        "area_code": area,
        "area_name": "Cyber security & defence" if area is not None else None,
        "title": title,
        "description": f"Description of {title}.\nSecond paragraph.",
        "status": "active",
        "confidence": "official",
    }
    fields.update(kw)
    return ActionRecord(**fields)


LOWEST = "UNCLASSIFIED"
TYPES = ("Staff talks", "Workshop")


def entry(title: str, day: dt.date, **kw: object) -> DossierEntry:
    fields: dict = {
        "interaction_uuid": f"int-{title[:20]}-{day}",
        "date": day,
        "start_time": "10:30",
        "type": "Staff talks",
        "title": title,
        "status": "held",
        "note": "",
        "linked_number": None,
        "countries": ("Bosnia and Herzegovina",),
        "organisations": ("EEAS", "NATO IS"),
        "summary": f"Summary of {title}.",
        "outcome": f"Outcome of {title}.",
        "location": "Brussels",
        "participants": ("Anna Virtanen",),
        "marking": LOWEST,
        "marking_label": "",
    }
    fields.update(kw)
    return DossierEntry(**fields)


def document(
    title: str,
    sections: tuple[ActionDossier, ...],
    *,
    area: bool = False,
    subtitle: str = "Dossier of one action",
    generated_at: str = "2026-11-26T15:53:52Z",
    marking: str = LOWEST,
) -> DossierDocument:
    """A dossier of ``sections`` with its summary (all dates), made by Anna Virtanen."""
    follow = [f for s in sections for f in s.follow_ups]
    labels = {e.interaction_uuid: e.marking_label for s in sections for e in s.history}
    return DossierDocument(
        title=title,
        subtitle=subtitle,
        period="All dates",
        generated_at=generated_at,
        author="Anna Virtanen",
        marking=marking,
        lowest_marking=LOWEST,
        sections=sections,
        summary=summarise(sections, follow, TYPES),
        area=area,
        labels=labels,
    )


def follow_up(text: str, due: dt.date | None, overdue: bool, **kw: object) -> FollowUpRecord:
    fields: dict = {
        "uuid": f"fu-{text[:20]}",
        "interaction_uuid": "int-x",
        "interaction_title": "Staff talks on cyber exercises",
        "interaction_date": dt.date(2018, 3, 1),
        "action_number": 36,
        "text": text,
        "owner": "Anna Virtanen",
        "due_date": due,
        "done_at": None,
        "overdue": overdue,
    }
    fields.update(kw)
    return FollowUpRecord(**fields)


# The interaction titles of the first action, in the order the dossier must print them
# (deliberately not alphabetical, nor sorted by date: the renderer keeps the given order).
FIRST_TITLES = (
    "Zulu: staff talks on cyber exercises",
    f"Alpha {HOSTILE}",
    f"Mike {RTL}",
    f"Bravo {EMOJI}",
    "Tab\tand  double  spaces and\nline break",
)


def make_dossier() -> DossierDocument:
    days = [dt.date(2019, 5, 2), dt.date(2018, 1, 9), dt.date(2018, 6, 30), dt.date(2017, 12, 1)]
    days.append(dt.date(2017, 3, 31))
    history = tuple(
        entry(
            title,
            day,
            note=(f"Advanced {HOSTILE}" if i == 1 else ("Kick-off" if i == 0 else "")),
            linked_number=(12 if i == 2 else 36),
            start_time=None if i == 3 else "09:00",
            summary=(f"{CONTROL}\n\n{RTL}" if i == 2 else f"Summary {i} & <b>not bold</b>"),
            outcome="" if i == 4 else f"Outcome {i} {EMOJI}",
            countries=() if i == 4 else ("Moldova", "Tunisia"),
            **({"marking": "LIMITE", "marking_label": "LIMITE"} if i == 1 else {}),
        )
        for i, (title, day) in enumerate(zip(FIRST_TITLES, days, strict=True))
    )
    first = ActionDossier(
        action=action(36, f"Cyber exercises {HOSTILE}"),
        history=history,
        follow_ups=(
            follow_up(
                "Send the minutes <now> & then",
                dt.date(2018, 1, 31),
                overdue=True,
                interaction_uuid=history[1].interaction_uuid,
            ),
            follow_up(f"Invite {RTL}", dt.date(2030, 1, 1), overdue=False, owner=""),
            follow_up("Already done, not printed", None, overdue=False, done_at="2018-02-01"),
        ),
        changes=(
            ActionChangeRecord("renumber", "12 -> 36 <moved>", "2019-01-05T10:00:00Z", "Anna"),
        ),
    )
    empty = ActionDossier(
        action=action(37, f"Nothing yet {EMOJI}", description="", confidence="derived"),
        history=(),
        follow_ups=(),
    )
    third = ActionDossier(
        action=action(None, "Unnumbered draft action", area=None, superseded_by=40),
        history=(entry("Charlie: seminar on hybrid threats", dt.date(2019, 1, 1)),),
        follow_ups=(),
    )
    return document(
        f"Area 3 dossier {HOSTILE}",
        (first, empty, third),
        area=True,
        subtitle=f"Cyber security & defence — {RTL}",
        marking="LIMITE",
    )


def make_long_dossier() -> DossierDocument:
    """One action with enough interactions to fill several A4 pages."""
    text = "This is a long summary sentence about coordination between the two staffs. " * 12
    history = tuple(
        entry(f"Meeting number {i:03d}", dt.date(2018, 1, 1) + dt.timedelta(days=i), summary=text)
        for i in range(60)
    )
    section = ActionDossier(action=action(5, "Long history"), history=history, follow_ups=())
    return document("Action 5: Long history", (section,))


@pytest.fixture
def dossier() -> DossierDocument:
    return make_dossier()


@pytest.fixture
def long_dossier() -> DossierDocument:
    return make_long_dossier()


def titles_in_order(text: str, titles: tuple[str, ...]) -> list[int]:
    """Positions of the titles in ``text`` (each must be found, after the previous one)."""
    positions, start = [], 0
    for title in titles:
        found = text.find(title, start)
        assert found >= 0, f"{title!r} missing (or out of order) after offset {start}"
        positions.append(found)
        start = found + len(title)
    return positions


@pytest.fixture
def samples() -> SimpleNamespace:
    """The strings the dossier fixture holds, the in-order finder and the dossier maker, for
    the test modules."""
    return SimpleNamespace(
        document=document,
        hostile=HOSTILE,
        rtl=RTL,
        emoji=EMOJI,
        control=CONTROL,
        first_titles=FIRST_TITLES,
        in_order=titles_in_order,
    )
