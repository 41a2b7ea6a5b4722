"""The action catalogue and the other reference lists; importing an official action list."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import (
    ACTION_SETS,
    Action,
    Area,
    new_uuid,
    utc_now_text,
)
from eunato_desk.core.records import ActionRecord, AreaRecord, Vocabulary
from eunato_desk.core.reference.load import vocabulary_lists
from eunato_desk.core.storage.db import Database, refuse_database_as_input

IMPORT_COLUMNS = ("number", "set", "area_code", "title", "description")


def action_records(session: Session, area_code: int | None = None) -> list[ActionRecord]:
    successor = aliased(Action)
    query = (
        select(Action, Area.code, Area.name, successor.number)
        .outerjoin(Area, Area.id == Action.area_id)
        .outerjoin(successor, successor.id == Action.superseded_by_id)
        .order_by(Action.status, Action.number.is_(None), Action.number)
    )
    if area_code is not None:
        query = query.where(Area.code == area_code)
    return [
        ActionRecord(
            uuid=a.uuid,
            number=a.number,
            set_year=a.set_year,
            area_code=code,
            area_name=name,
            title=a.title,
            description=a.description,
            status=a.status,
            confidence=a.confidence,
            superseded_by=succ,
        )
        for a, code, name, succ in session.execute(query)
    ]


def list_actions(db: Database, area_code: int | None = None) -> list[ActionRecord]:
    """Every action (active first, by number), optionally of one area."""
    with db.read() as session:
        if (
            area_code is not None
            and session.scalar(select(Area.id).where(Area.code == area_code)) is None
        ):
            raise ValidationError("area", f"there is no area with code {area_code}.")
        return action_records(session, area_code)


def list_areas(db: Database) -> list[AreaRecord]:
    with db.read() as session:
        return [
            AreaRecord(code, name)
            for code, name in session.execute(
                select(Area.code, Area.name).order_by(Area.sort_order, Area.code)
            )
        ]


def vocabulary(db: Database) -> Vocabulary:
    """All reference lists for pickers and completers, in one read (see ``Vocabulary``)."""
    with db.read() as session:
        return Vocabulary(
            areas=tuple(
                AreaRecord(c, n)
                for c, n in session.execute(
                    select(Area.code, Area.name).order_by(Area.sort_order, Area.code)
                )
            ),
            actions=tuple(a for a in action_records(session) if a.status == "active"),
            **vocabulary_lists(session),
        )


# --- import of an official list -----------------------------------------------------------


@dataclass(frozen=True)
class RowProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class CatalogueImportReport:
    created: list[int] = field(default_factory=list)
    updated: list[tuple[int, list[str]]] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    applied: bool = False

    def summary_lines(self) -> list[str]:
        lines = [
            f"{len(self.created)} to create, {len(self.updated)} to update, "
            f"{len(self.unchanged)} unchanged, {len(self.problems)} rejected."
        ]
        lines += [f"  create action {n}" for n in self.created]
        lines += [f"  update action {n}: {', '.join(fields)}" for n, fields in self.updated]
        lines += [f"  {p}" for p in self.problems]
        return lines


@dataclass(frozen=True)
class _CatalogueRow:
    line: int
    number: int
    set_year: int
    area_code: int | None
    area_given: bool  # False when the file has no area_code column: areas stay as they are
    title: str
    description: str | None


def _read_catalogue_csv(path: Path) -> tuple[list[_CatalogueRow], list[RowProblem]]:
    refuse_database_as_input(path, str(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(str(path), f"cannot read the file ({exc.strerror}).") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(str(path), "the file is not UTF-8 text.") from None
    if not text.strip():
        raise ValidationError(str(path), "the file is empty.")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in ("number", "set", "title") if c not in headers]
    if missing:
        raise ValidationError(
            str(path),
            f"missing column(s) {', '.join(missing)}; expected {', '.join(IMPORT_COLUMNS)}.",
        )
    reader.fieldnames = headers
    rows: list[_CatalogueRow] = []
    problems: list[RowProblem] = []
    seen: dict[int, int] = {}
    try:
        while True:
            line = reader.line_num + 1  # where this row starts (a quoted cell may span lines)
            try:
                raw_row = next(reader)
            except StopIteration:
                break
            row = {k: (v or "").strip() for k, v in raw_row.items() if k is not None}
            try:
                rows.append(_parse_catalogue_row(line, row, seen))
            except ValidationError as exc:
                problems.append(RowProblem(line, exc.message))
    except csv.Error as exc:
        raise ValidationError(str(path), f"line {reader.line_num}: {exc}.") from exc
    if not rows and not problems:
        raise ValidationError(str(path), "the file has a header but no rows.")
    return rows, problems


def _parse_catalogue_row(line: int, row: dict[str, str], seen: dict[int, int]) -> _CatalogueRow:
    try:
        number = int(row.get("number", ""))
        if number <= 0:
            raise ValueError
    except ValueError:
        raise ValidationError(
            "number", f"'{row.get('number', '')}' is not a positive whole number."
        ) from None
    if number in seen:
        raise ValidationError("number", f"action {number} also appears on line {seen[number]}.")
    seen[number] = line
    try:
        set_year = int(row.get("set", ""))
    except ValueError:
        set_year = 0
    if set_year not in ACTION_SETS:
        raise ValidationError("set", f"'{row.get('set', '')}' is not 2016 or 2017.")
    area_text = row.get("area_code", "")
    try:
        area_code = int(area_text) if area_text else None
    except ValueError:
        raise ValidationError("area_code", f"'{area_text}' is not an area code.") from None
    title = row.get("title", "")
    if not title:
        raise ValidationError("title", "the title is empty.")
    if len(title) > 500:
        raise ValidationError("title", "longer than 500 characters.")
    description = row.get("description") if "description" in row else None
    return _CatalogueRow(line, number, set_year, area_code, "area_code" in row, title, description)


def import_catalogue(db: Database, path: Path, dry_run: bool = False) -> CatalogueImportReport:
    """Update actions by number from an official list. All or nothing: if any row is bad,
    nothing changes and every bad row is reported with its line number."""
    rows, problems = _read_catalogue_csv(Path(path))
    report = CatalogueImportReport(problems=problems)
    try:
        return _apply_catalogue(db, rows, report, dry_run)
    except _DryRunDone:
        return report


def _apply_catalogue(
    db: Database, rows: list[_CatalogueRow], report: CatalogueImportReport, dry_run: bool
) -> CatalogueImportReport:
    with db.write() as session:
        areas = dict(session.execute(select(Area.code, Area.id)).all())
        for row in rows:
            if row.area_code is not None and row.area_code not in areas:
                report.problems.append(
                    RowProblem(row.line, f"area_code: unknown area {row.area_code}.")
                )
        if report.problems:
            report.problems.sort(key=lambda p: p.line)
            return report
        for row in rows:
            area_id = areas[row.area_code] if row.area_code is not None else None
            action = session.scalar(
                select(Action).where(Action.number == row.number, Action.status == "active")
            )
            if action is None:
                report.created.append(row.number)
                session.add(
                    Action(
                        uuid=new_uuid(),
                        number=row.number,
                        set_year=row.set_year,
                        area_id=area_id,
                        title=row.title,
                        description=row.description or "",
                        status="active",
                        confidence="confirmed",
                    )
                )
                continue
            if not row.area_given:
                area_id = action.area_id
            wanted = {
                "set": (action.set_year, row.set_year),
                "area": (action.area_id, area_id),
                "title": (action.title, row.title),
            }
            if row.description is not None:
                wanted["description"] = (action.description, row.description)
            changed = [name for name, (old, new) in wanted.items() if old != new]
            if changed:
                report.updated.append((row.number, changed))
                action.set_year = row.set_year
                action.area_id = area_id
                action.title = row.title
                if row.description is not None:
                    action.description = row.description
                action.confidence = "confirmed"
                action.updated_at = utc_now_text()
            else:
                report.unchanged.append(row.number)
        if dry_run:
            raise _DryRunDone
        report.applied = True
    return report


class _DryRunDone(Exception):
    """Raised inside the write transaction to roll a dry run back."""
