"""The names on an interaction form, resolved to rows as a save (and an import) needs them.

The rule is ``matching``'s: a name, code or alias, folded, names an entry exactly; nothing
partial is guessed (the message suggests what the text partly matches). A retired entry is
refused for new input, but an interaction keeps the retired entries it already has
(``keep``), and a restore (``allow_retired``) puts back what was there. Participants that no
entry names are created (once per session: a second row of an import finds the first).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy.orm import Session

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.models import Person
from eunato_desk.core.reference.kinds import KINDS, Kind
from eunato_desk.core.reference.matching import NameIndex, Names, fold_key

# Lists an officer extends often: an unknown name says how to add it.
_ADD_HINT = ("organisation", "country")


def unknown_message(kind: Kind, text: str, index: NameIndex) -> str:
    """'unknown organisation 'X'; did you mean …? Add it with …' (what a save says)."""
    near = index.suggestions(text)
    message = f"unknown {kind.noun} '{text}'"
    message += f"; did you mean {' or '.join(repr(n) for n in near)}?" if near else "."
    if kind.name in _ADD_HINT:
        message += (
            f" Add it with `eunato-desk {kind.command} add`, or under Reference data in the app."
        )
    return message


def retired_message(kind: Kind, name: str) -> str:
    return (
        f"'{name}' is retired, so it cannot be given to an interaction any more; bring it "
        f'back first (`eunato-desk {kind.command} retire "{name}" --undo`, or under '
        "Reference data in the app)."
    )


class Resolver:
    """Resolves one form's names (or an import's, row after row) within ``session``."""

    def __init__(
        self, session: Session, names: Names | None = None, *, allow_retired: bool = False
    ) -> None:
        self.session = session
        self.names = names or Names(session)
        self.allow_retired = allow_retired

    def entry_id(self, kind: Kind, text: str, keep: Collection[int] = ()) -> int:
        """The id of the entry ``text`` names; ValidationError naming the form's field if
        none does, or if it is retired and not in ``keep``."""
        index = self.names.index(kind)
        found = index.exact(text, include_retired=True)
        if found is None:
            raise ValidationError(kind.form_field, unknown_message(kind, text, index))
        if found.retired and not self.allow_retired and found.ref not in keep:
            raise ValidationError(kind.form_field, retired_message(kind, found.name))
        return found.ref

    def one(self, kind: str, text: str, keep: Collection[int] = ()) -> Any:
        """The row of list ``kind`` that ``text`` names (see ``entry_id``)."""
        k = KINDS[kind]
        return self.session.get(k.model, self.entry_id(k, text, keep))

    def lowest_marking(self) -> str:
        """The name of the lowest-ranked marking in use (a form's default)."""
        for item in self.names.index(KINDS["marking"]).candidates:
            if not item.retired:
                return item.name
        raise ValidationError("marking", "there is no handling marking in use.")

    def person(self, text: str, keep: Collection[int] = ()) -> Person:
        """The participant ``text`` names, or a new one with that name."""
        clean = " ".join(text.split())
        made = self.names.created.get(fold_key(clean))
        if made is not None:
            return made
        kind = KINDS["person"]
        found = self.names.index(kind).exact(clean, include_retired=True)
        if found is None:
            person = Person(name=clean)
            self.session.add(person)
            self.names.created[fold_key(clean)] = person
            return person
        if found.retired and not self.allow_retired and found.ref not in keep:
            raise ValidationError(kind.form_field, retired_message(kind, found.name))
        return self.session.get(Person, found.ref)  # type: ignore[return-value]

    def retired_names(self, kind: str) -> set[str]:
        """The names of the list's retired entries."""
        return {c.name for c in self.names.index(KINDS[kind]).candidates if c.retired}
