"""Full-text search over interactions (SQLite FTS5): ``service.search`` gives ranked hits with
snippets; ``query.parse_query`` turns what the user typed into a safe match expression, which
the interaction list's filter uses too; ``schema`` keeps the index."""
