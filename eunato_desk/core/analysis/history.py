"""What has been done for each action: overview counts, stale flags, history, dossiers."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eunato_desk.core.catalogue.actions import action_records
from eunato_desk.core.catalogue.lineage import Lineage, current_action
from eunato_desk.core.errors import NotFoundError, ValidationError
from eunato_desk.core.follow_ups import follow_ups_for_actions
from eunato_desk.core.models import (
    Action,
    ActionChange,
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
    Dossier,
    HistoryEntry,
)
from eunato_desk.core.settings import DEFAULT_STALE_MONTHS
from eunato_desk.core.storage.db import Database


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
                func.sum(Interaction.start_date.between(quarter.start, quarter.end)),
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


def _history(session: Session, action_ids: list[int], newest_first: bool) -> list[HistoryEntry]:
    rows = session.execute(
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
        )
        .join(InteractionAction, InteractionAction.interaction_id == Interaction.id)
        .join(Action, Action.id == InteractionAction.action_id)
        .join(InteractionType, InteractionType.id == Interaction.type_id)
        .where(InteractionAction.action_id.in_(action_ids), Interaction.deleted_at.is_(None))
    ).all()
    ids = list(dict.fromkeys(r[0] for r in rows))
    countries: dict[int, list[str]] = {}
    orgs: dict[int, list[str]] = {}
    for start in range(0, len(ids), PAGE):
        lists = page_lists(session, ids[start : start + PAGE], ("countries", "organisations"))
        countries.update(lists["countries"])
        orgs.update(lists["organisations"])
    rows = sorted(rows, key=lambda r: (r[2], r[3] or "", r[0]), reverse=newest_first)
    return [
        HistoryEntry(
            interaction_uuid=r[1],
            date=r[2],
            start_time=r[3],
            type=r[4],
            title=r[5],
            status=r[6],
            note=r[7],
            linked_number=r[8],
            countries=tuple(countries.get(r[0], ())),
            organisations=tuple(orgs.get(r[0], ())),
            summary=r[9],
            outcome=r[10],
        )
        for r in rows
    ]


def action_history(
    db: Database, number: int, newest_first: bool = False
) -> tuple[ActionRecord, list[HistoryEntry]]:
    """The action now known by ``number`` (following renumbers and merges) and every linked
    live interaction in date order, including those linked under an earlier number."""
    with db.read() as session:
        lineage = Lineage.load(session)
        action = _active_action(session, number, lineage)
        record = next(a for a in action_records(session) if a.uuid == action.uuid)
        return record, _history(session, lineage.family(action.id), newest_first)


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


def build_dossier(
    db: Database,
    *,
    action_number: int | None = None,
    area_code: int | None = None,
    today: dt.date | None = None,
) -> Dossier:
    """The data of a dossier for one action, or for every active action of an area."""
    if (action_number is None) == (area_code is None):
        raise ValidationError("dossier", "choose either one action or one area.")
    today = today or dt.date.today()
    with db.read() as session:
        records = {a.uuid: a for a in action_records(session)}
        lineage = Lineage.load(session)
        if action_number is not None:
            targets = [_active_action(session, action_number, lineage)]
            title = f"Action {targets[0].number}: {targets[0].title}"
            subtitle = "Dossier of one action"
        else:
            targets = [
                session.get(Action, records_id)
                for records_id in session.scalars(
                    select(Action.id)
                    .where(Action.status == "active", Action.area.has(code=area_code))
                    .order_by(Action.number)
                )
            ]
            area = next((a.area_name for a in records.values() if a.area_code == area_code), None)
            if area is None:
                raise ValidationError("area", f"there is no area with code {area_code}.")
            title = f"Area {area_code}: {area}"
            subtitle = f"Dossier of {len(targets)} action{'s' if len(targets) != 1 else ''}"
        families = {t.id: lineage.family(t.id) for t in targets}
        follow = follow_ups_for_actions(
            session, [i for ids in families.values() for i in ids], today
        )
        sections = []
        for target in targets:
            ids = families[target.id]
            sections.append(
                ActionDossier(
                    action=records[target.uuid],
                    history=tuple(_history(session, ids, newest_first=False)),
                    follow_ups=tuple(f for aid in ids for f in follow.get(aid, [])),
                    changes=_changes(session, ids),
                )
            )
    return Dossier(
        title=title, subtitle=subtitle, generated_at=utc_now_text(), sections=tuple(sections)
    )
