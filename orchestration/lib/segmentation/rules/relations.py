"""The fields a rule may use: the columns of the relations dbt model rule_segments joins.

The feature mart grows, so the fields are whatever `describe` reports on the day for
each relation of FIELD_RELATIONS, read once the warehouse holds them all. A column name
already supplied by an earlier relation is not taken again (the features win), since the
marts share columns such as as_of_date. Each field remembers the alias of its relation,
which is how the compiled predicate names it.

The predicates run on every engine dbt targets (DuckDB here, Spark SQL in `make test-spark`,
Databricks), which quote identifiers differently ("" and backticks), so a field is written
unquoted: only a column whose name is a plain identifier is a field, and no text of a rule
becomes one without matching a real column's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from orchestration.lib.segmentation.rules.conditions import FIELD_PATTERN
from orchestration.lib.sql import quote_identifier

FIELD_RELATIONS: tuple[tuple[str, str], ...] = (
    ("features", "marts.customer_features"),
    ("scores", "segments.customer_scores"),
    ("member_segments", "segments.customer_segments"),
)
"""(alias, relation) in precedence order: the joins of models/assembled/rule_segments.sql,
which reads every relation under the alias given here, left-joined on customer_id."""
CATEGORIES_ALIAS = "rule_categories"
"""rule_segments.sql's relation of customer_id, product_category, days_since_purchase."""

_RELATION_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}")
_ALIAS_PATTERN = re.compile(r"[a-z_][a-z0-9_]*")


class RelationError(ValueError):
    """A relation handed to the rules cannot serve them; the message names it."""


@dataclass(frozen=True)
class FieldCatalog:
    """Every field a rule may use (a FIELD_PATTERN): its DuckDB type and the alias of its relation."""

    types: dict[str, str]
    aliases: dict[str, str]

    def column(self, name: str) -> str:
        """The field as SQL: a column of its relation's alias (a known field only, so a FIELD_PATTERN)."""
        return f"{self.aliases[name]}.{name}"


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


def field_catalog(
    conn: duckdb.DuckDBPyConnection, relations: Sequence[tuple[str, str]] = FIELD_RELATIONS
) -> FieldCatalog:
    """The fields of `relations` ((alias, relation), precedence order); each needs a customer_id.

    A column whose name is no FIELD_PATTERN is left out: a rule naming it fails as an unknown field.
    """
    types: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for alias, relation in relations:
        if not _ALIAS_PATTERN.fullmatch(alias):
            raise RelationError(f"alias {alias!r} must be a lowercase identifier")
        columns = describe_columns(conn, relation)
        if "customer_id" not in {name.lower() for name in columns}:
            raise RelationError(f"relation {relation!r} has no column 'customer_id'")
        taken = {name.lower() for name in types}
        for name, kind in columns.items():
            if name.lower() not in taken and FIELD_PATTERN.fullmatch(name):
                types[name], aliases[name] = kind, alias
    return FieldCatalog(types, aliases)
