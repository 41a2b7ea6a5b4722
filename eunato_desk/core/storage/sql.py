"""SQL expressions whose spelling differs between the backends, with the same results.

The rest of the code builds its queries with these and never asks which backend it talks
to (the dialect's name is looked at here, in ``storage``, and in ``search`` only).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Connection, Integer, String, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class _QuarterKey(FunctionElement[int]):
    """``year * 4 + (quarter - 1)`` of a Date column."""

    type = Integer()
    name = "quarter_key"
    inherit_cache = True


@compiles(_QuarterKey)
def _quarter_key_from_iso_text(element: _QuarterKey, compiler: Any, **kw: Any) -> str:
    # SQLite stores a Date as ISO text (YYYY-MM-DD): the digits are where they always are.
    day = compiler.process(element.clauses, **kw)
    return (
        f"(CAST(substr({day}, 1, 4) AS INTEGER) * 4"
        f" + (CAST(substr({day}, 6, 2) AS INTEGER) - 1) / 3)"
    )


@compiles(_QuarterKey, "postgresql")
def _quarter_key_from_date(element: _QuarterKey, compiler: Any, **kw: Any) -> str:
    day = compiler.process(element.clauses, **kw)
    return (
        f"(CAST(EXTRACT(YEAR FROM {day}) AS INTEGER) * 4"
        f" + (CAST(EXTRACT(MONTH FROM {day}) AS INTEGER) - 1) / 3)"
    )


def quarter_key_of(day: ColumnElement[Any]) -> ColumnElement[int]:
    """The quarter of a Date column as one integer, ``year * 4 + (quarter - 1)``."""
    return _QuarterKey(day)


class _InJsonList(FunctionElement[bool]):
    """``column IN (the strings of a JSON array)``: one bound parameter however many values
    (SQLite limits the number of parameters of a statement)."""

    type = Boolean()
    name = "in_json_list"
    inherit_cache = True


@compiles(_InJsonList)
def _in_json_each(element: _InJsonList, compiler: Any, **kw: Any) -> str:
    column, values = (compiler.process(c, **kw) for c in element.clauses)
    return f"{column} IN (SELECT value FROM json_each({values}))"


@compiles(_InJsonList, "postgresql")
def _in_json_array_elements(element: _InJsonList, compiler: Any, **kw: Any) -> str:
    column, values = (compiler.process(c, **kw) for c in element.clauses)
    return f"{column} IN (SELECT json_array_elements_text(CAST({values} AS json)))"


def in_json_list(column: ColumnElement[Any], values_json: str) -> ColumnElement[bool]:
    """Whether ``column`` is one of the strings of the JSON array ``values_json``."""
    return _InJsonList(column, bindparam(None, values_json, type_=String()))


def driver_sql(conn: Connection, sql: str) -> str:
    """``sql`` written with ``?`` for its parameters, in the placeholders of the connection's
    driver (for ``Connection.exec_driver_sql``; no ``?`` may appear in it otherwise)."""
    mark = {"qmark": "?", "format": "%s", "pyformat": "%s"}[conn.dialect.paramstyle]
    return sql if mark == "?" else sql.replace("?", mark)


__all__ = ["driver_sql", "in_json_list", "quarter_key_of"]
