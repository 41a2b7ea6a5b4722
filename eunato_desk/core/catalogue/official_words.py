"""Words of the official texts: the short title of a proposal (``short_title``) and the
area a heading names (``match_area``). Pure functions.

Areas: a heading is compared with each area's names (the database's, then
``AREA_VARIANTS``) on folded words (case, accents and punctuation ignored; small words and
numbers left out; "defence"/"defense", "exercise"/"exercises" and near misspellings count as
the same word). The similarity is the harmonic mean of the shares of each side's words found
in the other; at least ``MATCH_AT`` maps the heading to the closest area, provided that
``OWN_WORDS`` of the heading's words are the area's. "Cooperation", "EU", "NATO" and the like
do not count (every heading is about EU-NATO cooperation).

Short titles:

1. Leading boilerplate goes: "Staff to", "EU and NATO (staffs) will", "Both organisations
   will", "The two staffs will", "Where appropriate,", "To this end,"; an opening "In the
   context of …," / "In line with …," / "Building on …," clause goes only when something
   follows it.
2. The first clause is kept: the text up to the first ``;``, ``:``, ``!``, ``?`` or a ``.``
   that ends a sentence, outside brackets (not ``e.g.``, ``i.e.``, ``etc.``, ``Dec.``, an
   initial, a decimal point, or a full stop followed by a lower-case word).
3. At most ``TITLE_LIMIT`` characters: a longer clause is cut before its last ", word" within
   the limit (if that leaves 40 characters or more), else on a word boundary; no dangling word
   ("and", "of", …), an unclosed bracket or trailing punctuation; first letter capitalised.
4. Never empty: without anything left, the fallback (the sub-heading) or the text itself.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping

TITLE_LIMIT = 100

_WILL = r"(?:will|to|should|shall|would|are\s+to|could)\s+"
_LEADS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"(?:the\s+)?(?:eu|european\s+union)\s+and\s+nato(?:\s+staffs?)?\s+{_WILL}",
        rf"nato\s+and\s+(?:the\s+)?(?:eu|european\s+union)(?:\s+staffs?)?\s+{_WILL}",
        rf"(?:both|the\s+two)\s+(?:organi[sz]ations|staffs|sides|parties)\s+{_WILL}",
        rf"(?:the\s+)?(?:respective\s+|relevant\s+|eu\s+and\s+nato\s+)?staffs?\s+{_WILL}",
        r"(?:where|when|if)\s+(?:appropriate|relevant|useful|possible|feasible|necessary)\s*,\s*",
        r"(?:as\s+a\s+(?:first|next)\s+step|to\s+this\s+end|in\s+this\s+(?:context|regard)|"
        r"in\s+addition|furthermore|moreover)\s*,\s*",
    )
]
_CONTEXT_LEAD = re.compile(
    r"(?:in\s+the\s+context\s+of|in\s+line\s+with|building\s+on|as\s+part\s+of|"
    r"with\s+a\s+view\s+to)\b[^,;:]*,\s*",
    re.IGNORECASE,
)
_ABBREVIATIONS = frozenset(
    re.findall(
        r"\S+",
        "e.g i.e etc cf vs no nos nr para paras art arts incl approx mr mrs ms dr st fig ref "
        "doc op viz resp ca jan feb mar apr jun jul aug sep sept oct nov dec u.s u.n",
    )
)
_DANGLING = frozenset(
    re.findall(
        r"\w+",
        "and or of the to in on for with a an by at as from including between its their into "
        "such than via under over both",
    )
)
_TRAILING = " \t,;:.!?-–—(/"


def _strip_leads(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for lead in _LEADS:
            match = lead.match(text)
            if match and text[match.end() :].strip():
                text, changed = text[match.end() :], True
        context = _CONTEXT_LEAD.match(text)
        if context and text[context.end() :].strip():
            text, changed = text[context.end() :], True
        to = re.match(r"to\s+(?=\w)", text)
        if to and changed:
            text = text[to.end() :]
    return text


def _ends_clause(text: str, i: int) -> bool:
    """Whether the full stop at ``i`` ends a sentence."""
    after = text[i + 1 : i + 2]
    if after and not after.isspace():
        return False  # 1.5, e.g., www.nato.int
    word = re.search(r"[\w.]*$", text[:i]).group(0).casefold()  # type: ignore[union-attr]
    if word in _ABBREVIATIONS or "." in word or len(word) == 1:
        return False
    following = text[i + 1 :].lstrip()[:1]
    return not (following and following.islower())


def first_clause(text: str) -> str:
    depth = 0
    for i, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in ";:!?" or (ch == "." and _ends_clause(text, i))):
            return text[:i]
    return text


def _shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters: cut after a whole phrase where there is one, else on a
    word boundary with "…" to show that the sentence goes on."""
    text = " ".join(text.split()).strip(_TRAILING)
    cut_mid_phrase = False
    if len(text) > limit:
        head = text[: limit + 1]
        commas = [m.start() for m in re.finditer(r", (?=[a-z])", head)]  # not "NATO, Frontex"
        comma = commas[-1] if commas else -1
        if comma >= 40:
            text = head[:comma]  # a whole phrase rather than a cut one
        else:
            head = text[:limit]  # room for the "…"
            text = (head.rsplit(" ", 1)[0] if " " in head else text)[: limit - 1]
            cut_mid_phrase = True
        if text.count("(") > text.count(")"):
            before = text[: text.rfind("(")].rstrip()
            if len(before) >= 30:
                text = before
        words = text.split()
        while len(words) > 1 and words[-1].casefold().strip(_TRAILING) in _DANGLING:
            words.pop()
        text = " ".join(words)
    text = text.strip(_TRAILING)
    return f"{text}…" if cut_mid_phrase else text


def _capitalised(text: str) -> str:
    for i, ch in enumerate(text):
        if ch.isalpha():
            return text[:i] + ch.upper() + text[i + 1 :]
    return text


def short_title(text: str, fallback: str = "", limit: int = TITLE_LIMIT) -> str:
    """A short title for a proposal's text (see the module's rules); never empty."""
    for candidate in (
        first_clause(_strip_leads(text.strip())),
        first_clause(text.strip()),
        fallback,
        text,
    ):
        title = _shorten(candidate, limit)
        if any(ch.isalnum() for ch in title):
            return _capitalised(title)
    return "Proposal"


# --- areas ------------------------------------------------------------------------------------

# The areas of the common set (resources/catalogue/areas.csv) and how texts may name them.
AREA_VARIANTS: dict[int, tuple[str, ...]] = {
    1: ("Countering hybrid threats", "Hybrid threats"),
    2: ("Operational cooperation including maritime issues", "Operational cooperation",
        "Operational cooperation including maritime issues and migration", "Maritime issues",
        "Operational cooperation including at sea and on migration"),
    3: ("Cyber security and defence", "Cyber defence", "Cybersecurity and defence"),
    4: ("Defence capabilities", "Capabilities"),
    5: ("Defence industry and research", "Industry and research"),
    6: ("Exercises", "Parallel and coordinated exercises"),
    7: ("Defence and security capacity-building",
        "Defence and security capacity-building of Eastern and Southern partners",
        "Capacity building", "Capacity-building of partners"),
    8: ("Counter-terrorism", "Countering terrorism", "Fight against terrorism", "Terrorism"),
    9: ("Women, peace and security", "WPS"),
    10: ("Military mobility",),
}  # fmt: skip
MATCH_AT = 0.6  # the least similarity that maps a heading to an area
OWN_WORDS = 0.65  # the least share of a heading's words that must be the area's
CLOSE = 0.15  # a second area this close to the best makes the match worth a notice

_IGNORED_WORDS = frozenset(
    re.findall(
        r"\w+",
        "a an and the of on in at to for with including incl its their eu nato area areas "
        "proposal proposals action actions new set common cooperation",
    )
)


def fold(text: str) -> str:
    """Lower case, no accents, punctuation as spaces, single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^\w]+|_", " ", plain).split())


def _words(text: str) -> list[str]:
    return [w for w in fold(text).split() if w not in _IGNORED_WORDS and not w.isdigit()]


def _same_word(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) >= 5 and a[:5] == b[:5]:
        return True  # defence / defense, exercise / exercises, countering / counter
    return min(len(a), len(b)) >= 5 and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def similarity(heading: str, name: str) -> float:
    """How alike a heading is to an area's name, 0 to 1: the harmonic mean of the shares of
    each one's words found in the other (words folded; small words and numbers ignored);
    0 when less than ``OWN_WORDS`` of the heading's words are the name's (a sentence that
    mentions an area is no heading)."""
    h, n = _words(heading), _words(name)
    if not h or not n:
        return 0.0
    in_name = sum(1 for w in h if any(_same_word(w, v) for v in n)) / len(h)
    in_heading = sum(1 for v in n if any(_same_word(v, w) for w in h)) / len(n)
    if in_name < OWN_WORDS or not in_heading:
        return 0.0
    return 2 * in_name * in_heading / (in_name + in_heading)


def area_names(areas: Iterable[tuple[int, str]] = ()) -> dict[int, tuple[str, ...]]:
    """The names to match per area code: the database's names first, then the variants."""
    names = {code: list(variants) for code, variants in AREA_VARIANTS.items()}
    for code, name in areas:
        names.setdefault(code, [])
        if name not in names[code]:
            names[code].insert(0, name)
    return {code: tuple(n) for code, n in names.items()}


def match_area(
    heading: str, names: Mapping[int, tuple[str, ...]]
) -> tuple[int | None, float, int | None]:
    """(best area code or None, its similarity, a second area nearly as close or None)."""
    scores = sorted(
        ((max(similarity(heading, n) for n in variants), code) for code, variants in
         names.items()),
        key=lambda sc: (-sc[0], sc[1]),
    )  # fmt: skip
    if not scores or scores[0][0] < MATCH_AT:
        return None, scores[0][0] if scores else 0.0, None
    best, code = scores[0]
    close = next((c for s, c in scores[1:] if s >= MATCH_AT and best - s < CLOSE), None)
    return code, best, close


# The sub-headings of "Countering hybrid threats" (kept in descriptions, never areas).
KNOWN_SUBHEADINGS = frozenset(
    fold(s)
    for s in (
        "Situational awareness",
        "Strategic communication",
        "Strategic communications",
        "Crisis response",
        "Bolstering resilience",
        "Resilience",
    )
)
