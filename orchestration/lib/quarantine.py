"""Row-level quarantine (docs/contract.md §2, "Bad input"): which raw rows stay out, and why.

Rules come from the column declarations in `raw_schema`: required values,
unparseable values, conflicting duplicate keys, contract enums (a value or one of
its declared synonyms, which staging maps to the value), non-negative amounts,
references to customers and timestamps in the future. Each rule is a
SQL predicate over one raw row; the first that holds is the row's reason. All
identifiers are contract names; the only value, the run's clock, is bound.
Customers are judged first, so an order of a quarantined customer is itself
quarantined as an unknown customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from orchestration.lib import landed_files
from orchestration.lib.raw_loader import RAW_SCHEMA
from orchestration.lib.raw_schema import NOT_NULL, RAW_TABLES, RawColumn, RawTable
from orchestration.lib.sql import quote_identifier, quote_literal
from orchestration.lib.warehouse import relation_exists, transaction

QUARANTINE = RawTable(
    "quarantine",
    (
        RawColumn(
            "table_name", "VARCHAR", True, description="Raw table the row came from.", dbt_tests=NOT_NULL
        ),
        RawColumn(
            "row_id", "BIGINT", True, description="The row's `_row_id` in its raw table.", dbt_tests=NOT_NULL
        ),
        RawColumn(
            "record_key", "VARCHAR", description="The row's contract key (or row id for keyless tables)."
        ),
        RawColumn(
            "reason",
            "VARCHAR",
            True,
            description="The first row-level rule the row breaks.",
            dbt_tests=NOT_NULL,
        ),
        RawColumn("raw_row", "JSON", description="The row's contract columns as JSON."),
        RawColumn("source_file", "VARCHAR", description="The landed file the row came from."),
    ),
    key=(),
    description=(
        "Raw rows kept out of staging, one row per quarantined raw row (built by the Dagster asset "
        "crm/quarantine from the contract's row-level rules)."
    ),
)
"""`raw.quarantine` as `build_quarantine` creates it (the dbt sources document it from here)."""
QUARANTINE_TABLE = f"{RAW_SCHEMA}.{QUARANTINE.name}"
VALID_CUSTOMERS = f"{RAW_SCHEMA}.valid_customer_ids"
"""The customers the last quarantine let through: rows referencing any other are quarantined."""
CHANGEABLE_REASONS = ("conflicting duplicate key", "unknown customer", "future %")
"""Reasons (SQL `like` patterns) a row can lose or gain without changing itself: another row with
its key comes or goes, its customer comes or goes, the clock moves on. Rows quarantined for these
are judged again on every run."""


@dataclass(frozen=True)
class TableHealth:
    """Quarantined rows of one raw table, by reason, against the rows loaded."""

    table: str
    rows_loaded: int
    reasons: dict[str, int]

    @property
    def rows_quarantined(self) -> int:
        return sum(self.reasons.values())

    @property
    def fraction(self) -> float:
        return self.rows_quarantined / self.rows_loaded if self.rows_loaded else 0.0


def row_rules(table: RawTable) -> list[tuple[str, str]]:
    """(reason SQL expression, predicate) pairs over the row alias `r`, in priority order."""
    rules: list[tuple[str, str]] = [
        ("'unparseable value in ' || r._invalid_columns", "r._invalid_columns is not null")
    ]
    for column in table.columns:
        name = quote_identifier(column.name)
        if column.required:
            rules.append((quote_literal(f"missing {column.name}"), f"r.{name} is null"))
    if table.key:
        rules.append((quote_literal("conflicting duplicate key"), "r._key_rows > 1"))
    for column in table.columns:
        name = quote_identifier(column.name)
        if column.vocabulary:
            accepted = ", ".join(map(quote_literal, column.vocabulary.accepted))
            rules.append(
                (quote_literal(f"unknown {column.name} value"), f"lower(trim(r.{name})) not in ({accepted})")
            )
        if column.non_negative:
            rules.append((quote_literal(f"negative {column.name}"), f"r.{name} < 0"))
        if column.not_future:
            rules.append((quote_literal(f"future {column.name}"), f"r.{name} > ?"))
        if column.references == "customers":
            rules.append(
                (
                    quote_literal("unknown customer"),
                    f"r.{name} not in (select customer_id from {VALID_CUSTOMERS})",
                )
            )
    return rules


def quarantine_select(table: RawTable, rows: str | None = None) -> tuple[str, int]:
    """The query of `table`'s quarantined rows, and how many clock parameters it binds.

    `rows` limits the judgement to the rows of `raw.<table>` whose `_row_id` it selects; for a
    keyed table it must hold every row of each key it holds, which the key count needs.
    """
    rules = row_rules(table)
    reason = "case " + " ".join(f"when {predicate} then {text}" for text, predicate in rules) + " end"
    key_columns = [quote_identifier(name) for name in table.key]
    key_rows = f"count(*) over (partition by {', '.join(key_columns)})" if key_columns else "1"
    record_key = (
        " || '|' || ".join(f"coalesce(cast(r.{c} as varchar), '')" for c in key_columns)
        if key_columns
        else "cast(r._row_id as varchar)"
    )
    raw_row = ", ".join(f"{quote_literal(c.name)}: r.{quote_identifier(c.name)}" for c in table.columns)
    limited = f" where _row_id in ({rows})" if rows else ""
    sql = (
        f"select {quote_literal(table.name)} as table_name, r._row_id as row_id, {record_key} as record_key, "
        f"reason, to_json({{{raw_row}}}) as raw_row, r._source_file as source_file "
        f"from (select r.*, {reason} as reason from "
        f"(select *, {key_rows} as _key_rows from {RAW_SCHEMA}.{table.name}{limited}) as r) as r "
        "where reason is not null"
    )
    return sql, sum(predicate.count("?") for _, predicate in rules)


def build_quarantine(
    conn: duckdb.DuckDBPyConnection, now: datetime, full_refresh: bool = False
) -> list[TableHealth]:
    """Bring `raw.quarantine` in step with the raw tables; return per-table health.

    Incrementally, only rows that may have changed verdict are judged: the rows that entered a
    raw table since the last quarantine (`landed_files.UNJUDGED_TABLE`), rows quarantined for a
    CHANGEABLE_REASONS, rows sharing a key with those, and rows of customers who became valid or
    invalid; entries of rows that left a table go. The result equals a full judgement, which runs
    on `full_refresh` or when the warehouse has no quarantine yet. One transaction.
    """
    with transaction(conn):
        full = full_refresh or not all(
            relation_exists(conn, *relation.split(".")) for relation in (QUARANTINE_TABLE, VALID_CUSTOMERS)
        )
        if full:
            columns = ", ".join(f"{column.name} {column.type}" for column in QUARANTINE.columns)
            conn.execute(f"create or replace table {QUARANTINE_TABLE} ({columns})")
            conn.execute(f"create or replace table {VALID_CUSTOMERS} (customer_id varchar)")
        conn.execute("create or replace temp table _customers_changed (customer_id varchar)")
        for table in RAW_TABLES:
            rows = None if full else _rows_to_judge(conn, table)
            sql, clock_params = quarantine_select(table, rows)
            conn.execute(f"insert into {QUARANTINE_TABLE} {sql}", [now] * clock_params)
            # a judged row may have entered or left the quarantine, so staging
            judged = (
                f"select _row_id from {RAW_SCHEMA}.{table.name}"
                if full
                else f"select row_id as _row_id from ({rows})"
            )
            landed_files.note_changed(conn, table, judged, [])
            if table.name == "customers":
                _update_valid_customers(conn)
        conn.execute("drop table if exists _judged")
        conn.execute("drop table _customers_changed")
        landed_files.forget_unjudged(conn)
    return table_health(conn)


def _rows_to_judge(conn: duckdb.DuckDBPyConnection, table: RawTable) -> str:
    """Collect the rows of `table` whose verdict may have changed into `_judged`, drop their
    entries and those of rows that left the table; return the query of their row ids."""
    relation = f"{RAW_SCHEMA}.{table.name}"
    changeable = " or ".join("reason like ?" for _ in CHANGEABLE_REASONS)
    sources = [
        f"select row_id from {landed_files.UNJUDGED_TABLE} where table_name = ?",
        f"select row_id from {QUARANTINE_TABLE} where table_name = ? and ({changeable})",
    ]
    params: list[object] = [table.name, table.name, *CHANGEABLE_REASONS]
    references = [quote_identifier(c.name) for c in table.columns if c.references == "customers"]
    if references:
        changed = " or ".join(
            f"{name} in (select customer_id from _customers_changed)" for name in references
        )
        sources.append(f"select _row_id from {relation} where {changed}")
    conn.execute(f"create or replace temp table _judged as {' union '.join(sources)}", params)
    if table.key:
        key = ", ".join(map(quote_identifier, table.key))
        conn.execute(
            f"insert into _judged select _row_id from {relation} semi join "
            f"(select {key} from {relation} where _row_id in (select row_id from _judged)) using ({key})"
        )
    conn.execute(
        f"delete from {QUARANTINE_TABLE} where table_name = ? and (row_id in (select row_id from _judged) "
        f"or row_id not in (select _row_id from {relation}))",
        [table.name],
    )
    return "select row_id from _judged"


def _update_valid_customers(conn: duckdb.DuckDBPyConnection) -> None:
    """Replace the valid customers; those who joined or left the set go into `_customers_changed`."""
    conn.execute(
        "create or replace temp table _valid_now as select customer_id from raw.customers "
        "where _row_id not in "
        f"(select row_id from {QUARANTINE_TABLE} where table_name = 'customers')"
    )
    conn.execute(
        "insert into _customers_changed "
        f"(select customer_id from _valid_now except select customer_id from {VALID_CUSTOMERS}) union "
        f"(select customer_id from {VALID_CUSTOMERS} except select customer_id from _valid_now)"
    )
    conn.execute(f"delete from {VALID_CUSTOMERS}")
    conn.execute(f"insert into {VALID_CUSTOMERS} select customer_id from _valid_now")
    conn.execute("drop table _valid_now")


def table_health(conn: duckdb.DuckDBPyConnection) -> list[TableHealth]:
    reasons = conn.execute(
        f"select table_name, reason, count(*) from {QUARANTINE_TABLE} group by 1, 2 order by 1, 3 desc"
    ).fetchall()
    health = []
    for table in RAW_TABLES:
        loaded = conn.execute(f"select count(*) from {RAW_SCHEMA}.{table.name}").fetchall()[0][0]
        found = {reason: count for name, reason, count in reasons if name == table.name}
        health.append(TableHealth(table.name, loaded, found))
    return health


def over_threshold(health: list[TableHealth], max_fraction: float) -> list[str]:
    """One message per table whose quarantined share exceeds `max_fraction`."""
    return [
        f"table '{h.table}': {h.rows_quarantined} of {h.rows_loaded} rows quarantined "
        f"({h.fraction:.2%} > LOYALTY_MAX_BAD_ROW_FRACTION {max_fraction:.2%}): "
        + ", ".join(f"{reason}: {count}" for reason, count in h.reasons.items())
        for h in health
        if h.fraction > max_fraction
    ]
