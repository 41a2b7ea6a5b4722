"""Names and numbers in an import file, resolved once per import by the interaction services'
rules (``eunato_desk.core.reference``: names, acronyms, ISO codes and aliases, without case
or accents). A retired organisation, country, participant, type or marking is accepted where
the interaction already has it (so our own export imports back unchanged) and refused where
a row would give it anew."""

from __future__ import annotations

import functools
from collections.abc import Callable

from sqlalchemy.orm import Session

from eunato_desk.core import interactions
from eunato_desk.core.catalogue.lineage import Lineage
from eunato_desk.core.errors import ValidationError
from eunato_desk.core.records import InteractionInput
from eunato_desk.core.reference import load
from eunato_desk.core.reference.kinds import KINDS
from eunato_desk.core.reference.matching import Names, fold_key
from eunato_desk.core.reference.resolve import Resolver, retired_message
from eunato_desk.core.transfer.format import split_list


class ImportNames:
    """The resolution cache of one import (its plan, then its write)."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.names = Names(session)
        # Retired entries resolve here; ``check_retired`` refuses the ones a row adds.
        self.refs = Resolver(session, self.names, allow_retired=True)
        self.lineage = Lineage.load(session)
        self._cache: dict[tuple[str, str], str | ValidationError] = {}

    def _cached(self, kind: str, key: str, find: Callable[[], str]) -> str:
        hit = self._cache.get((kind, key))
        if hit is None:
            try:
                hit = find()
            except ValidationError as exc:
                hit = exc
            self._cache[(kind, key)] = hit
        if isinstance(hit, ValidationError):
            raise hit
        return hit

    def organisation(self, name: str) -> str:
        """The organisation as a record names it: its acronym, else its name."""

        def find() -> str:
            org = self.refs.one("organisation", name)
            return org.acronym or org.name

        return self._cached("org", fold_key(name), find)

    def country(self, name: str) -> str:
        return self._cached("country", fold_key(name), lambda: self.refs.one("country", name).name)

    def action(self, number: int) -> None:
        self._cached(
            "action",
            str(number),
            lambda: interactions.resolve_action(self.session, number, lineage=self.lineage).uuid,
        )

    def term(self, field: str, text: str) -> str:
        """An interaction type or marking as stored; '' for an empty cell (a marking's
        default is then the lowest in use). ValueError if no entry is named so."""
        if not text:
            return ""
        index = self.names.index(KINDS[field])
        found = index.exact(text, include_retired=True)
        if found is None:
            known = ", ".join(c.name for c in index.candidates if not c.retired)
            raise ValueError(f"unknown {field} '{text}'; known: {known}.")
        return found.name

    def names_in(self, text: str, resolve: Callable[[str], str]) -> tuple[str, ...]:
        """Resolve a list cell; an unknown item with commas is tried as a comma list."""
        out: list[str] = []
        for item in split_list(text):
            try:
                out.append(resolve(item))
            except ValidationError as whole:
                parts = [p.strip() for p in item.split(",") if p.strip()]
                if len(parts) < 2:
                    raise
                try:
                    out.extend([resolve(p) for p in parts])
                except ValidationError:
                    raise whole from None
        return tuple(dict.fromkeys(out))

    @functools.cached_property
    def _retired(self) -> dict[str, set[str]]:
        """The retired entries of each list, as a form names them (an organisation by its
        acronym, else its name)."""
        out = {kind: self.refs.retired_names(kind) for kind in ("type", "marking", "country")}
        out["organisation"] = {
            org.acronym or org.name
            for org in load.records(self.session, KINDS["organisation"])
            if org.retired
        }
        return out

    def check_retired(self, data: InteractionInput, base: InteractionInput) -> None:
        """Refuse a retired entry that ``data`` gives and ``base`` (the interaction as it is)
        does not have (ValidationError naming the column)."""
        given = (
            ("type", {data.type} - {base.type}),
            ("marking", {data.marking} - {base.marking}),
            ("organisation", set(data.organisations) - set(base.organisations)),
            ("country", set(data.countries) - set(base.countries)),
        )
        for kind, new in given:
            for name in sorted(new & self._retired[kind]):
                raise ValidationError(KINDS[kind].form_field, retired_message(KINDS[kind], name))
        had = {fold_key(p) for p in base.participants}
        index = self.names.index(KINDS["person"])
        for text in data.participants:
            found = index.exact(text, include_retired=True)
            if found is not None and found.retired and fold_key(text) not in had:
                raise ValidationError("participants", retired_message(KINDS["person"], found.name))
