"""Full-text search on a team server (PostgreSQL): the same query language and the same hits
as FTS5 on a file.

Where the words are (revisions 0004 and 0009): an interaction's own words (title, summary,
outcome, location, tags) in its ``search_vector`` column (a ``tsvector`` over ``eunato_fold``
of each field, GIN-indexed); the link notes through a GIN expression index on
``interaction_action``; the organisation and country names ("name (acronym)", "name (ISO)")
are few and read as they are. Each is a field of its own, as in FTS5: a phrase never spans
two fields.

How a term matches (``term_ids``): the ids of the interactions with the term in any of those
fields, a union of index look-ups. A word or a prefix (``hyb*``, the server's ``:*``) is
looked up in the vector alone; a phrase is looked up there too (adjacent words), then checked
field by field (the vector runs the fields together). The typed text goes through the same
``eunato_fold`` on the server as the fields did (``phraseto_tsquery``), always as a bound
parameter; a query of punctuation alone was refused before (``parse_query``).

Ranking, for at most ``RANK_LIMIT`` hits: title matches first, then the server's ``ts_rank``,
newest first on ties. Snippets are cut in Python from the best field holding a matched word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    bindparam,
    case,
    cast,
    func,
    literal,
    literal_column,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session

from eunato_desk.core.models import (
    Country,
    Interaction,
    InteractionAction,
    Organisation,
    interaction_country,
    interaction_organisation,
)
from eunato_desk.core.search.query import (
    ELLIPSIS,
    MARK_END,
    MARK_START,
    Query,
    Term,
    fold,
)

I = Interaction.__table__  # noqa: E741
# Not in the model: the server computes it (GENERATED ... STORED), the app never writes it.
VECTOR = literal_column("interaction.search_vector")
OWN_FIELDS = ("title", "summary", "outcome", "location", "tags")
SNIPPET_WORDS = 12  # words around the first match, as FTS5's snippet()


def is_server(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _folded(expression: ColumnElement[str]) -> ColumnElement[str]:
    # '' as SQL text, not a parameter: the link notes' index (revision 0009) is on this very
    # expression, and the server uses it only for an identical one.
    return func.eunato_fold(func.coalesce(expression, literal_column("''")))


def _vector(expression: ColumnElement[str]) -> ColumnElement[object]:
    return func.to_tsvector(literal_column("'simple'::regconfig"), _folded(expression))


def tsquery(term: Term) -> ColumnElement[object]:
    """The term as the server's tsquery: its words folded as the fields were, adjacent for
    a phrase, the last one a prefix (``:*``) for ``word*``."""
    phrase = func.phraseto_tsquery(
        literal_column("'simple'::regconfig"), func.eunato_fold(bindparam(None, term.text))
    )
    if not term.prefix:
        return phrase
    return func.to_tsquery(
        literal_column("'simple'::regconfig"), cast(phrase, String).concat(literal(":*"))
    )


def _matches(vector: ColumnElement[object], query: ColumnElement[object]) -> ColumnElement[bool]:
    return vector.op("@@")(query)  # type: ignore[return-value]


def _org_label() -> ColumnElement[str]:
    o = Organisation.__table__
    return o.c.name.concat(
        func.coalesce(literal(" (").concat(o.c.acronym).concat(literal(")")), "")
    )


def term_ids(term: Term) -> Select:
    """Ids of the interactions holding the term in one of their fields (Trash included)."""
    query = tsquery(term)
    own = select(I.c.id).where(_matches(VECTOR, query))
    if len(term.words) > 1:  # a phrase: in one field, not across two
        own = own.where(or_(*(_matches(_vector(I.c[f]), query) for f in OWN_FIELDS)))
    links = InteractionAction.__table__
    notes = select(links.c.interaction_id).where(_matches(_vector(links.c.note), query))
    o, c = Organisation.__table__, Country.__table__
    orgs = select(interaction_organisation.c.interaction_id).where(
        interaction_organisation.c.organisation_id.in_(
            select(o.c.id).where(_matches(_vector(_org_label()), query))
        )
    )
    country_label = c.c.name.concat(literal(" (")).concat(c.c.iso_code).concat(literal(")"))
    countries = select(interaction_country.c.interaction_id).where(
        interaction_country.c.country_id.in_(
            select(c.c.id).where(_matches(_vector(country_label), query))
        )
    )
    return union(own, notes, orgs, countries)  # type: ignore[return-value]


def _any_of(terms: Iterable[Term]) -> Select:
    parts = [term_ids(t) for t in terms]
    return parts[0] if len(parts) == 1 else union(*parts)  # type: ignore[return-value]


def text_clauses(query: Query, id_column: ColumnElement[int]) -> list[ColumnElement[bool]]:
    """WHERE clauses restricting ``id_column`` to what the query matches: every group (one
    of its terms), none of the exclusions."""
    clauses: list[ColumnElement[bool]] = [id_column.in_(_any_of(g)) for g in query.groups]
    if query.excluded:
        clauses.append(id_column.not_in(_any_of(query.excluded)))
    return clauses


def count_hits(session: Session, query: Query, cap: int) -> int:
    """How many interactions the positive terms match, counting no further than ``cap + 1``."""
    hits = select(I.c.id).where(*text_clauses(Query(query.groups), I.c.id)).limit(cap + 1)
    return int(session.execute(select(func.count()).select_from(hits.subquery())).scalar_one())


def rank_order(query: Query) -> list[ColumnElement[object]]:
    """Best first: how many terms the title holds, the server's ts_rank over the own words,
    then newest."""
    terms = [t for g in query.groups for t in g]
    in_title = sum(
        (case((_matches(_vector(I.c.title), tsquery(t)), 1), else_=0) for t in terms),
        literal(0),
    )
    score = sum((func.ts_rank(VECTOR, tsquery(t)) for t in terms), literal(0.0))
    return [in_title.desc(), score.desc(), I.c.start_date.desc(), I.c.id.desc()]


# --- snippets --------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def _fields(session: Session, ids: Sequence[int]) -> dict[int, list[str]]:
    """Each interaction's searchable fields, as FTS5 orders them: own, notes, organisations,
    countries."""
    own = session.execute(select(I.c.id, *(I.c[f] for f in OWN_FIELDS)).where(I.c.id.in_(ids)))
    out: dict[int, list[str]] = {row[0]: [v or "" for v in row[1:]] for row in own}
    links = InteractionAction.__table__
    for iid, note in session.execute(
        select(links.c.interaction_id, links.c.note).where(links.c.interaction_id.in_(ids))
    ):
        out.setdefault(iid, []).append(note or "")
    o, c = Organisation.__table__, Country.__table__
    for iid, label in session.execute(
        select(interaction_organisation.c.interaction_id, _org_label())
        .join(o, o.c.id == interaction_organisation.c.organisation_id)
        .where(interaction_organisation.c.interaction_id.in_(ids))
    ):
        out.setdefault(iid, []).append(label)
    for iid, name, iso in session.execute(
        select(interaction_country.c.interaction_id, c.c.name, c.c.iso_code)
        .join(c, c.c.id == interaction_country.c.country_id)
        .where(interaction_country.c.interaction_id.in_(ids))
    ):
        out.setdefault(iid, []).append(f"{name} ({iso})")
    return out


def _marked(text: str, wanted: list[tuple[str, bool]]) -> str | None:
    """``text`` cut to SNIPPET_WORDS words around its first matched word, matched words
    between the markers; None when no word of it matches."""
    spans = [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]
    hits = [
        i
        for i, (_s, _e, word) in enumerate(spans)
        if any(word.startswith(w) if prefix else word == w for w, prefix in wanted)
    ]
    if not hits:
        return None
    # as FTS5: the window is full whenever the text is long enough (a short text is whole)
    first = max(0, min(hits[0] - SNIPPET_WORDS // 4, len(spans) - SNIPPET_WORDS))
    last = min(len(spans), first + SNIPPET_WORDS)
    out, cursor = [], spans[first][0]
    for i in range(first, last):
        start, end, _w = spans[i]
        out.append(text[cursor:start])
        word = text[start:end]
        out.append(f"{MARK_START}{word}{MARK_END}" if i in hits else word)
        cursor = end
    lead = ELLIPSIS if first > 0 else ""
    tail = ELLIPSIS if last < len(spans) else ""
    return lead + "".join(out) + tail


def snippets(session: Session, query: Query, ids: Sequence[int]) -> dict[int, str]:
    """A snippet per interaction: the first field (title first) holding a matched word."""
    if not ids or not query.groups:
        return {}
    wanted = []
    for group in query.groups:
        for term in group:
            words = term.words
            wanted += [(w, term.prefix and i == len(words) - 1) for i, w in enumerate(words)]
    out = {}
    for iid, fields in _fields(session, list(ids)).items():
        for text in fields:
            found = _marked(text, wanted)
            if found is not None:
                out[iid] = found
                break
    return out
