"""Text as the search index and the name pickers compare it: case and accents removed.
Its own module, free of SQLAlchemy, so the name pickers of the first window need no more."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Case and accents removed, as the index sees words (``remove_diacritics 2``)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
