"""The document information of a PDF that Qt's writer cannot set: the Subject.

QPdfWriter sets Title, Author, Creator, Producer and the dates of the Info dictionary, but has
no subject. This adds it the way PDF itself provides for changing a finished file, an
incremental update (ISO 32000-1, 7.5.6): the bytes Qt wrote are left as they are; appended
after them come a new version of the Info object (Qt's own entries, copied, plus /Subject),
a cross-reference section for that one object and a trailer pointing back (/Prev) to Qt's.
Every reader takes the newest version of an object.

Only a file of the shape Qt writes is updated: a classic cross-reference table at the last
``startxref``, a trailer naming /Info, an Info object found where the table says. Otherwise
nothing is appended and ``add_subject`` returns False (the file stays valid, without subject).
Pure Python, no Qt.
"""

from __future__ import annotations

import re
from pathlib import Path

_START = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_SUBSECTION = re.compile(rb"(\d+) (\d+)\s*\n")


def pdf_text(text: str) -> bytes:
    """A PDF text string for any text: UTF-16BE with its byte order mark, in hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _xref(data: bytes, at: int) -> tuple[dict[int, tuple[int, int]], int] | None:
    """The in-use entries (object -> offset, generation) of the table at ``at``, and where
    its trailer starts."""
    if not data.startswith(b"xref", at):
        return None
    pos = at + 4
    entries: dict[int, tuple[int, int]] = {}
    while True:
        pos = len(data) - len(data[pos:].lstrip())
        head = _SUBSECTION.match(data, pos)
        if head is None:
            break
        first, count = int(head[1]), int(head[2])
        pos = head.end()
        for number in range(first, first + count):
            entry = _ENTRY.match(data, pos)
            if entry is None:
                return None
            if entry[3] == b"n":
                entries[number] = (int(entry[1]), int(entry[2]))
            pos = entry.end() + 2  # each entry is 20 bytes: the two last are its line end
    return (entries, pos) if data.startswith(b"trailer", pos) else None


def add_subject(path: Path | str, subject: str) -> bool:
    """Append an incremental update that gives the PDF at ``path`` the Info entry /Subject;
    False (nothing written) when the file is not of the shape described above."""
    path = Path(path)
    data = path.read_bytes()
    start = _START.search(data)
    if start is None:
        return False
    previous = int(start[1])
    table = _xref(data, previous)
    if table is None:
        return False
    entries, trailer_at = table
    trailer = data[trailer_at : start.start()]
    info = re.search(rb"/Info\s+(\d+)\s+(\d+)\s+R", trailer)
    size = re.search(rb"/Size\s+(\d+)", trailer)
    root = re.search(rb"/Root\s+\d+\s+\d+\s+R", trailer)
    if info is None or size is None or root is None or int(info[1]) not in entries:
        return False
    number, generation = int(info[1]), int(info[2])
    offset = entries[number][0]
    end = min([o for o, _g in entries.values() if o > offset] + [previous])
    old = data[offset:end]
    opened, closed = old.find(b"<<"), old.rfind(b">>")
    if opened < 0 or closed < opened or b"/Subject" in old:
        return False
    ident = re.search(rb"/ID\s*\[[^\]]*\]", trailer)
    body = (
        f"{number} {generation} obj\n<<".encode()
        + old[opened + 2 : closed].rstrip()
        + b"\n/Subject "
        + pdf_text(subject)
        + b"\n>>\nendobj\n"
    )
    lead = b"" if data.endswith(b"\n") else b"\n"
    at = len(data) + len(lead)
    xref_at = at + len(body)
    update = (
        body
        + f"xref\n{number} 1\n{at:010d} {generation:05d} n \n".encode()
        + f"trailer\n<<\n/Size {size[1].decode()}\n/Info {number} {generation} R\n".encode()
        + root[0]
        + f"\n/Prev {previous}\n".encode()
        + (ident[0] + b"\n" if ident else b"")
        + f">>\nstartxref\n{xref_at}\n%%EOF\n".encode()
    )
    with path.open("ab") as out:
        out.write(lead + update)
    return True


__all__ = ["add_subject", "pdf_text"]
