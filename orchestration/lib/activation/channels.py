"""What each channel's export file carries, and the dbt models the exports read it from.

Who may be contacted on a channel (a standing consent, no unsubscribe, no bounce, usable
contact details) is decided in dbt, by `intermediate.int_contacts_checked_to_customer_channels`
(rules in dbt_project/models/intermediate/_int__models.yml). The contact details themselves
are only in `personal.stg_crm__contacts`, the one warehouse relation dbt builds with them.
"""

from __future__ import annotations

CONTACTS = "personal.stg_crm__contacts"
"""One row per customer: email, phone, country, region, city, postal_code (trimmed, blank as null)."""

CONTACTABILITY = "intermediate.int_contacts_checked_to_customer_channels"
"""One row per customer and channel: `exclusion` is null when the member may be contacted."""

CONTACT_EXCLUSIONS = ("no_consent", "unsubscribed", "bounced", "unreachable")
"""The values of CONTACTABILITY's `exclusion`, in the order the model tries them."""

CONTACT_FIELDS: dict[str, tuple[str, ...]] = {
    "email": ("email",),
    "sms": ("phone",),
    "mail": ("country", "region", "city", "postal_code"),
    "push": (),
}
"""The CONTACTS columns each channel's export file carries, in file order."""
