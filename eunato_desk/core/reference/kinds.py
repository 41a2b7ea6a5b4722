"""The five reference lists as one table: which model, which alias table, what points at an
entry, and the words used for it in messages and on the command line."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import (
    Base,
    Country,
    HandlingMarking,
    Interaction,
    InteractionType,
    Organisation,
    Person,
    country_alias,
    handling_marking_alias,
    interaction_country,
    interaction_organisation,
    interaction_person,
    interaction_type_alias,
    organisation_alias,
    person_alias,
)
from eunato_desk.core.vocab import REFERENCE_NOUNS


@dataclass(frozen=True)
class Kind:
    """One reference list. ``name`` is its key (``reference_change.kind``, ``REFERENCE_KINDS``)."""

    name: str
    model: type[Base]
    aliases: Table
    command: str  # the command-line group: "organisations"...
    form_field: str  # the InteractionInput field (and the ValidationError field on save)
    code: str | None  # the short-code column: "acronym", "iso_code", or None
    links: tuple[Column, ...]  # what points at an entry; the first is the interactions' link
    max_name: int

    @property
    def noun(self) -> str:
        """In messages: "organisation", "interaction type"... (``vocab.REFERENCE_NOUNS``)."""
        return REFERENCE_NOUNS[self.name]

    @property
    def alias_fk(self) -> Column:
        return self.aliases.c[f"{self.model.__tablename__}_id"]

    @property
    def ranked(self) -> bool:
        """Whether the list has an order of its own (``sort_order``): types and markings."""
        return self.name in ("type", "marking")


_I = Interaction.__table__
KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("organisation", Organisation, organisation_alias, "organisations",
             "organisations", "acronym",
             (interaction_organisation.c.organisation_id, Person.__table__.c.organisation_id),
             200),
        Kind("country", Country, country_alias, "countries", "countries",
             "iso_code", (interaction_country.c.country_id,), 100),
        Kind("person", Person, person_alias, "participants", "participants",
             None, (interaction_person.c.person_id,), 200),
        Kind("type", InteractionType, interaction_type_alias, "types",
             "type", None, (_I.c.type_id,), 100),
        Kind("marking", HandlingMarking, handling_marking_alias, "markings", "marking", None,
             (_I.c.marking_id,), 100),
    )
}  # fmt: skip


def kind_of(name: str) -> Kind:
    """The list called ``name`` ('organisation', 'country', 'person', 'type', 'marking')."""
    try:
        return KINDS[name]
    except KeyError:
        raise ValidationError("list", f"'{name}' is not one of {', '.join(KINDS)}.") from None
