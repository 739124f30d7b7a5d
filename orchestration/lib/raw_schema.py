"""The raw CRM tables of the data contract (docs/contract.md §2), as data.

One declaration serves the loader (which columns to read and how to type them),
the demo-data generator (which columns to write) and the tests. Types are
DuckDB logical types; the dbt sources document the same columns.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RawColumn:
    """A contract column: its name, warehouse type, and the row-level rules its values obey.

    `allowed` lists the contract's enum values (compared lowercased and trimmed),
    `references` names the table whose key a value must exist in, `non_negative`
    and `not_future` bound numbers and timestamps. A row breaking a rule is
    quarantined (docs/contract.md §2, "Bad input").
    """

    name: str
    type: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    references: str | None = None
    non_negative: bool = False
    not_future: bool = False


@dataclass(frozen=True)
class RawTable:
    """A contract table: columns in contract order, its key and whether it must exist."""

    name: str
    columns: tuple[RawColumn, ...]
    key: tuple[str, ...]
    required: bool = False

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.required]


def _col(name: str, type_: str = "VARCHAR", required: bool = False, **rules: object) -> RawColumn:
    return RawColumn(name, type_, required, **rules)


CONTACT_CHANNELS = ("email", "sms", "push", "mail")
CAMPAIGN_EVENT_TYPES = (
    "sent",
    "delivered",
    "opened",
    "clicked",
    "converted",
    "unsubscribed",
    "bounced",
    "holdout",
)
CUSTOMER = {"references": "customers"}


RAW_TABLES: tuple[RawTable, ...] = (
    RawTable(
        "customers",
        (
            _col("customer_id", required=True),
            _col("signup_date", "DATE"),
            _col("birth_date", "DATE"),
            _col("gender"),
            _col("country"),
            _col("region"),
            _col("city"),
            _col("postal_code"),
            _col("email"),
            _col("phone"),
            _col("membership_type"),
        ),
        key=("customer_id",),
        required=True,
    ),
    RawTable(
        "orders",
        (
            _col("order_id", required=True),
            _col("customer_id", required=True, **CUSTOMER),
            _col("order_ts", "TIMESTAMP", required=True, not_future=True),
            _col("amount", "DECIMAL(18,2)", required=True, non_negative=True),
            _col("status", allowed=("completed", "returned", "cancelled")),
            _col("channel", allowed=("store", "online", "app", "phone", "other")),
            _col("store_id"),
            _col("discount_amount", "DECIMAL(18,2)", non_negative=True),
        ),
        key=("order_id",),
        required=True,
    ),
    RawTable(
        "order_lines",
        (
            _col("order_id", required=True),
            _col("product_id"),
            _col("product_category"),
            _col("quantity", "BIGINT", non_negative=True),
            _col("line_amount", "DECIMAL(18,2)", non_negative=True),
        ),
        key=(),
    ),
    RawTable(
        "loyalty_ledger",
        (
            _col("entry_id", required=True),
            _col("customer_id", required=True, **CUSTOMER),
            _col("entry_ts", "TIMESTAMP", required=True, not_future=True),
            _col("entry_type", required=True, allowed=("earn", "redeem", "expire", "adjust")),
            _col("points", "BIGINT", required=True),
            _col("order_id"),
        ),
        key=("entry_id",),
    ),
    RawTable(
        "campaigns",
        (
            _col("campaign_id", required=True),
            _col("campaign_name"),
            _col("channel", allowed=CONTACT_CHANNELS),
            _col("campaign_type"),
            _col("sent_date", "DATE"),
        ),
        key=("campaign_id",),
    ),
    RawTable(
        "campaign_events",
        (
            _col("campaign_id", required=True),
            _col("customer_id", required=True, **CUSTOMER),
            _col("event_type", required=True, allowed=CAMPAIGN_EVENT_TYPES),
            _col("event_ts", "TIMESTAMP", required=True, not_future=True),
        ),
        key=(),
    ),
    RawTable(
        "consents",
        (
            _col("customer_id", required=True, **CUSTOMER),
            _col("channel", required=True, allowed=CONTACT_CHANNELS),
            _col("opted_in", "BOOLEAN", required=True),
            _col("updated_at", "TIMESTAMP", required=True),
        ),
        key=(),
    ),
    RawTable(
        "survey_responses",
        (
            _col("customer_id", required=True, **CUSTOMER),
            _col("question", required=True),
            _col("answer"),
            _col("answered_at", "TIMESTAMP"),
        ),
        key=(),
    ),
    RawTable(
        "referrals",
        (
            _col("referrer_id", required=True, **CUSTOMER),
            _col("referred_customer_id", required=True, **CUSTOMER),
            _col("referred_at", "TIMESTAMP"),
        ),
        key=(),
    ),
)

RAW_TABLES_BY_NAME: dict[str, RawTable] = {table.name: table for table in RAW_TABLES}
