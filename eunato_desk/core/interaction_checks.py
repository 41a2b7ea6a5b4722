"""The checks of an interaction form that need no database: what ``validate`` and
``problems`` find, in the order of the form, each a ValidationError naming its field (the
editor shows them all at once; a save stops at the first). Names are resolved, and unknown
ones refused, by ``interactions`` when it saves."""

from __future__ import annotations

from collections.abc import Iterator

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.follow_ups import validate_follow_up
from eunato_desk.core.models import INTERACTION_FORMATS, INTERACTION_STATUSES
from eunato_desk.core.records import InteractionInput

TITLE_MAX = 500


def normalise_tags(tags: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for tag in tags:
        clean = " ".join(tag.split()).strip(" ;,")
        if clean and clean.lower() not in seen:
            seen[clean.lower()] = clean
    return tuple(seen.values())


def validate(data: InteractionInput) -> None:
    """Checks that need no database. Raises ValidationError naming the field (the first
    problem; ``problems`` lists them all)."""
    for problem in problems(data):
        raise problem


def problems(data: InteractionInput) -> list[ValidationError]:
    """Every problem the checks that need no database find, in the order of the form."""
    return list(_problems(data))


def _problems(data: InteractionInput) -> Iterator[ValidationError]:
    if not data.title or not data.title.strip():
        yield ValidationError("title", "a title is required.")
    elif len(data.title) > TITLE_MAX:
        yield ValidationError("title", f"at most {TITLE_MAX} characters (has {len(data.title)}).")
    if not data.type or not data.type.strip():
        yield ValidationError("type", "choose the type of interaction.")
    if data.start_date is None:
        yield ValidationError("date", "a start date is required.")
    elif data.end_date is not None and data.end_date < data.start_date:
        yield ValidationError(
            "end date",
            f"the end ({data.end_date.isoformat()}) is before the start "
            f"({data.start_date.isoformat()}).",
        )
    elif (
        data.end_date == data.start_date
        and data.start_time
        and data.end_time
        and data.end_time < data.start_time
    ):
        yield ValidationError("end time", "the end time is before the start time.")
    if data.status not in INTERACTION_STATUSES:
        yield ValidationError(
            "status", f"'{data.status}' is not one of {', '.join(INTERACTION_STATUSES)}."
        )
    if data.format is not None and data.format not in INTERACTION_FORMATS:
        yield ValidationError(
            "format", f"'{data.format}' is not one of {', '.join(INTERACTION_FORMATS)}."
        )
    for follow_up in (*data.new_follow_ups, *data.changed_follow_ups):
        try:
            validate_follow_up(follow_up.text)
        except ValidationError as exc:
            yield exc
            break
    for field, names in (
        ("participants", data.participants),
        ("organisations", data.organisations),
        ("countries", data.countries),
    ):
        bad = [name for name in names if ";" in name]
        if bad:
            yield ValidationError(field, f"'{bad[0]}': a name cannot contain ';'.")
    numbers = [link.number for link in data.links]
    dupes = sorted({n for n in numbers if numbers.count(n) > 1})
    if dupes:
        yield ValidationError("actions", f"action {dupes[0]} is linked twice.")
