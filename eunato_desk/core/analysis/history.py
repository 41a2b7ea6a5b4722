"""What has been done for each action: overview counts, stale flags, history, dossiers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import Select, case, func, select
from sqlalchemy.orm import Session

from eunato_desk.core.analysis.coverage import check_range
from eunato_desk.core.analysis.dossier import DossierDocument, DossierEntry, summarise
from eunato_desk.core.analysis.markings import MarkingScale, marking_scale
from eunato_desk.core.analysis.report_periods import range_text
from eunato_desk.core.catalogue.actions import action_records
from eunato_desk.core.catalogue.lineage import Lineage, current_action
from eunato_desk.core.errors import NotFoundError, ValidationError
from eunato_desk.core.follow_ups import follow_ups_for_actions
from eunato_desk.core.models import (
    Action,
    ActionChange,
    HandlingMarking,
    Interaction,
    InteractionAction,
    InteractionType,
    utc_now_text,
)
from eunato_desk.core.periods import Quarter
from eunato_desk.core.projection import PAGE, page_lists
from eunato_desk.core.records import (
    ActionChangeRecord,
    ActionDossier,
    ActionOverview,
    ActionRecord,
)
from eunato_desk.core.settings import DEFAULT_STALE_MONTHS
from eunato_desk.core.storage.db import Database

NAMES = ("countries", "organisations", "participants")


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` earlier (clamped to the month's last day)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def action_overview(
    db: Database, today: dt.date | None = None, stale_months: int = DEFAULT_STALE_MONTHS
) -> list[ActionOverview]:
    """Every active action with total, this quarter's count, last date and stale flags.

    A link made to an action that was later merged or renumbered counts for its successor.
    An interaction on the last day of a quarter counts for that quarter.
    """
    today = today or dt.date.today()
    quarter = Quarter.of(today)
    threshold = months_before(today, stale_months)
    with db.read() as session:
        actions = [a for a in action_records(session) if a.status == "active"]
        lineage = Lineage.load(session)
        uuid_of = dict(session.execute(select(Action.id, Action.uuid)).all())
        stats = session.execute(
            select(
                InteractionAction.action_id,
                func.count(),
                func.sum(
                    case((Interaction.start_date.between(quarter.start, quarter.end), 1), else_=0)
                ),
                func.max(Interaction.start_date),
            )
            .join(Interaction, Interaction.id == InteractionAction.interaction_id)
            .where(Interaction.deleted_at.is_(None), Interaction.status != "cancelled")
            .group_by(InteractionAction.action_id)
        ).all()
    totals: dict[str, list] = defaultdict(lambda: [0, 0, None])
    for action_id, total, in_quarter, last in stats:
        entry = totals[uuid_of[lineage.final(action_id)]]  # follows merges and renumbers
        entry[0] += total
        entry[1] += int(in_quarter or 0)
        last_date = last if isinstance(last, dt.date) else dt.date.fromisoformat(last)
        entry[2] = max(entry[2], last_date) if entry[2] else last_date
    out = []
    for a in actions:
        total, in_quarter, last = totals.get(a.uuid, (0, 0, None))
        out.append(
            ActionOverview(
                action=a,
                total=total,
                this_quarter=in_quarter,
                last_date=last,
                no_activity_this_quarter=in_quarter == 0,
                stale=last is None or last < threshold,
            )
        )
    return out


def _active_action(session: Session, number: int, lineage: Lineage) -> Action:
    """The action ``number`` means now (``Lineage.current``), active or not."""
    action = current_action(session, number, lineage)
    if action is None:
        raise NotFoundError(f"There is no action number {number}.")
    return action


def _history(
    session: Session,
    action_ids: list[int],
    newest_first: bool,
    scale: MarkingScale,
    period: tuple[dt.date, dt.date] | None = None,
) -> list[DossierEntry]:
    """Every live interaction linked to ``action_ids`` (within ``period``, bounds included),
    in date order, with its lists and its marking."""
    rows = session.execute(_history_query(action_ids, period)).all()
    ids = list(dict.fromkeys(r[0] for r in rows))
    lists: dict[str, dict[int, list[str]]] = {n: {} for n in NAMES}
    for start in range(0, len(ids), PAGE):
        for name, found in page_lists(session, ids[start : start + PAGE], NAMES).items():
            lists[name].update(found)
    rows = sorted(rows, key=lambda r: (r[2], r[3] or "", r[0]), reverse=newest_first)
    return [
        DossierEntry(
            interaction_uuid=r[1],
            date=r[2],
            start_time=r[3],
            type=r[4],
            title=r[5],
            status=r[6],
            note=r[7],
            linked_number=r[8],
            countries=tuple(lists["countries"].get(r[0], ())),
            organisations=tuple(lists["organisations"].get(r[0], ())),
            summary=r[9],
            outcome=r[10],
            location=r[11],
            participants=tuple(lists["participants"].get(r[0], ())),
            marking=r[12],
            marking_label=scale.label(r[12]),
        )
        for r in rows
    ]


def _history_query(action_ids: list[int], period: tuple[dt.date, dt.date] | None) -> Select:
    query = (
        select(
            Interaction.id,
            Interaction.uuid,
            Interaction.start_date,
            Interaction.start_time,
            InteractionType.name,
            Interaction.title,
            Interaction.status,
            InteractionAction.note,
            Action.number,
            Interaction.summary,
            Interaction.outcome,
            Interaction.location,
            HandlingMarking.name,
        )
        .join(InteractionAction, InteractionAction.interaction_id == Interaction.id)
        .join(Action, Action.id == InteractionAction.action_id)
        .join(InteractionType, InteractionType.id == Interaction.type_id)
        .join(HandlingMarking, HandlingMarking.id == Interaction.marking_id)
        .where(InteractionAction.action_id.in_(action_ids), Interaction.deleted_at.is_(None))
    )
    if period is not None:
        query = query.where(Interaction.start_date.between(*period))
    return query


def action_history(
    db: Database, number: int, newest_first: bool = False
) -> tuple[ActionRecord, list[DossierEntry]]:
    """The action now known by ``number`` (following renumbers and merges) and every linked
    live interaction in date order, including those linked under an earlier number."""
    with db.read() as session:
        lineage = Lineage.load(session)
        action = _active_action(session, number, lineage)
        record = next(a for a in action_records(session) if a.uuid == action.uuid)
        scale = marking_scale(session)
        return record, _history(session, lineage.family(action.id), newest_first, scale)


def _changes(session: Session, action_ids: list[int]) -> tuple[ActionChangeRecord, ...]:
    return tuple(
        ActionChangeRecord(kind, detail, at, officer)
        for kind, detail, at, officer in session.execute(
            select(
                ActionChange.kind,
                ActionChange.detail,
                ActionChange.changed_at,
                ActionChange.officer,
            )
            .where(ActionChange.action_id.in_(action_ids))
            .order_by(ActionChange.changed_at, ActionChange.id)
        )
    )


def _targets(
    session: Session,
    records: dict[str, ActionRecord],
    lineage: Lineage,
    action_number: int | None,
    area_code: int | None,
) -> tuple[list[Action], str, str]:
    """The actions of the dossier, its title and its subtitle."""
    if action_number is not None:
        target = _active_action(session, action_number, lineage)
        return [target], f"Action {target.number}: {target.title}", "Dossier of one action"
    area = next((a.area_name for a in records.values() if a.area_code == area_code), None)
    if area is None:
        raise ValidationError("area", f"there is no area with code {area_code}.")
    targets = list(
        session.scalars(
            select(Action)
            .where(Action.status == "active", Action.area.has(code=area_code))
            .order_by(Action.number)
        )
    )
    many = f"{len(targets)} action{'s' if len(targets) != 1 else ''}"
    return targets, f"Area {area_code}: {area}", f"Dossier of {many}"


def _markings_of(session: Session, uuids: set[str], scale: MarkingScale) -> dict[str, str]:
    """Interaction uuid -> its marking, for ``uuids``."""
    found: dict[str, str] = {}
    ordered = sorted(uuids)
    for start in range(0, len(ordered), PAGE):
        found.update(
            session.execute(
                select(Interaction.uuid, HandlingMarking.name)
                .join(HandlingMarking, HandlingMarking.id == Interaction.marking_id)
                .where(Interaction.uuid.in_(ordered[start : start + PAGE]))
            ).all()
        )
    return found


def _sections(
    session: Session,
    families: list[tuple[ActionRecord, list[int]]],
    scale: MarkingScale,
    period: tuple[dt.date, dt.date] | None,
    today: dt.date,
) -> list[ActionDossier]:
    """Each action (with the ids of the actions it replaced): its history, the open
    follow-ups of that history's period, its catalogue changes."""
    follow = follow_ups_for_actions(session, [i for _a, ids in families for i in ids], today)
    return [
        ActionDossier(
            action=action,
            history=tuple(_history(session, ids, False, scale, period)),
            follow_ups=tuple(
                f
                for aid in ids
                for f in follow.get(aid, [])
                if period is None or period[0] <= f.interaction_date <= period[1]
            ),
            changes=_changes(session, ids),
        )
        for action, ids in families
    ]


def build_dossier(
    db: Database,
    *,
    action_number: int | None = None,
    area_code: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    officer: str = "",
    today: dt.date | None = None,
) -> DossierDocument:
    """The data of a dossier for one action, or for every active action of an area: the live
    interactions linked to it (those of the period only, bounds included, when one is given),
    the open follow-ups of its actions (of the period's interactions), its catalogue changes,
    the summary (``dossier.summarise``) and the markings as ranked now. ``officer``: who makes
    it (the document's author)."""
    if (action_number is None) == (area_code is None):
        raise ValidationError("dossier", "choose either one action or one area.")
    if (date_from is None) != (date_to is None):
        raise ValidationError("period", "give both the first and the last day, or neither.")
    period = None
    if date_from is not None and date_to is not None:
        check_range(date_from, date_to)
        period = (date_from, date_to)
    today = today or dt.date.today()
    with db.read() as session:
        records = {a.uuid: a for a in action_records(session)}
        lineage = Lineage.load(session)
        targets, title, subtitle = _targets(session, records, lineage, action_number, area_code)
        scale = marking_scale(session)
        types = list(
            session.scalars(
                select(InteractionType.name).order_by(
                    InteractionType.sort_order, InteractionType.name
                )
            )
        )
        families = [(records[t.uuid], lineage.family(t.id)) for t in targets]
        sections = _sections(session, families, scale, period, today)
        markings = {e.interaction_uuid: e.marking for s in sections for e in s.history}
        others = {f.interaction_uuid for s in sections for f in s.follow_ups} - set(markings)
        markings.update(_markings_of(session, others, scale))
    follow_ups = [f for s in sections for f in s.follow_ups]
    return DossierDocument(
        title=title,
        subtitle=subtitle,
        period=range_text(*period) if period else "All dates",
        generated_at=utc_now_text(),
        author=officer,
        marking=scale.highest(markings.values()),
        lowest_marking=scale.lowest,
        sections=tuple(sections),
        summary=summarise(sections, follow_ups, types, date_from, date_to),
        area=area_code is not None,
        labels={uuid: scale.label(name) for uuid, name in markings.items()},
    )
