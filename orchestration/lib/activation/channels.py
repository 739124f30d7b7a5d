"""What each channel needs: the consent flags it checks, the contact fields it exports, and when a
member counts as reachable.

Contact fields come from raw.customers (the marts carry no personal data), cleaned
the way staging cleans them: trimmed, blank as null, country upper-cased. The
minimum to be reachable:

    email  an address with something on both sides of an '@'
    sms    a phone number holding at least one digit
    mail   postal code, city and country (the CRM contract has no street line; region is optional)
    push   nothing beyond the customer_id (the app resolves its own device tokens)
"""

from __future__ import annotations

from orchestration.lib.sql import quote_identifier

CONTACT_FIELDS: dict[str, tuple[str, ...]] = {
    "email": ("email",),
    "sms": ("phone",),
    "mail": ("country", "region", "city", "postal_code"),
    "push": (),
}
"""The contact columns each channel's export file carries, in file order."""

# Conditions over the `contacts` relation (CONTACTS_SQL); a member without a row is null -> unreachable.
_REACHABLE: dict[str, str] = {
    "email": "contacts.email like '%_@_%'",
    "sms": "regexp_matches(contacts.phone, '[0-9]')",
    "mail": "contacts.postal_code is not null and contacts.city is not null and contacts.country is not null",
    "push": "true",
}

CONTACTS_SQL = """
select
    trim(customers.customer_id) as customer_id,
    nullif(trim(customers.email), '') as email,
    nullif(trim(customers.phone), '') as phone,
    nullif(upper(trim(customers.country)), '') as country,
    nullif(trim(customers.region), '') as region,
    nullif(trim(customers.city), '') as city,
    nullif(trim(customers.postal_code), '') as postal_code
from raw.customers as customers
anti join (select row_id from raw.quarantine where table_name = 'customers') as quarantined
    on quarantined.row_id = customers._row_id
where customers._invalid_columns is null
qualify count(*) over (partition by trim(customers.customer_id)) = 1
"""
"""One row per customer the way staging keeps them: valid, not quarantined, and the only row of its
id (the loader already collapsed exact duplicate rows, so a repeated id is a conflict staging drops)."""


def reachable_sql(channel: str) -> str:
    """The SQL condition saying a member has the contact details `channel` needs."""
    return _REACHABLE[channel]


def consent_columns(channel: str) -> tuple[str, str, str]:
    """Quoted feature columns: consent given, unsubscribed and bounced on `channel` (docs/contract.md §2)."""
    return (
        quote_identifier(f"has_{channel}_consent"),
        quote_identifier(f"is_unsubscribed_{channel}"),
        quote_identifier(f"has_bounced_{channel}"),
    )
