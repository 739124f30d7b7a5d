"""The raw CRM tables of the data contract (docs/contract.md §2), as data.

This is the one declaration of the raw layer. The loader reads it (which columns
to read and how to type them), the quarantine (which rows to keep out), the
demo-data generator (which columns and values to write) and the tests. The copies
other tools need are generated from it by `make contract-copies`
(`orchestration/lib/contract_copies.py`): the dbt sources, the Great Expectations
raw suites and the dbt macros of the vocabularies; a test fails when a copy drifts.
Types are DuckDB logical types.
"""

from __future__ import annotations

from dataclasses import dataclass

DBT_TESTS = ("not_null", "unique", "non_negative")
"""Source tests a column may ask dbt for; each re-checks one of the column's own rules."""


@dataclass(frozen=True)
class Vocabulary:
    """An enum of the contract: its values, and the landed spellings that stand for one of them.

    Landed text is compared lowercased and trimmed, so values and synonyms are written
    that way (and without quotes: the generated dbt macros quote them as literals). The
    quarantine accepts a value or a synonym and quarantines anything else; staging maps a
    synonym to its value (dbt macro `normalise_enum`). `macro` names the generated dbt
    macro that lists the values; `synonyms` pairs a value with its spellings.
    """

    macro: str
    values: tuple[str, ...]
    synonyms: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def __post_init__(self) -> None:
        spellings = [*self.values, *(spelling for _, group in self.synonyms for spelling in group)]
        unclean = [text for text in spellings if not text or text != text.strip().lower()]
        if unclean:
            raise ValueError(f"vocabulary {self.macro}: write values lowercased and trimmed: {unclean}")
        if any("'" in text or "\\" in text for text in spellings):
            raise ValueError(f"vocabulary {self.macro}: no quote or backslash (SQL and dbt literals)")
        if len(set(spellings)) != len(spellings):
            raise ValueError(f"vocabulary {self.macro}: a spelling is listed twice: {spellings}")
        unknown = [value for value, _ in self.synonyms if value not in self.values]
        if unknown:
            raise ValueError(f"vocabulary {self.macro}: synonyms of values it does not have: {unknown}")

    @property
    def accepted(self) -> tuple[str, ...]:
        """Every landed spelling the quarantine lets through: the values, then the synonyms."""
        return (*self.values, *(spelling for _, group in self.synonyms for spelling in group))


def _vocabulary(macro: str, values: tuple[str, ...], **synonyms: tuple[str, ...]) -> Vocabulary:
    """A vocabulary whose synonyms are given per value, as keyword arguments."""
    return Vocabulary(macro, values, tuple((value, group) for value, group in synonyms.items() if group))


ORDER_STATUS = _vocabulary(
    "order_statuses",
    ("completed", "returned", "cancelled"),
    completed=("complete",),
    returned=("return",),
    cancelled=("canceled",),
)
ORDER_CHANNEL = _vocabulary(
    "order_channels",
    ("store", "online", "app", "phone", "other"),
    store=("in-store", "instore", "in store", "shop", "pos", "retail"),
    online=("web", "website", "webshop", "ecommerce", "e-commerce"),
    app=("mobile", "mobile app", "mobile_app"),
    phone=("telephone", "call center", "call centre", "call_center"),
)
LOYALTY_ENTRY_TYPE = _vocabulary("loyalty_entry_types", ("earn", "redeem", "expire", "adjust"))
CONTACT_CHANNEL = _vocabulary(
    "contact_channels",
    ("email", "sms", "push", "mail"),
    email=("e-mail", "e_mail"),
    sms=("text",),
    push=("push notification",),
    mail=("post", "direct mail", "letter"),
)
CAMPAIGN_EVENT_TYPE = _vocabulary(
    "campaign_event_types",
    ("sent", "delivered", "opened", "clicked", "converted", "unsubscribed", "bounced", "holdout"),
)
VOCABULARIES = (ORDER_STATUS, ORDER_CHANNEL, LOYALTY_ENTRY_TYPE, CONTACT_CHANNEL, CAMPAIGN_EVENT_TYPE)

ORDER_STATUSES = ORDER_STATUS.values
ORDER_CHANNELS = ORDER_CHANNEL.values
CONTACT_CHANNELS = CONTACT_CHANNEL.values
CAMPAIGN_EVENT_TYPES = CAMPAIGN_EVENT_TYPE.values


@dataclass(frozen=True)
class RawColumn:
    """A contract column: its name, warehouse type, and the row-level rules its values obey.

    `vocabulary` is the contract enum a value must spell (compared lowercased and
    trimmed), `references` names the table whose key a value must exist in,
    `non_negative` and `not_future` bound numbers and timestamps. A row breaking a
    rule is quarantined (docs/contract.md §2, "Bad input"). `description` documents
    the column in the dbt sources; `dbt_tests` (names of DBT_TESTS) are the rules dbt
    checks again on the raw source, where that is cheap enough to run every build.
    """

    name: str
    type: str
    required: bool = False
    vocabulary: Vocabulary | None = None
    references: str | None = None
    non_negative: bool = False
    not_future: bool = False
    description: str = ""
    dbt_tests: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawTable:
    """A contract table: columns in contract order, its key and whether it must exist."""

    name: str
    columns: tuple[RawColumn, ...]
    key: tuple[str, ...]
    required: bool = False
    description: str = ""
    staged_incrementally: bool = False
    """dbt stages it in a base model (dbt_project/models/staging/crm/base/) that reads only the
    rows the loader and the quarantine note in `raw.row_changes` (orchestration/lib/landed_files.py)."""

    def __post_init__(self) -> None:
        for column in self.columns:
            # a dbt test repeats a rule of the column: it cannot ask for one the contract lacks
            rules = {
                "not_null": column.required,
                "unique": self.key == (column.name,),
                "non_negative": column.non_negative,
            }
            broken = [test for test in column.dbt_tests if not rules.get(test, False)]
            if broken:
                raise ValueError(
                    f"{self.name}.{column.name}: dbt tests {broken} need a rule the column does not "
                    f"declare (tests: {', '.join(DBT_TESTS)})"
                )

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.required]


def _col(
    name: str, description: str, type_: str = "VARCHAR", required: bool = False, **rules: object
) -> RawColumn:
    return RawColumn(name, type_, required, description=description, **rules)


CUSTOMER = {"references": "customers"}
NOT_NULL = ("not_null",)

FILE_COLUMNS: tuple[RawColumn, ...] = (
    RawColumn(
        "_invalid_columns",
        "VARCHAR",
        description=(
            "Loader column; null when every value parsed, else a comma-separated list of the columns "
            "whose non-empty raw text could not be parsed (those are null)."
        ),
    ),
    RawColumn("_source_file", "VARCHAR", description="Loader column; the file the row came from."),
)
"""Bookkeeping columns the loader adds to the rows of every landed file, after the contract columns."""
ROW_ID = RawColumn(
    "_row_id", "BIGINT", description="Loader column; the row's id, by which raw.quarantine names it."
)
"""Added last, when the loaded files are collapsed into `raw.<table>`."""
LOADER_COLUMNS = (*FILE_COLUMNS, ROW_ID)

RAW_TABLES: tuple[RawTable, ...] = (
    RawTable(
        "customers",
        (
            _col(
                "customer_id",
                "Customer key; required, unique.",
                required=True,
                dbt_tests=("not_null", "unique"),
            ),
            _col(
                "signup_date",
                "Date the customer joined; optional, falls back to the first order date.",
                "DATE",
            ),
            _col("birth_date", "Date of birth; optional.", "DATE"),
            _col("gender", "Free-text gender; optional."),
            _col("country", "ISO 3166-1 alpha-2 country code, any case; optional."),
            _col("region", "Region or state; optional."),
            _col("city", "City; optional."),
            _col("postal_code", "Postal code; optional."),
            _col("email", "E-mail address; personal data, never leaves staging."),
            _col("phone", "Phone number; personal data, never leaves staging."),
            _col("membership_type", "Membership programme, e.g. standard or premium; optional."),
        ),
        key=("customer_id",),
        required=True,
        description="One row per landed customer record (required table).",
    ),
    RawTable(
        "orders",
        (
            _col(
                "order_id",
                "Order key; required, unique (conflicting duplicates are quarantined).",
                required=True,
                dbt_tests=NOT_NULL,
            ),
            _col(
                "customer_id",
                "Buying customer; required, must exist in customers (else quarantined).",
                required=True,
                dbt_tests=NOT_NULL,
                **CUSTOMER,
            ),
            _col(
                "order_ts",
                "Order timestamp (a date lands as midnight); required.",
                "TIMESTAMP",
                required=True,
                not_future=True,
                dbt_tests=NOT_NULL,
            ),
            _col(
                "amount",
                "Order value in the reporting currency; required, >= 0.",
                "DECIMAL(18,2)",
                required=True,
                non_negative=True,
                dbt_tests=("not_null", "non_negative"),
            ),
            _col(
                "status",
                "completed (default when null), returned or cancelled; any case.",
                vocabulary=ORDER_STATUS,
            ),
            _col(
                "channel", "store, online, app, phone or other; any case; optional.", vocabulary=ORDER_CHANNEL
            ),
            _col("store_id", "Store of the purchase; optional."),
            _col(
                "discount_amount",
                "Discount granted on the order, >= 0; optional.",
                "DECIMAL(18,2)",
                non_negative=True,
            ),
        ),
        key=("order_id",),
        required=True,
        description="One row per landed purchase transaction (required table).",
        staged_incrementally=True,
    ),
    RawTable(
        "order_lines",
        (
            _col("order_id", "Order of the line; required.", required=True, dbt_tests=NOT_NULL),
            _col("product_id", "Product bought."),
            _col("product_category", "Product category, any case."),
            _col("quantity", "Units bought.", "BIGINT", non_negative=True),
            _col("line_amount", "Value of the line.", "DECIMAL(18,2)", non_negative=True),
        ),
        key=(),
        description="One row per landed order line (optional table; no key of its own).",
        staged_incrementally=True,
    ),
    RawTable(
        "loyalty_ledger",
        (
            _col(
                "entry_id",
                "Ledger entry key; required, unique (conflicting duplicates are quarantined).",
                required=True,
                dbt_tests=NOT_NULL,
            ),
            _col(
                "customer_id",
                "Member whose points change (unknown customers are quarantined).",
                required=True,
                dbt_tests=NOT_NULL,
                **CUSTOMER,
            ),
            _col("entry_ts", "When the entry was booked.", "TIMESTAMP", required=True, not_future=True),
            _col(
                "entry_type",
                "earn, redeem, expire or adjust; any case.",
                required=True,
                vocabulary=LOYALTY_ENTRY_TYPE,
            ),
            _col(
                "points",
                "Signed points (earn > 0, redeem and expire < 0, adjust either).",
                "BIGINT",
                required=True,
            ),
            _col("order_id", "Order the entry belongs to; optional."),
        ),
        key=("entry_id",),
        description="One row per landed points ledger entry (optional table).",
        staged_incrementally=True,
    ),
    RawTable(
        "campaigns",
        (
            _col(
                "campaign_id",
                "Campaign key; required, unique.",
                required=True,
                dbt_tests=("not_null", "unique"),
            ),
            _col("campaign_name", "Human-readable campaign name."),
            _col("channel", "email, sms, push or mail; any case.", vocabulary=CONTACT_CHANNEL),
            _col("campaign_type", "e.g. promo, newsletter, winback."),
            _col("sent_date", "Date the campaign went out.", "DATE"),
        ),
        key=("campaign_id",),
        description="One row per landed marketing campaign (optional table).",
    ),
    RawTable(
        "campaign_events",
        (
            _col("campaign_id", "Campaign of the event.", required=True, dbt_tests=NOT_NULL),
            _col("customer_id", "Customer of the event.", required=True, dbt_tests=NOT_NULL, **CUSTOMER),
            _col(
                "event_type",
                "sent, delivered, opened, clicked, converted, unsubscribed, bounced or holdout (a member "
                "of the campaign's control group, deliberately not sent); any case.",
                required=True,
                vocabulary=CAMPAIGN_EVENT_TYPE,
            ),
            _col("event_ts", "When the event happened.", "TIMESTAMP", required=True, not_future=True),
        ),
        key=(),
        description="One row per landed campaign event (optional table; no key of its own).",
        staged_incrementally=True,
    ),
    RawTable(
        "consents",
        (
            _col(
                "customer_id",
                "Customer giving or withdrawing consent.",
                required=True,
                dbt_tests=NOT_NULL,
                **CUSTOMER,
            ),
            _col(
                "channel",
                "email, sms, push or mail; any case.",
                required=True,
                vocabulary=CONTACT_CHANNEL,
                dbt_tests=NOT_NULL,
            ),
            _col("opted_in", "True when the customer opted in, false when out.", "BOOLEAN", required=True),
            _col("updated_at", "When the consent was given or withdrawn.", "TIMESTAMP", required=True),
        ),
        key=(),
        description=(
            "One row per landed consent change (optional table); the latest row per customer and "
            "channel holds."
        ),
    ),
    RawTable(
        "survey_responses",
        (
            _col("customer_id", "Answering customer.", required=True, dbt_tests=NOT_NULL, **CUSTOMER),
            _col("question", "Question key, e.g. interests.", required=True, dbt_tests=NOT_NULL),
            _col("answer", "Free-text answer."),
            _col("answered_at", "When the answer was given; optional.", "TIMESTAMP"),
        ),
        key=(),
        description="One row per landed survey answer (optional table; zero-party data).",
    ),
    RawTable(
        "referrals",
        (
            _col("referrer_id", "Customer who referred.", required=True, dbt_tests=NOT_NULL, **CUSTOMER),
            _col(
                "referred_customer_id",
                "Customer who was referred.",
                required=True,
                dbt_tests=NOT_NULL,
                **CUSTOMER,
            ),
            _col("referred_at", "When the referral happened; optional.", "TIMESTAMP"),
        ),
        key=(),
        description="One row per landed referral (optional table).",
    ),
)

RAW_TABLES_BY_NAME: dict[str, RawTable] = {table.name: table for table in RAW_TABLES}
