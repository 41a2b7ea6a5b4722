"""Wording shared by every document and every format: clean text, timestamps, paragraphs,
counts, how an action and its area are named, an interaction's type and title, the marking of
an item, and what a document says of itself (``Described``: its metadata and marking).

Pure Python. The HTML (``documents.html``) and ODF (``documents.odf``) toolkits escape what
these return; ``clean`` is the one rule for what may go into HTML or XML at all.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Protocol

from eunato_desk.core.records import ActionRecord

# Characters XML 1.0 forbids (C0 controls but tab/newline/return, lone surrogates, U+FFFE/F).
_ILLEGAL = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_STAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]00:?00)?$")
DASH = "—"


def clean(value: object) -> str:
    """Text safe to put in HTML or XML: str() of the value, CRLF as LF, illegal chars dropped."""
    text = "" if value is None else str(value)
    return _ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def stamp_text(value: str) -> str:
    """'2026-11-26T15:53:52Z' -> '2026-11-26 15:53 UTC'; anything else as it is."""
    match = _STAMP.match(value.strip())
    if not match:
        return value
    return f"{match[1]} {match[2]}" + (" UTC" if match[5] else "")


def iso_datetime(text: str) -> str | None:
    """A generated_at stamp as xsd:dateTime when it is an ISO timestamp, else None."""
    try:
        moment = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        return moment.isoformat(timespec="seconds") + "Z"
    return moment.isoformat(timespec="seconds")


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of a free-text field, each one paragraph."""
    return [line.strip() for line in clean(text).split("\n") if line.strip()]


def plural(n: int, word: str) -> str:
    """'1 interaction', '2 interactions'."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def action_label(action: ActionRecord) -> str:
    """'Action 7', or 'Action (no number)' for a retired action without one."""
    return f"Action {action.number}" if action.number is not None else "Action (no number)"


def area_text(action: ActionRecord) -> str:
    """'3 — Cyber security & defence': the code and name of the action's area."""
    if action.area_code is None:
        return action.area_name or DASH
    return (
        f"{action.area_code} {DASH} {action.area_name}"
        if action.area_name
        else str(action.area_code)
    )


def _words(text: str) -> list[str]:
    """The words of ``text`` without case, accents or punctuation."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return re.findall(r"\w+", plain)


def type_lead(type_name: str, title: str) -> str:
    """The type to print before the title: none when the title already starts with the words
    of its type ('Structured dialogue on resilience', 'Cross-briefing to the PSC'), whatever
    the case, accents and punctuation, so a reader is never told the type twice."""
    kind = _words(type_name)
    return "" if not kind or _words(title)[: len(kind)] == kind else type_name


def typed_title(type_name: str, title: str) -> str:
    """'Staff talks — Agenda of the autumn round', or the title alone (see ``type_lead``)."""
    lead = type_lead(type_name, title)
    return f"{lead} {DASH} {title}" if lead else title


def marking_tag(label: str) -> str:
    """'[LIMITE]' before an item whose marking is not the lowest; nothing for the lowest."""
    return f"[{label}]" if label else ""


class Described(Protocol):
    """What every format says of a document (a dossier, a report) besides its body: its
    metadata (title, subject, author, creation date) and the marking of its banners."""

    @property
    def document_title(self) -> str: ...
    @property
    def subject(self) -> str: ...
    @property
    def author(self) -> str: ...
    @property
    def generated_at(self) -> str: ...
    @property
    def marking(self) -> str: ...
