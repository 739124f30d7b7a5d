"""What the warehouse holds: the columns of a table, and relation names safe to put in SQL."""

from __future__ import annotations

import re

import duckdb

_RELATION = re.compile(r"[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*")


def is_relation_name(name: str) -> bool:
    """True for a plain lowercase `schema.table`: the only relation text pasted into SQL."""
    return bool(_RELATION.fullmatch(name))


def table_columns(conn: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    """Columns of `relation` (schema.table) in table order; empty when it does not exist."""
    schema, table = relation.split(".")
    rows = conn.execute(
        "select column_name from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    return [row[0] for row in rows]


class FrameError(RuntimeError):
    """A frame cannot be read; the message names the suite and the relation."""
