"""The official texts as lines: page furniture, item markers, the shapes of lines, and the
records of what a text holds (``ParsedText``). Pure functions (``official_source`` gives the
text, ``official_text`` reads the lines).

- ``prepare_lines``: the text's lines without page furniture (document numbers such as
  ``15283/16 EN``, page numbers, dates, ``ANNEX``, ``LIMITE``, letterheads, press-release
  headers, lines repeated as running headers), each with its item marker (bullet, number or
  letter) if it has one; a marker alone on its line is joined to the next line.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class Marker:
    """The bullet, number or letter that starts an item line."""

    style: str  # what it must share with its siblings: "•", "–", "1.", "(a)", "i)"...
    label: str  # as written: "•", "12.", "(a)"
    heading_like: bool  # an upper-case letter or Roman numeral ("A.", "IV."): headings use them


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the text
    text: str  # stripped, marker included
    indent: int
    blank_before: bool  # a blank line came before it (furniture in between is ignored)
    marker: Marker | None
    rest: str  # the text after the marker (the whole text when there is none)


# --- what a text holds (what ``official_text.parse_official_text`` returns) --------------------


@dataclass(frozen=True)
class ParsedItem:
    """One proposal (top-level item) of the text."""

    position: int  # 1-based, in document order
    line: int  # where it starts in the text
    area_code: int | None  # None only under a heading that names no area (a problem)
    heading: str  # the area heading as written
    subheading: str  # "" when none
    text: str  # its own text, wrapped lines joined, without sub-items
    sub_items: tuple[str, ...]  # each with its marker ("– …", "(a) …")
    title: str  # the short title

    @property
    def description(self) -> str:
        """The whole item: sub-heading, text, then one line per sub-item."""
        first = f"{self.subheading}: {self.text}" if self.subheading else self.text
        return "\n".join((first, *self.sub_items))


@dataclass(frozen=True)
class HeadingRead:
    line: int
    text: str  # as written (without its number or letter)
    area_code: int | None
    score: float  # similarity to the area's closest name, 0 to 1
    close: int | None = None  # another area nearly as similar (worth a notice)


@dataclass(frozen=True)
class ParsedText:
    source: str
    items: tuple[ParsedItem, ...]
    headings: tuple[HeadingRead, ...]
    notices: tuple[str, ...]  # for information: what was left out, how headings were read
    problems: tuple[str, ...]  # what must be fixed in the text before it can be loaded


# --- page furniture ---------------------------------------------------------------------------

_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DATE = rf"\d{{1,2}}(?:st|nd|rd|th)?\.?\s+{_MONTHS}\s+\d{{4}}|{_MONTHS}\s+\d{{1,2}},?\s+\d{{4}}"
_ANY_CASE = re.compile(
    "|".join(
        (
            r"(?:page\s+)?\d{1,3}(?:\s*(?:/|of)\s*\d{1,3})?",  # 2, Page 2 of 6, 2/6
            r"[-–—]\s*\d{1,3}\s*[-–—]",  # - 2 -
            rf"(?:[a-z]+,\s*)?(?:{_DATE})(?:\s+\d{{1,2}}:\d{{2}})?",  # Brussels, 6 December 2016
            r"\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}",
            rf"(?:issued\s+on|last\s+updated|updated|published)\s*:?\s*(?:{_DATE}).*",
            r"council\s+of\s+the\s+european\s+union|general\s+secretariat(?:\s+of\s+the\s+council)?",
            r"north\s+atlantic\s+treaty\s+organi[sz]ation|nato\s*[-/]?\s*otan",
            r"press\s+release(?:\s*\(\d{4}\)\s*\d+)?(?:\s+issued\s+on.*)?",
            r"(?:https?://|www\.)\S+",
            r"print|share(?:\s+this)?|skip\s+to\s+(?:main\s+)?content|back\s+to\s+top",
        )
    ),
    re.IGNORECASE,
)
# Markings and letterheads Council and NATO documents print in capitals.
_CAPITALS = re.compile(
    r"Annex|(?:NATO |EU )?UNCLASSIFIED|NATO|OTAN"
    r"|(?:(?:ANNEX|ADD|COR|REV|EN|FR|LIMITE|PUBLIC|DGC?|DG\s?[A-Z]|[IVX]+|\d{1,3})\b\s*){1,8}"
)
_DOC_NUMBER = re.compile(r"^\d{3,5}/\d{2}\b(.*)$")


def is_furniture(text: str) -> bool:
    """A line of page furniture (not part of any proposal), judged on its own."""
    if not any(ch.isalnum() for ch in text):
        return text not in _GLYPHS  # rules and separators (***, ____); a lone bullet is kept
    match = _DOC_NUMBER.match(text)
    if match:  # 15283/16 EN, 15283/16 ADD 1, 15283/16 JF/ns 5 ANNEX DGC 1 EN
        return not re.search(r"\b[a-z]{4,}\b", match.group(1))
    return bool(_ANY_CASE.fullmatch(text) or _CAPITALS.fullmatch(text))


# --- item markers -----------------------------------------------------------------------------

_GLYPHS = {
    "•": "•", "·": "•", "●": "•", "∙": "•", "\uf0b7": "•",
    "o": "o", "◦": "o", "○": "o",
    "▪": "▪", "■": "▪", "□": "▪", "\uf0a7": "▪",
    "-": "–", "–": "–", "—": "–", "⁃": "–",
    "*": "*", "➢": "➢", "►": "➢", "➤": "➢", "‣": "➢", "\uf0d8": "➢",
    "✓": "✓", "\uf0fc": "✓", "\uf076": "✓",
}  # fmt: skip
BULLETS = frozenset(_GLYPHS.values())  # the styles of bullets (not numbers or letters)
_LABEL = re.compile(r"\((\w{1,5})\)|(\w{1,5})([.)])")
_ROMAN = re.compile(r"[ivxl]{1,5}|[IVXL]{1,5}")


def _label_kind(label: str, previous: dict[str, str], form: str) -> str | None:
    """'1', 'a', 'i', 'A' or 'I' for a number, letter or Roman numeral; None if not a label.
    A lone i, v, x or l is a letter when it follows the letter before it (h, u, w, k)."""
    if label.isdigit():
        return "1" if len(label) <= 2 else None
    if not (label.isalpha() and label.isascii()):
        return None
    letter, roman = ("a", "i") if label.islower() else ("A", "I")
    if len(label) > 1:
        return roman if _ROMAN.fullmatch(label) else None
    last_letter = previous.get(form + letter, "")
    follows = bool(last_letter) and ord(label) == ord(last_letter) + 1
    starts_roman = label.lower() == "i" or bool(previous.get(form + roman))
    return roman if label.lower() in "ivxl" and not follows and starts_roman else letter


def find_marker(text: str, previous: dict[str, str]) -> tuple[Marker, str] | None:
    """The marker that starts ``text`` and the text after it, or None. ``previous`` keeps the
    last letter and Roman label of each form (updated here), to read ``i)`` after ``h)``."""
    first = text[:1]
    if first in _GLYPHS and (first != "o" or text == "o" or text[1:2] == " "):
        return Marker(_GLYPHS[first], first, False), text[1:].strip()
    label = _LABEL.match(text)
    if not label or (label.end() < len(text) and not text[label.end()].isspace()):
        return None
    value = label.group(1) or label.group(2)
    form = "(x)" if label.group(1) else "x" + label.group(3)
    kind = _label_kind(value, previous, form)
    if kind is None:
        return None
    if kind != "1":
        previous[form + kind] = value
    marker = Marker(form.replace("x", kind), label.group(0), kind in "AI")
    return marker, text[label.end() :].strip()


_ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50}


def ordinal(marker: Marker) -> int:
    """The position a number, letter or Roman numeral stands for (0 for a bullet)."""
    value = marker.label.strip("().").lower()
    kind = marker.style.strip("().").lower()
    if kind == "1":
        return int(value)
    if kind == "a":
        return ord(value) - ord("a") + 1
    if kind != "i":
        return 0
    numbers = [_ROMAN_VALUES[ch] for ch in value]
    return sum(-n if n < m else n for n, m in zip(numbers, [*numbers[1:], 0], strict=True))


# --- line shapes ----------------------------------------------------------------------------


def join_wrapped(text: str, more: str) -> str:
    if text.endswith("-") and text[-2:-1].isalpha() and more[:1].islower():
        return text + more  # a word broken at the line's end keeps its hyphen
    return f"{text} {more}" if text else more


def lower_start(text: str) -> bool:
    first = next((ch for ch in text if ch.isalnum()), "")
    return bool(first) and not first.isupper()


_NOT_AN_END = re.compile(r"\b(?:e\.g|i\.e|cf|incl|viz|vs|approx|no|nr|art|para)\.$", re.I)


def ends_sentence(text: str) -> bool:
    """Whether a line ends a sentence or clause (not after "e.g." and the like)."""
    return bool(re.search(r"[.;:!?][\"'”’)\]]*$", text)) and not _NOT_AN_END.search(text)


def shape(text: str, words: int) -> bool:
    """Short, starts with a capital, and does not end like a clause (, ;)."""
    first = next((ch for ch in text if ch.isalpha()), "")
    return (
        bool(first)
        and first.isupper()
        and len(text.split()) <= words
        and len(text) <= 120
        and not text.endswith((",", ";"))
    )


def capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def heading_text(line: Line) -> str:
    text = line.rest if line.marker is not None else line.text
    text = re.sub(r"^(?:area|section|chapter|part)\s+\w{1,4}\s*[:.–-]?\s+", "", text, flags=re.I)
    return text.rstrip(" :.")


def quote(text: str, limit: int = 60) -> str:
    """A line quoted in a notice: spaces folded, at most ``limit`` characters."""
    text = " ".join(text.split())
    return f"'{text if len(text) <= limit else text[: limit - 1] + '…'}'"


def wrapped_heading(
    line: Line, nxt: Line | None, names_an_area: Callable[[str], bool]
) -> Line | None:
    """``line`` joined with ``nxt`` when together they name an area and ``nxt`` is a short
    lower-case end ("Defence and security capacity-building of Eastern / and Southern
    partners"); None otherwise."""
    if (
        nxt is None or nxt.marker is not None or nxt.blank_before
        or not lower_start(nxt.text) or len(nxt.text.split()) > 6
        or nxt.text.endswith((".", ";", ","))
        or (line.marker is not None and line.marker.style in BULLETS)
    ):  # fmt: skip
        return None
    rest = join_wrapped(line.rest, nxt.text)
    joined = replace(line, text=join_wrapped(line.text, nxt.text), rest=rest)
    return joined if names_an_area(heading_text(joined)) else None


# --- lines ------------------------------------------------------------------------------------


def _normalise(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    for gone in ("\u00ad", "\u200b", "\ufeff"):
        text = text.replace(gone, "")
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\t", "    ")
    return [line.rstrip() for line in text.split("\n")]


def prepare_lines(text: str, is_heading: Callable[[str], bool]) -> tuple[list[Line], Counter[str]]:
    """The text's content lines (furniture left out, markers found) and the furniture removed
    (line text -> times). ``is_heading(text)`` says whether a line names an area: such a line
    is never taken for a running header."""
    raw = _normalise(text)
    counts = _framed_counts(raw)
    furniture: Counter[str] = Counter()
    kept: list[tuple[int, str, int, bool]] = []
    blank = False
    for no, line in enumerate(raw, start=1):
        stripped = line.strip()
        if not stripped:
            blank = True
            continue
        if is_furniture(stripped) or _running_header(stripped, counts[stripped], is_heading):
            furniture[stripped] += 1
            continue
        kept.append((no, stripped, len(line) - len(line.lstrip()), blank))
        blank = False
    return _with_markers(kept), furniture


def _framed_counts(raw: list[str]) -> Counter[str]:
    """How often each line occurs, for the lines that at least once stand next to a blank
    line or page furniture (as a page's header does); 0 for the others."""
    stripped = [r.strip() for r in raw]
    counts = Counter(t for t in stripped if t)
    framed = {
        t for i, t in enumerate(stripped) if t and any(
            not n or is_furniture(n) for n in (stripped[i - 1] if i else "",
                                               stripped[i + 1] if i + 1 < len(raw) else ""))
    }  # fmt: skip
    return Counter({t: n for t, n in counts.items() if t in framed})


def _running_header(text: str, times: int, is_heading: Callable[[str], bool]) -> bool:
    return (
        times >= 3
        and 2 <= len(text.split()) <= 12
        and text[0].isupper()
        and not re.search(r"[.;,:]$", text)
        and find_marker(text, {}) is None
        and not is_heading(text)
    )


def _with_markers(kept: list[tuple[int, str, int, bool]]) -> list[Line]:
    """Lines with their markers; a marker alone on its line is joined to the next line."""
    lines: list[Line] = []
    previous: dict[str, str] = {}
    carry: tuple[int, str, int, bool] | None = None
    for no, text, indent, blank in kept:
        if carry is not None:
            no, text, indent, blank = carry[0], f"{carry[1]} {text}", carry[2], carry[3]
            carry = None
        trial = dict(previous)
        found = find_marker(text, trial)
        if found is not None and not found[1]:
            carry = (no, text, indent, blank)
            continue
        previous = trial
        marker, rest = found if found is not None else (None, text)
        lines.append(Line(no, text, indent, blank, marker, rest))
    if carry is not None:
        lines.append(Line(carry[0], carry[1], carry[2], carry[3], None, carry[1]))
    return lines
