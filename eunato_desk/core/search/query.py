"""The search box's query language, turned into a safe SQLite FTS5 MATCH expression.

What a user may type (documented in the README):

- ``cyber exercise``: every word must match, in any indexed field, in any order;
- ``"staff talks"``: an exact phrase;
- ``hybr*``: a word starting with these letters (at least two before the ``*``);
- ``cyber OR hybrid``: either (OR in capitals; it binds the words on each side of it, so
  ``cyber OR hybrid exercise`` means (cyber or hybrid) and exercise);
- ``-cancelled``, ``-"staff talks"``: leave out what matches.

Case and accents never matter (``Sécurité`` finds ``securite``), and punctuation inside a word
separates it into a phrase (``staff-to-staff`` is the phrase ``staff to staff``, ``100%`` is
``100``). Any text is accepted: a stray quote, a lone ``*`` or ``-``, a dangling ``OR``, FTS5's
own syntax (``NEAR(``, ``col:``, ``^``) and SQL are read as plain words. Every term is quoted
before it reaches FTS5, and the expression is always a bound parameter, never SQL text.
The only refusals are clear :class:`ValidationError` messages (field ``search``) for a query
longer than MAX_QUERY_CHARS or with more than MAX_TERMS terms, and for a prefix of one letter.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from sqlalchemy import (
    BinaryExpression,
    bindparam,
    column,
    exists,
    func,
    literal_column,
    select,
    table,
)
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.fold import fold

MAX_QUERY_CHARS = 1000
MAX_TERMS = 40
MIN_PREFIX = 2
FIELD = "search"
# How the list meets the index (see ``text_clauses``): at most this many hits, the list is
# built from the hits; more, and it walks its own order. A per-row look-up in the index costs
# about PROBE_COST times a hit collected into a set.
FEW_MATCHES = 2000
PROBE_COST = 250
TEXT_MODES = ("in", "walk", "exists")

FTS_NAME = "interaction_fts"
FTS = table(FTS_NAME, column("rowid"))
# Columns of the index, in order. The migration sets the rank to bm25 with these weights
# (a title match counts most).
FTS_COLUMNS = (
    "title",
    "summary",
    "outcome",
    "location",
    "tags",
    "notes",
    "organisations",
    "countries",
)
BM25_WEIGHTS = (8.0, 1.0, 1.5, 2.0, 4.0, 1.5, 2.0, 2.0)

# Snippet markers: control characters cannot be typed into any field, so they never clash
# with the text; ``snippet_html`` and ``snippet_text`` turn them into markup.
MARK_START = "\x02"
MARK_END = "\x03"
ELLIPSIS = "…"


def _is_token_char(ch: str) -> bool:
    """What FTS5's unicode61 tokenizer keeps in a token: letters, numbers, private use."""
    category = unicodedata.category(ch)
    return category[0] in "LN" or category == "Co"


def tokens(text: str) -> list[str]:
    """The words of ``text`` as the index sees them (folded, split on anything else)."""
    out: list[str] = []
    current: list[str] = []
    for ch in fold(text):
        if _is_token_char(ch):
            current.append(ch)
        elif current:
            out.append("".join(current))
            current = []
    if current:
        out.append("".join(current))
    return out


@dataclass(frozen=True)
class Term:
    """One word or phrase. A word with punctuation inside is a phrase of its parts."""

    text: str
    prefix: bool = False

    @property
    def words(self) -> list[str]:
        return tokens(self.text)

    def fts(self) -> str:
        """The term as an FTS5 string: quoted (inner quotes doubled), optional prefix star.
        The text goes to FTS5 as typed, so its tokenizer reads it as it read the index."""
        quoted = '"' + self.text.replace('"', '""') + '"'
        return quoted + ("*" if self.prefix else "")


@dataclass(frozen=True)
class Query:
    """Groups that must all match (a group matches when any of its terms does), and terms
    that must not match."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.groups and not self.excluded

    @property
    def has_prefix(self) -> bool:
        return any(t.prefix for t in self.terms)

    @property
    def terms(self) -> list[Term]:
        return [t for g in self.groups for t in g] + list(self.excluded)

    def positive_expression(self) -> str | None:
        """The MATCH expression of what must match, with the exclusions folded in."""
        if not self.groups:
            return None
        parts = []
        for group in self.groups:
            inner = " OR ".join(t.fts() for t in group)
            parts.append(f"({inner})" if len(group) > 1 else inner)
        expression = " AND ".join(parts)
        if self.excluded:
            expression = f"({expression}) NOT ({self.excluded_expression()})"
        return expression

    def relaxed_expression(self) -> str | None:
        """A looser expression matching at least every row the query matches: each phrase
        is cut down to its longest word (long words are the rare ones) and exclusions are
        dropped. Counting its hits needs no word positions and skips common words such as
        "to", so it is a cheap upper bound of the query's hits."""
        if not self.groups:
            return None
        parts = []
        for group in self.groups:
            alternatives = []
            for term in group:
                words = term.words
                longest = max(range(len(words)), key=lambda i: len(words[i]))
                star = "*" if term.prefix and longest == len(words) - 1 else ""
                alternatives.append(f'"{words[longest]}"{star}')
            inner = " OR ".join(alternatives)
            parts.append(f"({inner})" if len(alternatives) > 1 else inner)
        return " AND ".join(parts)

    def excluded_expression(self) -> str | None:
        """The MATCH expression of what must not match (any excluded term)."""
        if not self.excluded:
            return None
        return " OR ".join(t.fts() for t in self.excluded)

    def highlight_words(self) -> list[str]:
        """Folded words a details view may highlight (the positive terms' words)."""
        return [w for g in self.groups for t in g for w in t.words]


def _clean(text: str) -> str:
    """Control characters (including our snippet markers and NUL) become spaces."""
    return "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)


def _lex(text: str) -> list[tuple[str, str, bool]]:
    """Split into (kind, text, prefix) items: kind is 'word', 'phrase', 'not' or 'or'."""
    items: list[tuple[str, str, bool]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        if ch == "-" and i + 1 < n and not text[i + 1].isspace():
            items.append(("not", "-", False))
            i += 1
            continue
        if ch == '"':
            end = text.find('"', i + 1)
            if end == -1:  # an unbalanced quote: the rest is plain words
                i += 1
                continue
            prefix = end + 1 < n and text[end + 1] == "*"
            items.append(("phrase", text[i + 1 : end], prefix))
            i = end + 2 if prefix else end + 1
            continue
        j = i
        while j < n and not text[j].isspace() and text[j] != '"':
            j += 1
        word = text[i:j]
        i = j
        if word == "OR":
            items.append(("or", word, False))
        elif word != "AND":
            stripped = word.rstrip("*")
            items.append(("word", stripped, stripped != word))
    return items


def parse_query(text: str | None) -> Query:
    """Read what the user typed. Never fails on syntax; raises ValidationError (field
    ``search``) only for a query longer than MAX_QUERY_CHARS or with more than MAX_TERMS
    terms, or a prefix with fewer than MIN_PREFIX letters."""
    if not text or not text.strip():
        return Query()
    if len(text) > MAX_QUERY_CHARS:
        raise ValidationError(
            FIELD, f"at most {MAX_QUERY_CHARS:,} characters (this search has {len(text):,})."
        )
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    negate = False
    join_next = False  # an OR was seen: the next term joins the previous group
    for kind, value, prefix in _lex(_clean(text)):
        if kind == "not":
            negate = True
            continue
        if kind == "or":
            join_next = bool(groups) and not negate
            continue
        term = Term(value, prefix)
        words = term.words
        if not words:  # punctuation only: nothing to look for
            negate = join_next = False
            continue
        if prefix and len(words[-1]) < MIN_PREFIX:
            raise ValidationError(
                FIELD,
                f"put at least {MIN_PREFIX} letters before * (as in hyb*), not '{value}*'.",
            )
        if negate:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        negate = join_next = False
    count = sum(len(g) for g in groups) + len(excluded)
    if count > MAX_TERMS:
        raise ValidationError(
            FIELD, f"at most {MAX_TERMS} words or phrases (this search has {count})."
        )
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


# --- SQL fragments (every expression is a bound parameter) ----------------------------------


def match(expression: str) -> BinaryExpression[bool]:
    """``interaction_fts MATCH :param``."""
    return literal_column(FTS_NAME).op("MATCH")(bindparam(None, expression))  # type: ignore[return-value]


def matching_rowids(expression: str) -> Select:
    """Interaction ids whose words match the FTS5 expression."""
    return select(FTS.c.rowid).where(match(expression))


def text_clauses(
    query: Query, id_column: ColumnElement[int], mode: str = "in"
) -> list[ColumnElement[bool]]:
    """WHERE clauses restricting ``id_column`` to what the query matches.

    - ``"in"``: ``id IN (hits)``; SQLite starts from the hits (a rare word, any sort order);
    - ``"walk"``: the same set, but ``id + 0`` stops SQLite from starting there, so it walks
      an ordinary index in the list's order and checks each row against the set (a common
      word: the first page is found without sorting every hit);
    - ``"exists"``: each row walked is looked up in the index, no set is built (a word in
      most rows: the first page comes after a few look-ups)."""
    if mode not in TEXT_MODES:
        raise ValueError(f"unknown text mode {mode!r}")
    positive = query.positive_expression()
    negative = query.excluded_expression()
    if positive is not None:
        expression, wanted = positive, True
    elif negative is not None:
        expression, wanted = negative, False
    else:
        return []
    if mode == "exists":
        found = exists().select_from(FTS).where(match(expression), FTS.c.rowid == id_column)
        return [found if wanted else ~found]
    hits = matching_rowids(expression)
    column_ = id_column + literal_column("0") if mode == "walk" else id_column
    return [column_.in_(hits) if wanted else column_.not_in(hits)]


def choose_text_mode(matches: int, rows: int, limit: int, *, prefix: bool = False) -> str:
    """The cheapest ``text_clauses`` mode for the first ``limit`` rows of a list in the order
    of an ordinary index, given ``matches`` hits (counted up to ``mode_cap``) among ``rows``.
    A whole list always uses ``"in"``: sorting the hits beats walking a million rows. A
    prefix (``hyb*``) merges every word it starts, too costly to repeat for each row."""
    if matches <= FEW_MATCHES:
        return "in"
    if prefix:
        return "walk"
    # Collecting the hits costs ~matches; look-ups while walking ~limit * rows / matches.
    return "exists" if matches * matches > limit * rows * PROBE_COST else "walk"


def mode_cap(rows: int, limit: int) -> int:
    """How far ``count_matches`` needs to count for ``choose_text_mode`` to decide."""
    return max(FEW_MATCHES, math.isqrt(max(limit, 1) * rows * PROBE_COST))


def count_matches(session: Session, expression: str, cap: int) -> int:
    """How many interactions match, counting no further than ``cap + 1`` (cheap even for
    a word found in every row)."""
    probe = matching_rowids(expression).limit(cap + 1).subquery()
    return int(session.execute(select(func.count()).select_from(probe)).scalar_one())


def rank() -> ColumnElement[float]:
    """The index's rank column (bm25 with BM25_WEIGHTS; lower is better). Ordering by it
    alone lets FTS5 sort the hits itself and compute snippets only for the rows returned."""
    return literal_column(f"{FTS_NAME}.rank")


def snippet_column(tokens_around: int = 12) -> ColumnElement[str]:
    """FTS5 ``snippet()`` from the best-matching field, matches between the markers."""
    return func.snippet(literal_column(FTS_NAME), -1, MARK_START, MARK_END, ELLIPSIS, tokens_around)
