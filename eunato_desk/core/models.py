"""SQLAlchemy 2.0 typed models. Integer keys are internal; public ids are UUIDs."""

from __future__ import annotations

import datetime as dt
import uuid as uuid_mod

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# The vocabularies live in a module without SQLAlchemy (the command line's parsers use them);
# they stay importable from here.
from eunato_desk.core.vocab import (
    ACTION_SETS,
    ACTION_STATUSES,
    CONFIDENCES,
    INTERACTION_FORMATS,
    INTERACTION_STATUSES,
    ORGANISATION_SIDES,
    REFERENCE_CHANGES,
    REFERENCE_KINDS,
)

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_uuid() -> str:
    return str(uuid_mod.uuid4())


def utc_now_text() -> str:
    """UTC timestamp as ISO 8601 text, to the second (what the database stores)."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _partial_index(name: str, *columns: str, where: str, unique: bool = False) -> Index:
    """An index of the rows where ``where`` holds, the same predicate on both back ends."""
    return Index(
        name, *columns, unique=unique,
        sqlite_where=text(where), postgresql_where=text(where),
    )  # fmt: skip


def _in(column: str, values: tuple) -> str:
    quoted = ", ".join(repr(v) if isinstance(v, str) else str(v) for v in values)
    return f"{column} IN ({quoted})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Meta(Base):
    """Key/value facts about the database itself (e.g. which seed was loaded)."""

    __tablename__ = "meta"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Area(Base):
    __tablename__ = "area"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)


class Action(Base):
    __tablename__ = "action"
    __table_args__ = (
        CheckConstraint(_in("status", ACTION_STATUSES), name="status"),
        CheckConstraint(_in("confidence", CONFIDENCES), name="confidence"),
        CheckConstraint(_in("set_year", ACTION_SETS), name="set_year"),
        CheckConstraint("number IS NULL OR number > 0", name="number_positive"),
        # A number identifies one *active* action; retired ones may keep theirs.
        _partial_index("uq_action_active_number", "number", where="status = 'active'", unique=True),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    number: Mapped[int | None] = mapped_column(Integer)
    set_year: Mapped[int] = mapped_column(Integer)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("area.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="active")
    superseded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="SET NULL")
    )
    confidence: Mapped[str] = mapped_column(String(20), default="to_be_confirmed")
    source_note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[str] = mapped_column(String(20), default=utc_now_text)

    area: Mapped[Area | None] = relationship()


class InteractionType(Base):
    __tablename__ = "interaction_type"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    # Retired: hidden from pickers and refused for new input, kept (and shown) on old records.
    retired_at: Mapped[str | None] = mapped_column(String(20))


class HandlingMarking(Base):
    """A handling marking; ``sort_order`` is its rank, lowest first."""

    __tablename__ = "handling_marking"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    retired_at: Mapped[str | None] = mapped_column(String(20))


class Organisation(Base):
    __tablename__ = "organisation"
    __table_args__ = (CheckConstraint(_in("side", ORGANISATION_SIDES), name="side"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    acronym: Mapped[str | None] = mapped_column(String(50), unique=True)
    side: Mapped[str] = mapped_column(String(20), default="other")
    retired_at: Mapped[str | None] = mapped_column(String(20))


class Country(Base):
    __tablename__ = "country"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    iso_code: Mapped[str] = mapped_column(String(2), unique=True)
    is_pilot: Mapped[bool] = mapped_column(default=False)
    is_partner: Mapped[bool] = mapped_column(default=False)
    retired_at: Mapped[str | None] = mapped_column(String(20))


class Person(Base):
    __tablename__ = "person"
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    name: Mapped[str] = mapped_column(String(200), index=True)
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    role: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    retired_at: Mapped[str | None] = mapped_column(String(20))


def _alias_table(target: str) -> Table:
    """``<target>_alias``: other names of a ``target`` row (e.g. Turkey for Türkiye), each
    naming one row; ``folded`` is the name without case or accents (what matching compares)."""
    return Table(
        f"{target}_alias",
        Base.metadata,
        Column("id", Integer, primary_key=True),
        Column(
            f"{target}_id",
            ForeignKey(f"{target}.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        Column("name", String(200), nullable=False),
        Column("folded", String(200), nullable=False, unique=True),
    )


organisation_alias = _alias_table("organisation")
country_alias = _alias_table("country")
person_alias = _alias_table("person")
interaction_type_alias = _alias_table("interaction_type")
handling_marking_alias = _alias_table("handling_marking")


def _interaction_link(target: str, index: str) -> Table:
    """``interaction_<target>``: which ``target`` rows an interaction names, keyed by both ids
    and indexed from the target's side too."""
    column = f"{target}_id"
    return Table(
        f"interaction_{target}",
        Base.metadata,
        Column(
            "interaction_id", ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True
        ),
        Column(column, ForeignKey(f"{target}.id", ondelete="RESTRICT"), primary_key=True),
        Index(index, column, "interaction_id"),
    )


interaction_country = _interaction_link("country", "ix_interaction_country_country")
interaction_organisation = _interaction_link("organisation", "ix_interaction_organisation_org")
interaction_person = _interaction_link("person", "ix_interaction_person_person")


class Interaction(Base):
    __tablename__ = "interaction"
    __table_args__ = (
        CheckConstraint(_in("status", INTERACTION_STATUSES), name="status"),
        CheckConstraint(f"format IS NULL OR {_in('format', INTERACTION_FORMATS)}", name="format"),
        CheckConstraint("end_date IS NULL OR end_date >= start_date", name="end_after_start"),
        CheckConstraint("length(trim(title)) > 0", name="title_not_empty"),
        Index("ix_interaction_start", "start_date", "id"),
        Index("ix_interaction_type_start", "type_id", "start_date"),
        Index("ix_interaction_status_start", "status", "start_date"),
        _partial_index("ix_interaction_deleted", "deleted_at", where="deleted_at IS NOT NULL"),
        _partial_index(
            "ix_interaction_live_start",
            "start_date",
            "start_time",
            "id",
            where="deleted_at IS NULL",
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    title: Mapped[str] = mapped_column(String(500))
    type_id: Mapped[int] = mapped_column(ForeignKey("interaction_type.id", ondelete="RESTRICT"))
    start_date: Mapped[dt.date] = mapped_column(Date)
    start_time: Mapped[str | None] = mapped_column(String(5))
    end_date: Mapped[dt.date | None] = mapped_column(Date)
    end_time: Mapped[str | None] = mapped_column(String(5))
    status: Mapped[str] = mapped_column(String(20), default="held")
    location: Mapped[str] = mapped_column(String(300), default="")
    format: Mapped[str | None] = mapped_column(String(20))
    summary: Mapped[str] = mapped_column(Text, default="")
    outcome: Mapped[str] = mapped_column(Text, default="")
    marking_id: Mapped[int] = mapped_column(ForeignKey("handling_marking.id", ondelete="RESTRICT"))
    tags: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(20), default=utc_now_text)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[str] = mapped_column(String(20), default=utc_now_text)
    updated_by: Mapped[str] = mapped_column(String(200), default="")
    # Soft delete: a deleted interaction sits in the Trash until restored or the Trash is emptied.
    deleted_at: Mapped[str | None] = mapped_column(String(20))
    deleted_by: Mapped[str | None] = mapped_column(String(200))
    # Optimistic concurrency (revision 0008): 1 at creation, +1 on every change an officer could
    # see on the record (core.versions.bump); the ORM's UPDATE checks the version it read.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}  # noqa: RUF012

    type: Mapped[InteractionType] = relationship()
    marking: Mapped[HandlingMarking] = relationship()
    links: Mapped[list[InteractionAction]] = relationship(
        back_populates="interaction", cascade="all, delete-orphan", passive_deletes=True
    )
    countries: Mapped[list[Country]] = relationship(secondary=interaction_country)
    organisations: Mapped[list[Organisation]] = relationship(secondary=interaction_organisation)
    participants: Mapped[list[Person]] = relationship(secondary=interaction_person)


class InteractionAction(Base):
    """An interaction advances an action; the note says how."""

    __tablename__ = "interaction_action"
    __table_args__ = (
        Index("ix_interaction_action_action", "action_id", "interaction_id"),
        # The links that carry a note, for reading a page's notes without every link (0011).
        _partial_index("ix_interaction_action_noted", "interaction_id", where="note <> ''"),
    )
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), primary_key=True
    )
    action_id: Mapped[int] = mapped_column(
        ForeignKey("action.id", ondelete="RESTRICT"), primary_key=True
    )
    note: Mapped[str] = mapped_column(Text, default="")

    interaction: Mapped[Interaction] = relationship(back_populates="links")
    action: Mapped[Action] = relationship()


class FollowUp(Base):
    """Next steps agreed at an interaction, optionally for one of its actions."""

    __tablename__ = "follow_up"
    __table_args__ = (
        CheckConstraint("length(trim(text)) > 0", name="text_not_empty"),
        Index("ix_follow_up_open_due", "done_at", "due_date"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    uuid: Mapped[str] = mapped_column(String(36), unique=True, default=new_uuid)
    interaction_id: Mapped[int] = mapped_column(
        ForeignKey("interaction.id", ondelete="CASCADE"), index=True
    )
    action_id: Mapped[int | None] = mapped_column(
        ForeignKey("action.id", ondelete="SET NULL"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    owner: Mapped[str] = mapped_column(String(200), default="")
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    done_at: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[str] = mapped_column(String(20), default=utc_now_text)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[str] = mapped_column(String(20), default=utc_now_text)


ACTION_CHANGE_KINDS = ("create", "edit", "retire", "renumber", "merge", "split")


class ActionChange(Base):
    """A change to the catalogue (renumber, merge, split, ...), with date and officer."""

    __tablename__ = "action_change"
    __table_args__ = (CheckConstraint(_in("kind", ACTION_CHANGE_KINDS), name="kind"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("action.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[str] = mapped_column(String(20), default=utc_now_text)
    officer: Mapped[str] = mapped_column(String(200), default="")


class ReferenceChange(Base):
    """A change to a reference list (add, rename, alias, merge, retire, rank...), with date
    and officer. ``entry_id`` is the row the change concerns now: a merge moves the merged
    row's history to the row it was merged into, so it is not a foreign key (the merged row
    is gone). Read with ``eunato_desk.core.reference.history``."""

    __tablename__ = "reference_change"
    __table_args__ = (
        CheckConstraint(_in("kind", REFERENCE_KINDS), name="kind"),
        CheckConstraint(_in("change", REFERENCE_CHANGES), name="change"),
        Index("ix_reference_change_entry", "kind", "entry_id", "id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    entry_id: Mapped[int] = mapped_column(Integer)
    change: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))  # the entry's name after the change
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[str] = mapped_column(String(20), default=utc_now_text)
    officer: Mapped[str] = mapped_column(String(200), default="")


AUDIT_ENTITIES = ("interaction", "follow_up", "action")


class AuditLog(Base):
    """Who changed what, when: one row per changed field, written by the SQLite triggers of
    revisions 0005 and 0007 in the same transaction as the change (read with
    eunato_desk.core.audit)."""

    __tablename__ = "audit_log"
    __table_args__ = (
        CheckConstraint(_in("entity", AUDIT_ENTITIES), name="entity"),
        Index("ix_audit_log_entity", "entity_uuid", "id"),
        _partial_index("ix_audit_log_related", "related_uuid", where="related_uuid IS NOT NULL"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    txn: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[str] = mapped_column(String(20))
    officer: Mapped[str] = mapped_column(String(200))
    # The database login that made the change: the server fills it in itself (its default,
    # ``session_user``, revision 0010), whatever name the officer typed; '' on a file.
    login: Mapped[str] = mapped_column(String(200), server_default="")
    entity: Mapped[str] = mapped_column(String(20))
    entity_uuid: Mapped[str] = mapped_column(String(36))
    related_uuid: Mapped[str | None] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(100))
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
