"""Full-text search over interactions: ranked hits with a snippet each.

The words go through ``search_query`` (a safe FTS5 expression, always a bound parameter); the
list's filters (quarter, area, action, type, country, organisation, status, Trash) run on
ordinary indexes and are intersected with the hits.

- A selective search (at most ``RANK_LIMIT`` hits) is ranked with bm25, a title match
  weighing most, ties newest first.
- A broad one (a common word) is not ranked: ranking means scoring every hit, so its first
  page comes newest first, found by walking the date index (see ``listing.text_mode_for``).

Snippets carry ``MARK_START``/``MARK_END`` around the matched words; ``snippet_html`` and
``snippet_text`` turn them into ``<b>`` or plain markers.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, exists, literal_column, select
from sqlalchemy.orm import Session

from eunato_desk.core.errors import ValidationError
from eunato_desk.core.listing import (
    I,
    filter_clauses,
    order_terms,
    page_text_mode,
    source,
)
from eunato_desk.core.projection import rows_for_ids
from eunato_desk.core.records import InteractionFilter, InteractionRow
from eunato_desk.core.search import server as server_search
from eunato_desk.core.search.query import (
    FIELD,
    FTS,
    MARK_END,
    MARK_START,
    Query,
    count_matches,
    match,
    parse_query,
    rank,
    snippet_column,
    text_clauses,
)
from eunato_desk.core.storage.db import Database
from eunato_desk.core.vocab import SEARCH_MAX_LIMIT

RANK_LIMIT = 2000
MAX_LIMIT = SEARCH_MAX_LIMIT


@dataclass(frozen=True)
class SearchResult:
    hits: list[tuple[InteractionRow, str]]
    ranked: bool  # best first (bm25); otherwise newest first
    broad: bool = False  # more than RANK_LIMIT hits: newest first rather than ranked


def _check(text: str, limit: int) -> Query:
    if limit < 1 or limit > MAX_LIMIT:
        raise ValidationError("limit", f"give a number from 1 to {MAX_LIMIT:,} (not {limit}).")
    query = parse_query(text)
    if query.empty:
        raise ValidationError(
            FIELD, "type a word or a phrase to look for (punctuation alone is not searched)."
        )
    return query


def search(
    db: Database, text: str, flt: InteractionFilter | None = None, limit: int = 50
) -> SearchResult:
    """The first ``limit`` interactions matching ``text`` and the filter, each with a
    snippet. Raises ValidationError (field ``search`` or ``limit``) for an empty or too long
    search or a bad limit; never an SQLite error for what the user typed."""
    flt = flt or InteractionFilter()
    query = _check(text, limit)
    positive = query.positive_expression()
    with db.read() as session:
        if server_search.is_server(session):
            ids, marks, ranked = _on_server(session, query, flt, limit)
            rows = rows_for_ids(session, ids)
            hits = [(rows[i], marks.get(i, "")) for i in ids if i in rows]
            return SearchResult(hits, ranked, broad=positive is not None and not ranked)
        ranked = positive is not None and _few_hits(session, query)
        if ranked:
            found = _ranked(session, positive, flt, limit)  # type: ignore[arg-type]
            ids, marks = [i for i, _ in found], dict(found)
        else:
            ids = _newest_ids(session, query, flt, limit)
            marks = (
                snippets(session, positive, ids, prefix=query.has_prefix)
                if positive is not None
                else {}
            )
        rows = rows_for_ids(session, ids)
    hits = [(rows[i], marks.get(i, "")) for i in ids if i in rows]
    return SearchResult(hits, ranked, broad=positive is not None and not ranked)


def _on_server(
    session: Session, query: Query, flt: InteractionFilter, limit: int
) -> tuple[list[int], dict[int, str], bool]:
    """The same on a team server (``search.server``): (ids, snippets, ranked)."""
    ranked = bool(query.groups) and server_search.count_hits(session, query, RANK_LIMIT) <= (
        RANK_LIMIT
    )
    clauses = [*filter_clauses(session, flt), *server_search.text_clauses(query, I.c.id)]
    order = server_search.rank_order(query) if ranked else order_terms("date", descending=True)
    ids = session.execute(
        select(I.c.id).select_from(source(flt)).where(and_(*clauses)).order_by(*order).limit(limit)
    ).scalars()
    found = list(ids)
    return found, server_search.snippets(session, query, found), ranked


def _few_hits(session: Session, query: Query) -> bool:
    """At most RANK_LIMIT hits? The loose count (no word positions) answers cheaply when it is
    already small; otherwise the exact count decides."""
    relaxed, exact = query.relaxed_expression(), query.positive_expression()
    if relaxed is None or exact is None:
        return False
    if count_matches(session, relaxed, RANK_LIMIT) <= RANK_LIMIT:
        return True
    return relaxed != exact and count_matches(session, exact, RANK_LIMIT) <= RANK_LIMIT


def search_interactions(
    db: Database, query: str, flt: InteractionFilter | None = None, limit: int = 50
) -> list[tuple[InteractionRow, str]]:
    """``search`` without the ranked flag: (row, snippet) pairs, best first."""
    return search(db, query, flt, limit).hits


def _ranked(
    session: Session, expression: str, flt: InteractionFilter, limit: int
) -> list[tuple[int, str]]:
    """At most RANK_LIMIT hits: FTS5 scores and sorts them (bm25), each hit is checked
    against the filters (one row look-up), and snippets are made only for the rows returned.
    The filters sit in a correlated EXISTS so that SQLite keeps the index as the outer loop;
    joined, it may walk a filter's index instead and run the match once per row."""
    passes = (
        select(literal_column("1"))
        .select_from(source(flt))
        .where(I.c.id == FTS.c.rowid, *filter_clauses(session, flt))
    )
    query = (
        select(FTS.c.rowid, snippet_column())
        .where(match(expression), exists(passes))
        .order_by(rank())
        .limit(limit)
    )
    return [(rowid, text or "") for rowid, text in session.execute(query)]


def _newest_ids(session: Session, query: Query, flt: InteractionFilter, limit: int) -> list[int]:
    """Many hits (or only exclusions): the newest first, walking the date index."""
    mode = page_text_mode(session, query, limit)
    clauses = [*filter_clauses(session, flt), *text_clauses(query, I.c.id, mode)]
    ids = (
        select(I.c.id)
        .select_from(source(flt))
        .where(and_(*clauses))
        .order_by(*order_terms("date", descending=True))
        .limit(limit)
    )
    return list(session.execute(ids).scalars())


def snippets(
    session: Session, expression: str, ids: Sequence[int], *, prefix: bool = False
) -> dict[int, str]:
    """FTS5 snippets of the given interactions for a (positive) match expression.

    FTS5 looks each id up in turn, redoing the match each time: cheap for words, but a
    prefix (``hyb*``) merges every word it starts on each look-up. With a prefix, one pass
    over the hits between the smallest and the largest id is made instead, the ids checked
    outside FTS5 (``+ 0`` keeps it from using them)."""
    if not ids:
        return {}
    if prefix:
        wanted = (FTS.c.rowid + literal_column("0")).in_(list(ids))
        where = [FTS.c.rowid.between(min(ids), max(ids)), wanted]
    else:
        where = [FTS.c.rowid.in_(list(ids))]
    query = select(FTS.c.rowid, snippet_column()).where(match(expression), *where)
    return {rowid: text or "" for rowid, text in session.execute(query)}


def interaction_snippet(db: Database, text: str, uuid: str) -> str:
    """The snippet of one interaction for a search (for the details pane); "" when the
    search has no words to highlight or the interaction does not match it."""
    try:
        query = parse_query(text)
    except ValidationError:
        return ""
    positive = query.positive_expression()
    if positive is None:
        return ""
    with db.read() as session:
        iid = session.execute(select(I.c.id).where(I.c.uuid == uuid)).scalar()
        if iid is None:
            return ""
        if server_search.is_server(session):
            matched = session.execute(
                select(I.c.id).where(I.c.id == iid, *server_search.text_clauses(query, I.c.id))
            ).scalar()
            return server_search.snippets(session, query, [iid]).get(iid, "") if matched else ""
        return snippets(session, positive, [iid], prefix=query.has_prefix).get(iid, "")


def snippet_html(snippet: str) -> str:
    """The snippet as HTML: text escaped, matches in <b>."""
    return html.escape(snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")


def snippet_text(snippet: str, start: str = "[", end: str = "]") -> str:
    """The snippet as plain text, matches between ``start`` and ``end``."""
    return snippet.replace(MARK_START, start).replace(MARK_END, end)
