"""Where an official text comes from: a file or pasted text, as a ``SourceText``.

``read_text_file`` / ``decode_text``: UTF-8 (with or without BOM), UTF-16 with a BOM, then
Windows-1252 with a notice; empty files, PDF, Word, RTF, HTML, images, archives, SQLite files
and other binary data are refused with a ValidationError naming the file and saying what to do
instead. ``pasted_text`` wraps text pasted into the application. Pure, no database (a path
that is the open database itself is refused before it is read).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.storage.raw import refuse_database_as_input

MAX_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class SourceText:
    """An official text as text: where it came from, how it was decoded, and notices."""

    name: str  # the file's path, or "pasted text"
    text: str
    encoding: str = "UTF-8"
    notices: tuple[str, ...] = ()


_MAGIC = (
    (b"%PDF", "a PDF document: open it, select all the text, copy it and paste it here "
     "(or save it as plain text)"),
    (b"PK\x03\x04", "a zip archive (a Word .docx or OpenDocument file?): save it as plain text "
     "(.txt) or copy its text"),
    (b"\xd0\xcf\x11\xe0", "an old Office document (.doc): save it as plain text (.txt)"),
    (b"{\\rtf", "an RTF document: save it as plain text (.txt)"),
    (b"\x89PNG", "a PNG image, not text"),
    (b"\xff\xd8\xff", "a JPEG image, not text"),
    (b"\x1f\x8b", "a gzip archive, not text"),
    (b"SQLite format 3\x00", "an SQLite database, not text"),
)  # fmt: skip


def pasted_text(text: str, name: str = "pasted text") -> SourceText:
    """Text pasted into the application (no decoding needed)."""
    return SourceText(name=name, text=text, encoding="pasted")


def read_text_file(path: Path | str) -> SourceText:
    """Read and decode a text file; ValidationError naming the file if it cannot be used."""
    path = Path(path)
    name = str(path)
    refuse_database_as_input(path, name)
    if path.is_dir():
        raise ValidationError(name, "this is a folder, not a text file.")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ValidationError(
                name, f"the file is {size:,} bytes; the text of the proposals is far smaller."
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(name, f"cannot read the file ({exc.strerror or exc}).") from exc
    return decode_text(raw, name)


def decode_text(raw: bytes, name: str) -> SourceText:
    """UTF-8 (BOM or not), UTF-16 with a BOM, else Windows-1252 (with a notice)."""
    if not raw.strip(b" \t\r\n\f\x00\xef\xbb\xbf\xff\xfe"):
        raise ValidationError(name, "the file is empty.")
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise ValidationError(name, f"this is {what}.")
    notices: list[str] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding, text = "UTF-8", _decode(raw[3:], "utf-8", name)
    elif raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        encoding, text = "UTF-16", _decode(raw, "utf-16", name)
    elif b"\x00" in raw:
        raise ValidationError(name, "this is binary data (or UTF-16 text without a byte-order "
                              "mark), not text; save it as UTF-8 text.")  # fmt: skip
    else:
        try:
            encoding, text = "UTF-8", raw.decode("utf-8")
        except UnicodeDecodeError:
            encoding, text = "Windows-1252", _decode(raw, "cp1252", name)
            notices.append(
                "The file is not UTF-8: it was read as Windows-1252 (Western European); "
                "check accented letters and quotes in the preview."
            )
    _refuse_non_text(text, name)
    return SourceText(name=name, text=text, encoding=encoding, notices=tuple(notices))


def _decode(raw: bytes, codec: str, name: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise ValidationError(
            name, f"the file is neither UTF-8, UTF-16 nor Windows-1252 text (byte {exc.start})."
        ) from None


def _refuse_non_text(text: str, name: str) -> None:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if controls > max(2, len(text) // 200):
        raise ValidationError(name, "this is binary data, not text.")
    head = text.lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html", "<?xml")):
        raise ValidationError(
            name, "this is the source of a web page (HTML), not its text; in the browser, "
            "select the proposals, copy them and paste them (or save the page as text)."
        )  # fmt: skip


def looks_like_csv(text: str) -> bool:
    """Whether the text's first lines have the same number (2 or more) of commas, semicolons
    or tabs, or the catalogue CSV's header."""
    sample = [ln for ln in text.splitlines() if ln.strip()][:10]
    if len(sample) < 2:
        return False
    for sep in (",", ";", "\t"):
        counts = {ln.count(sep) for ln in sample}
        if len(counts) == 1 and min(counts) >= 2:
            return True
    return sample[0].replace(" ", "").lower().startswith("number,set")


def not_the_proposals(text: str, source: str, headings: bool, items: bool) -> ValidationError:
    """The error for a text that is not the list of proposals: empty, a CSV file, no area
    headings, or headings without proposals under them."""
    if not text.strip():
        return ValidationError(source, "the text is empty.")
    if not headings and looks_like_csv(text):
        return ValidationError(
            source,
            "this looks like a CSV file, not the text of the proposals; a CSV list is loaded "
            "with `catalogue import`.",
        )
    if not headings:
        return ValidationError(
            source,
            "no area headings (such as 'Countering hybrid threats' or 'Cyber security and "
            "defence') were found, so this is not the list of proposals; copy the whole annex "
            "(2016) or the whole list of proposals (2017).",
        )
    return ValidationError(
        source,
        "area headings were found but no proposals under them (lines starting with a bullet "
        "or a number, or paragraphs).",
    )
