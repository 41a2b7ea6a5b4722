"""Reading an official text of the common set (the annex of Council document 15283/16, the
2017 proposals of NATO Press Release (2017) 174) as plain text copied from the PDF or the web
page: the proposals in document order, each with area, sub-heading, text, sub-items and short
title, plus notices (``ParsedText``, defined in ``official_lines``). Pure (no database);
``official_load`` applies the result. The rules:

- **Area headings** are lines that name an area (``AREA_VARIANTS`` and the database's names),
  matched on folded words, so capitals, accents, ``1.``/``I.``/``A.`` numbering and small
  differences of wording do not matter. A heading-like line that names no area (in capitals,
  or numbered like the other headings) is a *problem* when proposals follow it: they would
  have no area. Text before the first heading (title, introduction) is left out.
- **Proposals** start with a bullet (``•  -  –  o  *  ▪`` …), a number or a letter (``1.
  1)  (1)  a)  (a)``); in a text without any, each paragraph under a heading is one.
- **Sub-items**: a marker of another kind than the section's first proposal (``o`` under
  ``•``, ``(a)`` under ``1.``), or the same marker indented deeper, belongs to the proposal
  above it and is kept in its description, one per line.
- **Wrapped lines** join their proposal; after a blank line (a page break) only when they
  start in lower case or the line before did not end a sentence (else: left out, notice).
- **Sub-headings** (Situational awareness, Strategic communication, Crisis response,
  Bolstering resilience, or any short line followed by a proposal) start the descriptions
  of the proposals after them: ``"Strategic communication: …"``.
- **Page furniture** (``official_lines.is_furniture``, running headers) is left out.
  **Short titles**: ``official_words.short_title`` (the first clause, without boilerplate).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from eunato_desk.core.catalogue.official_lines import (
    BULLETS,
    HeadingRead,
    Line,
    Marker,
    ParsedItem,
    ParsedText,
    capitals,
    ends_sentence,
    heading_text,
    join_wrapped,
    lower_start,
    ordinal,
    prepare_lines,
    quote,
    shape,
    wrapped_heading,
)
from eunato_desk.core.catalogue.official_source import not_the_proposals
from eunato_desk.core.catalogue.official_words import (
    KNOWN_SUBHEADINGS,
    area_names,
    fold,
    match_area,
    short_title,
)

_EXAMPLES = 4  # how many examples a notice quotes
STRONG = 0.9  # a heading this close to an area's name needs no full stop before it


@dataclass
class _Item:
    line: int
    area: int | None
    heading: str
    subheading: tuple[str, int] | None
    text: str
    subs: list[list[str]] = field(default_factory=list)  # [label, text] per sub-item


class _Reader:
    """Walks the content lines once, building the items (see the module's rules)."""

    def __init__(self, lines: list[Line], names: dict[int, tuple[str, ...]]) -> None:
        self.lines = lines
        self.names = names
        first = next((i for i, ln in enumerate(lines) if match_area(heading_text(ln), names)[0]), 0)
        self.paragraphs = not any(ln.marker for ln in lines[first:])
        self.texts = Counter(heading_text(ln) for ln in lines)
        self.items: list[_Item] = []
        self.headings: list[HeadingRead] = []
        self.heading_styles: set[str] = set()
        self.repeated: list[tuple[str, int]] = []
        self.area: int | None = None
        self.heading = ""
        self.subheading: tuple[str, int] | None = None
        self.current: _Item | None = None
        self.top: tuple[str, int] | None = None  # the section's item marker and indent
        self.prev = ""  # the previous content line
        self.last: Marker | None = None  # the marker of the last item
        self.preamble: list[Line] = []
        self.outside: list[Line] = []

    def run(self) -> None:
        i = 0
        while i < len(self.lines):
            line, nxt = self.lines[i], self._line(i + 1)
            joined = wrapped_heading(line, nxt, self.names_an_area)
            if joined is not None:  # a heading on two lines
                line, nxt, i = joined, self._line(i + 2), i + 1
            if self.step(line, nxt):
                self.prev = line.text
            i += 1

    def names_an_area(self, text: str) -> bool:
        return match_area(text, self.names)[0] is not None

    def _line(self, i: int) -> Line | None:
        return self.lines[i] if i < len(self.lines) else None

    def step(self, line: Line, nxt: Line | None) -> bool:
        """Read one line; False for a running header left out (it is no content line)."""
        if self._running_header(line, nxt):
            self.repeated.append((heading_text(line), line.no))
            return False
        heading = self._heading(line, nxt)
        if heading is not None:
            return self._start_area(line, heading)
        if not self.headings:
            self.preamble.append(line)
        elif line.marker is not None and not self._dash_continues(line):
            self._marked(line, nxt)
        else:
            self._unmarked(line, nxt)
        return True

    # -- headings

    def _running_header(self, line: Line, nxt: Line | None) -> bool:
        """The current area's heading again inside a proposal, alone between blank lines
        (a page's header)."""
        return (
            self.current is not None and line.marker is None and nxt is not None
            and line.blank_before and nxt.blank_before  # alone between page breaks
            and nxt.marker is None and lower_start(nxt.text)
            and shape(line.text, 12) and not line.text.endswith(".")
            and match_area(heading_text(line), self.names)[0] == self.area
        )  # fmt: skip

    def _heading(self, line: Line, nxt: Line | None) -> HeadingRead | None:
        marker = line.marker
        if marker is not None and marker.style in BULLETS:
            return None
        text, heading_like = heading_text(line), capitals(line.text)
        if not shape(text, 12) or (nxt is not None and nxt.marker is None and
                                    lower_start(nxt.text)):  # fmt: skip
            return None
        if line.text.endswith((".", ";", ",")) and not heading_like:
            return None  # a sentence
        heading_like = heading_like or bool(marker and marker.heading_like)
        code, score, close = match_area(text, self.names)
        fresh = self.current is None or ends_sentence(self.prev)
        # an area's very name before an item, or alone between blank lines, may follow a
        # list without full stops (one blank line alone may be a page break in a sentence)
        alone = line.blank_before and nxt is not None and nxt.blank_before
        named = score >= STRONG and (alone or (nxt is not None and nxt.marker is not None))
        if not (fresh or heading_like or named):
            return None
        if code is not None and marker is not None:
            # numbered unlike the headings so far, or as the item after the last one
            unlike = bool(self.headings) and marker.style not in self.heading_styles
            if unlike or (score < STRONG and self._next_item(line)):
                return None
        if code is not None:
            return HeadingRead(line.no, text, code, score, close)
        if (
            self.headings
            and self._unmapped_heading(line, nxt, heading_like)
            and len(text.split()) <= 8
            and not line.text.endswith((".", ";", ",", ":"))
        ):
            return HeadingRead(line.no, text, None, score)
        return None

    def _next_item(self, line: Line) -> bool:
        """Whether ``line`` is numbered as the item after the last one (7. after 6.)."""
        now, last = line.marker, self.last
        if now is None or last is None or self.top is None or now.style != self.top[0]:
            return False
        return now.style == last.style and ordinal(now) == ordinal(last) + 1

    def _unmapped_heading(self, line: Line, nxt: Line | None, heading_like: bool) -> bool:
        """Whether a line that names no area still looks like an area heading: in capitals or
        with an upper-case letter or Roman numeral and followed by an item or a sub-heading,
        or numbered like the headings and followed by a first item of another kind or
        numbered anew (1., a), i))."""
        if nxt is None:
            return False
        if heading_like:
            return nxt.marker is not None or shape(nxt.text, 8)
        marker = line.marker
        if marker is None or marker.style not in self.heading_styles or nxt.marker is None:
            return False
        restarts = nxt.marker.label.strip("().") in ("1", "a", "i")
        return nxt.marker.style != marker.style or restarts

    def _start_area(self, line: Line, heading: HeadingRead) -> bool:
        code = heading.area_code
        filled = any(i.area == code for i in self.items)  # not a contents list
        if code is not None and filled and (code == self.area or self.texts[heading.text] > 1):
            self.repeated.append((heading.text, line.no))  # a running header: left out
            return False
        self.headings.append(heading)
        if line.marker is not None and heading.area_code is not None:
            self.heading_styles.add(line.marker.style)
        self.area, self.heading = heading.area_code, heading.text
        self.subheading, self.current, self.top = None, None, None
        return True

    # -- items

    def _dash_continues(self, line: Line) -> bool:
        """A dash that starts a wrapped line inside a sentence ("the staffs\\n– where useful –")."""
        return (
            line.marker is not None
            and line.marker.label in "–—"
            and self.current is not None
            and not self.current.subs
            and (self.top is None or self.top[0] != "–")
            and lower_start(line.rest)
            and self.prev[-1:].isalnum()
        )

    def _marked(self, line: Line, nxt: Line | None) -> None:
        assert line.marker is not None
        if self._marked_subheading(line, nxt):
            self._set_subheading(line.rest.rstrip(" :"), line.no)
        elif (
            self.current is not None
            and self.top is not None
            and (line.marker.style != self.top[0] or line.indent >= self.top[1] + 2)
        ):
            label = "–" if line.marker.style in BULLETS else line.marker.label
            self.current.subs.append([label, line.rest])
        else:
            if self.current is None or self.top is None:
                self.top = (line.marker.style, line.indent)
            self.last = line.marker
            self._new_item(line.no, line.rest)

    def _marked_subheading(self, line: Line, nxt: Line | None) -> bool:
        assert line.marker is not None
        text = line.rest.rstrip(" ")
        if nxt is None or nxt.marker is None or nxt.marker.style == line.marker.style:
            return False
        if fold(text) in KNOWN_SUBHEADINGS:
            return True
        if self.current is not None and self.top is not None and line.marker.style == self.top[0]:
            return False  # an item of the section with sub-items
        return line.marker.style not in BULLETS and shape(text, 5) and not text.endswith((".", ":"))

    def _unmarked(self, line: Line, nxt: Line | None) -> None:
        if self._is_subheading(line, nxt):
            self._set_subheading(line.text.rstrip(" :"), line.no)
        elif self.current is not None and (
            not line.blank_before or lower_start(line.text) or not ends_sentence(self.prev)
        ):
            self._continue(line.text)
        elif self.paragraphs:
            self._new_item(line.no, line.text)
        else:
            self.outside.append(line)
            self.current = None  # what follows does not continue the proposal either

    def _is_subheading(self, line: Line, nxt: Line | None) -> bool:
        text = line.text.rstrip(" :")
        if not shape(text, 8) or len(text) > 80 or text.endswith((".", "!", "?")):
            return False
        if not (self.current is None or line.blank_before or ends_sentence(self.prev)):
            return False
        if fold(text) in KNOWN_SUBHEADINGS:
            return True
        if nxt is None or (nxt.marker is None and lower_start(nxt.text)):
            return False
        return nxt.marker is not None and not self.paragraphs

    def _set_subheading(self, text: str, no: int) -> None:
        self.subheading, self.current, self.top = (text, no), None, None

    def _new_item(self, no: int, text: str) -> None:
        self.current = _Item(no, self.area, self.heading, self.subheading, text)
        self.items.append(self.current)

    def _continue(self, text: str) -> None:
        assert self.current is not None
        if self.current.subs:
            sub = self.current.subs[-1]
            sub[-1] = join_wrapped(sub[-1], text)
        else:
            self.current.text = join_wrapped(self.current.text, text)


def _finish(reader: _Reader) -> tuple[ParsedItem, ...]:
    items = []
    for position, item in enumerate(reader.items, start=1):
        text, sub = " ".join(item.text.split()), item.subheading[0] if item.subheading else ""
        subs = tuple(" ".join(f"{label} {body}".split()) for label, body in item.subs)
        title = short_title(text, fallback=sub)
        items.append(
            ParsedItem(position, item.line, item.area, item.heading, sub, text, subs, title)
        )
    return tuple(items)


def _notices(
    reader: _Reader, furniture: Counter[str], names: dict[int, tuple[str, ...]]
) -> list[str]:
    notices = []
    if furniture:
        shown = ", ".join(
            quote(t) + (f" (×{n})" if n > 1 else "") for t, n in furniture.most_common(_EXAMPLES)
        )
        notices.append(f"Left out {furniture.total()} line(s) of page furniture: {shown}.")
    if reader.preamble:
        shown = ", ".join(quote(ln.text) for ln in reader.preamble[:2])
        notices.append(
            f"Left out {len(reader.preamble)} line(s) before the first area heading: {shown}."
        )
    for h in reader.headings:
        if h.area_code is not None and fold(h.text) != fold(names[h.area_code][0]):
            also = f"; it is also close to area {h.close} {names[h.close][0]}" if h.close else ""
            notices.append(
                f"Heading {quote(h.text)} (line {h.line}) read as area {h.area_code} "
                f"{names[h.area_code][0]}{also}."
            )
    for text, no in reader.repeated:
        notices.append(f"Left out the repeated heading {quote(text)} at line {no}.")
    subheadings = Counter(i.subheading for i in reader.items if i.subheading is not None)
    notices += [
        f"Sub-heading {quote(text)} (line {no}) starts the description of the {n} proposal(s) "
        "after it."
        for (text, no), n in subheadings.items()
    ]
    notices += [
        f"Line {ln.no} {quote(ln.text)} was left out: it is neither a bullet nor a numbered "
        "item and does not continue the proposal before it."
        for ln in reader.outside
    ]
    ends = [h.line for h in reader.headings[1:]] + [10**9]
    empty = [h for h, end in zip(reader.headings, ends, strict=True)
             if not any(h.line < i.line < end for i in reader.items)]  # fmt: skip
    notices += [f"No proposal under the heading {quote(h.text)} (line {h.line})." for h in empty]
    notices += [
        f"The proposal at line {i.line} ends with a colon but has no sub-items: are the "
        "proposals after it its sub-items (give them another bullet or indent them)?"
        for i in reader.items
        if i.text.rstrip().endswith(":") and not i.subs
    ]
    with_subs = [f"line {i.line} ({len(i.subs)})" for i in reader.items if i.subs]
    if with_subs:
        notices.append(
            "Sub-items kept in the description of their proposal: " + ", ".join(with_subs) + "."
        )
    if reader.paragraphs and reader.items:
        notices.append("No bullets or numbers were found: each paragraph under a heading was "
                       "read as one proposal.")  # fmt: skip
    return notices


def _problems(reader: _Reader, names: dict[int, tuple[str, ...]]) -> list[str]:
    known = "; ".join(f"{code} {variants[0]}" for code, variants in sorted(names.items()))
    counts = Counter(i.heading for i in reader.items if i.area is None)
    return [
        f"The heading {quote(h.text)} (line {h.line}) names no area, so its {counts[h.text]} "
        f"proposal(s) would have none; write it as one of the areas ({known})."
        for h in reader.headings
        if h.area_code is None and counts[h.text]
    ]


def parse_official_text(
    text: str, areas: Iterable[tuple[int, str]] = (), source: str = "pasted text"
) -> ParsedText:
    """The proposals of an official text, in document order (see the module's rules).

    ``areas``: the database's (code, name) pairs, matched besides ``AREA_VARIANTS``.
    Raises ValidationError naming ``source`` when the text has no area headings or no
    proposals under them."""
    names = area_names(areas)
    if not text.strip():
        raise not_the_proposals(text, source, headings=False, items=False)
    lines, furniture = prepare_lines(
        text, lambda t: match_area(t.rstrip(" :."), names)[0] is not None
    )
    reader = _Reader(lines, names)
    reader.run()
    if not reader.headings or not reader.items:
        raise not_the_proposals(text, source, bool(reader.headings), bool(reader.items))
    return ParsedText(
        source=source,
        items=_finish(reader),
        headings=tuple(reader.headings),
        notices=tuple(_notices(reader, furniture, names)),
        problems=tuple(_problems(reader, names)),
    )
