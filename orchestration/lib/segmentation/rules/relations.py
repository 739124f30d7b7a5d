"""The relations rules read, discovered at run time rather than hard-coded.

The feature mart grows, and callers may add relations of derived per-customer
values (say `segments.customer_scores`), so the fields a rule may use are
whatever `describe` reports on the day. They are gathered into one row per
customer, `rule_fields`: the features left-joined with each extra relation on
customer_id. A column name already supplied by an earlier relation is not taken
again (the features win), since marts share columns such as as_of_date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import duckdb

from orchestration.lib.sql import quote_identifier

_RELATION_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}")


class RelationError(ValueError):
    """A relation handed to the rules cannot serve them; the message names it."""


@dataclass(frozen=True)
class FieldFrame:
    """Every field a rule may use (name -> DuckDB type) and the `select` producing one row per customer."""

    columns: dict[str, str]
    select_sql: str


def quote_relation(name: str) -> str:
    """Quote `[catalog.][schema.]table`, refusing anything else, so callers cannot smuggle SQL in."""
    if not _RELATION_PATTERN.fullmatch(name):
        raise RelationError(f"relation name {name!r} must look like [catalog.][schema.]table")
    return ".".join(quote_identifier(part) for part in name.split("."))


def describe_columns(conn: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    """Column name -> DuckDB type of `relation`, as the warehouse reports them now."""
    try:
        rows = conn.execute(f"describe select * from {quote_relation(relation)}").fetchall()
    except duckdb.CatalogException as error:
        raise RelationError(f"relation {relation!r} does not exist: {error}") from error
    return {row[0]: row[1] for row in rows}


def field_frame(
    conn: duckdb.DuckDBPyConnection, features_relation: str, extra_relations: Sequence[str] = ()
) -> FieldFrame:
    """Join the features with `extra_relations` on customer_id; check each has one row per customer."""
    columns = _customer_relation_columns(conn, features_relation)
    selects = ["f0.*"]
    joins = [f"from {quote_relation(features_relation)} as f0"]
    for index, relation in enumerate(extra_relations, start=1):
        taken = {name.lower() for name in columns}
        added = {
            name: kind
            for name, kind in _customer_relation_columns(conn, relation).items()
            if name.lower() not in taken
        }
        alias = f"f{index}"
        selects += [f"{alias}.{quote_identifier(name)}" for name in added]
        joins.append(
            f"left join {quote_relation(relation)} as {alias} on {alias}.customer_id = f0.customer_id"
        )
        columns.update(added)
    return FieldFrame(columns, "select " + ", ".join(selects) + " " + " ".join(joins))


def require_columns(columns: Mapping[str, str], relation: str, required: Sequence[str]) -> None:
    """Fail naming `relation` and the first of `required` missing from its `columns`."""
    present = {name.lower() for name in columns}
    missing = [name for name in required if name not in present]
    if missing:
        raise RelationError(f"relation {relation!r} has no column {missing[0]!r}")


def _customer_relation_columns(conn: duckdb.DuckDBPyConnection, relation: str) -> dict[str, str]:
    """Columns of a per-customer relation; a repeated customer would repeat that customer's rows."""
    columns = describe_columns(conn, relation)
    require_columns(columns, relation, ["customer_id"])
    ((repeated,),) = conn.execute(
        f"select count(*) - count(distinct customer_id) from {quote_relation(relation)}"
    ).fetchall()
    if repeated:
        raise RelationError(f"relation {relation!r} has {repeated} rows with a repeated or null customer_id")
    return columns
