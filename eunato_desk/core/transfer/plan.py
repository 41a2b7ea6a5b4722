"""What an import file would do to the database: rows to create, update, leave, or reject.

Runs inside a session (a read for the preview, the write transaction for the import itself),
so the plan that is applied is the plan for the database as it is at that moment.

A row with a known UUID updates that interaction; a new or empty UUID creates one. Columns
that the file does not have keep their current values (or the defaults for a new row).
"""

from __future__ import annotations

import uuid as uuid_mod
from dataclasses import dataclass, field, replace

from sqlalchemy.orm import Session

from eunato_desk.core import interactions
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.projection import records_by_uuid
from eunato_desk.core.records import InteractionInput, InteractionRecord, LinkInput
from eunato_desk.core.transfer.format import (
    INTERACTION_FIELDS,
    Rejection,
    decode_action_notes,
    decode_link_notes,
    split_list,
)
from eunato_desk.core.transfer.names import ImportNames
from eunato_desk.core.transfer.read import SourceFile
from eunato_desk.core.transfer.values import (
    decide_date_order,
    parse_action_number,
    parse_actions,
    parse_date,
    parse_format,
    parse_status,
    parse_time,
)

# interactions.validate() names fields as a form does; the file names them as columns.
_VALIDATE_FIELDS = {"date": "start_date", "end date": "end_date", "end time": "end_time"}
_LINK_CELLS = ("actions", "link_notes", "action_notes")
# A notes column: how its cells are read (JSON in link_notes; text, or JSON, in action_notes).
_NOTES = {"link_notes": decode_link_notes, "action_notes": decode_action_notes}
_REQUIRED_FOR_NEW = ("title", "type", "start_date")


@dataclass
class Draft:
    """One interaction as the file gives it (in the links layout, several rows)."""

    uuid: str | None
    rows: list[int]
    values: dict[str, str]
    link_rows: list[tuple[int, str, str | None]] = field(default_factory=list)
    problems: list[Rejection] = field(default_factory=list)


@dataclass(frozen=True)
class Planned:
    uuid: str  # "" for a new interaction whose row has no UUID (it gets one when saved)
    rows: tuple[int, ...]
    data: InteractionInput
    before: InteractionRecord | None = None
    changes: tuple[str, ...] = ()


@dataclass
class Plan:
    creates: list[Planned] = field(default_factory=list)
    updates: list[Planned] = field(default_factory=list)
    unchanged: list[Planned] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    date_order: str | None = None
    date_notice: str = ""
    date_question: str = ""


def _group(source: SourceFile) -> tuple[list[Draft], list[Rejection]]:
    drafts: list[Draft] = []
    rejected: list[Rejection] = []
    by_uuid: dict[str, Draft] = {}
    col = source.header
    for rec in source.records:
        raw_uuid = rec.values.get("uuid", "").strip()
        uid = None
        if raw_uuid:
            try:
                uid = str(uuid_mod.UUID(raw_uuid))
            except ValueError:
                rejected.append(Rejection(rec.row, col("uuid"), f"'{raw_uuid}' is not a UUID."))
                continue
        values = {k: v for k, v in rec.values.items() if k in INTERACTION_FIELDS}
        link = (rec.row, rec.values.get("action_number", ""), rec.values.get("link_note"))
        first = by_uuid.get(uid) if uid else None
        if first is None:
            draft = Draft(uid, [rec.row], values, [link] if source.layout == "links" else [])
            draft.values.update((k, v) for k, v in rec.values.items() if k in _LINK_CELLS)
            drafts.append(draft)
            if uid:
                by_uuid[uid] = draft
            continue
        first.rows.append(rec.row)
        if source.layout != "links":
            first.problems.append(
                Rejection(
                    rec.row,
                    col("uuid"),
                    f"the same interaction is also on row {first.rows[0]}; in this layout "
                    "each interaction has one row.",
                )
            )
            continue
        differs = [k for k, v in values.items() if v != first.values.get(k)]
        if differs:
            first.problems.append(
                Rejection(
                    rec.row,
                    col(differs[0]),
                    f"differs from row {first.rows[0]} of the same interaction "
                    f"('{values[differs[0]][:60]}' against "
                    f"'{first.values.get(differs[0], '')[:60]}').",
                )
            )
        first.link_rows.append(link)
    return drafts, rejected


def comparable(data: InteractionInput) -> dict[str, object]:
    """The values an update would store, so that equal means 'nothing would change'."""
    return {
        "title": data.title.strip(),
        "type": data.type,
        "start_date": data.start_date,
        "start_time": data.start_time or None,
        "end_date": data.end_date,
        "end_time": data.end_time or None,
        "status": data.status,
        "location": data.location.strip(),
        "format": data.format,
        "summary": data.summary,
        "outcome": data.outcome,
        "marking": data.marking,
        "tags": interactions.normalise_tags(data.tags),
        "actions": tuple(sorted(lk.number for lk in data.links)),
        "link_notes": tuple(
            sorted((lk.number, lk.note.strip()) for lk in data.links if lk.note.strip())
        ),
        "countries": tuple(sorted(data.countries)),
        "organisations": tuple(sorted(data.organisations)),
        "participants": tuple(
            sorted(" ".join(p.split()).lower() for p in data.participants if p.strip())
        ),
    }


class _Builder:
    def __init__(self, source: SourceFile, resolver: ImportNames, order: str | None) -> None:
        self.source = source
        self.resolve = resolver
        self.order = order
        self.errors: list[Rejection] = []

    def _fail(self, row: int, fld: str, reason: str) -> None:
        self.errors.append(Rejection(row, self.source.header(fld), reason))

    def build(self, draft: Draft, base: InteractionInput, new: bool) -> InteractionInput | None:
        """The input an import would save, or None (with ``self.errors``) if it cannot."""
        self.errors = []
        row, values = draft.rows[0], draft.values
        if new:  # the file must say what a new interaction is
            for fld in _REQUIRED_FOR_NEW:
                if fld not in values:
                    self._fail(
                        row, fld, f"a new interaction needs a {fld}; the file has no such column."
                    )
        changes: dict[str, object] = {}
        for fld, text in values.items():
            if fld == "uuid":
                continue
            try:
                value = self._value(fld, text)
            except ValueError as exc:
                self._fail(row, fld, str(exc))
            except ValidationError as exc:
                self._fail(row, fld, exc.reason)
            else:
                if fld not in _LINK_CELLS:
                    changes[fld] = value
        links = self._links(draft, base)
        if self.errors:
            return None
        data = replace(base, **changes, links=links)  # type: ignore[arg-type]
        try:
            interactions.validate(data)
            self.resolve.check_retired(data, base)
        except ValidationError as exc:
            self._fail(row, _VALIDATE_FIELDS.get(exc.field, exc.field), exc.reason)
            return None
        return data

    def _value(self, fld: str, text: str) -> object:
        strip = text.strip()
        if fld in ("start_date", "end_date"):
            return parse_date(strip, self.order) if strip else None
        if fld in ("start_time", "end_time"):
            return parse_time(strip)
        if fld == "status":
            return parse_status(strip)
        if fld == "format":
            return parse_format(strip)
        if fld in ("type", "marking"):
            return self.resolve.term(fld, strip)
        if fld == "organisations":
            return self.resolve.names_in(text, self.resolve.organisation)
        if fld == "countries":
            return self.resolve.names_in(text, self.resolve.country)
        if fld in ("participants", "tags"):
            return tuple(split_list(text))
        return text  # title, location, summary, outcome, and the link cells (read later)

    def _links(self, draft: Draft, base: InteractionInput) -> tuple[LinkInput, ...]:
        old_notes = {lk.number: lk.note for lk in base.links}
        values, row = draft.values, draft.rows[0]
        if self.source.layout == "links":
            return self._link_rows(draft, old_notes)
        if "actions" not in values:
            return base.links
        try:
            numbers = parse_actions(values["actions"])
        except ValueError as exc:
            self._fail(row, "actions", str(exc))
            return ()
        for number in numbers:
            try:
                self.resolve.action(number)
            except ValidationError as exc:
                self._fail(row, "actions", exc.reason)
        notes = {n: old_notes.get(n, "") for n in numbers}
        for column, decode in _NOTES.items():
            if column not in values:
                continue
            try:
                given = decode(values[column])
            except ValueError as exc:
                self._fail(row, column, str(exc))
                return ()
            stray = sorted(set(given) - set(numbers))
            if stray:
                self._fail(row, column, f"a note for action {stray[0]}, which is not linked.")
            notes = {n: given.get(n, "") for n in numbers}
        return tuple(LinkInput(n, notes[n]) for n in numbers)

    def _link_rows(self, draft: Draft, old_notes: dict[int, str]) -> tuple[LinkInput, ...]:
        links: dict[int, tuple[int, str]] = {}
        for row, number_text, note in draft.link_rows:
            if not number_text.strip():
                continue
            try:
                number = parse_action_number(number_text)
                self.resolve.action(number)
            except ValueError as exc:
                self._fail(row, "action_number", str(exc))
                continue
            except ValidationError as exc:
                self._fail(row, "action_number", exc.reason)
                continue
            text = old_notes.get(number, "") if note is None else note
            if number in links and links[number][1].strip() != text.strip():
                self._fail(
                    row,
                    "link_note",
                    f"action {number} is also on row {links[number][0]}, with another note.",
                )
            links.setdefault(number, (row, text))
        return tuple(LinkInput(n, note) for n, (_row, note) in links.items())


def _date_cells(source: SourceFile, drafts: list[Draft]):  # type: ignore[no-untyped-def]
    for draft in drafts:
        for fld in ("start_date", "end_date"):
            if draft.values.get(fld, "").strip():
                yield draft.rows[0], source.header(fld), draft.values[fld]


def _reject(draft: Draft, errors: list[Rejection]) -> list[Rejection]:
    """The draft's errors, and a note on each of its other rows (links layout)."""
    bad = {e.row for e in errors}
    return errors + [
        Rejection(r, "", f"not imported: row {min(bad)} of the same interaction is rejected.")
        for r in draft.rows
        if r not in bad
    ]


def make_plan(session: Session, source: SourceFile, date_order: str | None) -> Plan:
    drafts, rejected = _group(source)
    rejected = [*source.rejected, *rejected]
    try:
        decision = decide_date_order(_date_cells(source, drafts), date_order)
    except ValueError as exc:
        raise ValidationError("date order", str(exc)) from None
    plan = Plan(
        date_order=decision.order, date_notice=decision.notice, date_question=decision.question
    )
    existing = records_by_uuid(session, [d.uuid for d in drafts if d.uuid])
    builder = _Builder(source, ImportNames(session), decision.order)
    for draft in drafts:
        before = existing.get(draft.uuid) if draft.uuid else None
        base = before.to_input() if before else InteractionInput("", "", None)
        data = builder.build(draft, base, new=before is None)
        errors = [*draft.problems, *builder.errors]
        changes: tuple[str, ...] = ()
        if data is not None and before is not None:
            old, new = comparable(base), comparable(data)
            changes = tuple(k for k in new if new[k] != old[k])
            if changes and before.deleted_at is not None:
                errors.append(
                    Rejection(
                        draft.rows[0],
                        source.header("uuid"),
                        f"'{before.title}' is in the Trash; restore it before importing "
                        "changes to it.",
                    )
                )
        if errors or data is None:
            rejected += _reject(draft, errors)
            continue
        rows = tuple(draft.rows)
        if before is None:
            plan.creates.append(Planned(draft.uuid or "", rows, data))
        else:
            target = plan.updates if changes else plan.unchanged
            target.append(Planned(before.uuid, rows, data, before, changes))
    plan.rejected = sorted(rejected, key=lambda r: (r.row, r.column))
    return plan
