-- One row per points ledger entry landed (signed points: earn > 0, redeem/expire < 0).
-- Rows the quarantine holds (conflicting duplicate entry_ids, unknown customers, ...) stay out.
-- The live rows of base_crm__loyalty_ledger, which types each row once.
with

ledger as (

    select entry_id, customer_id, entered_at, entry_date, entry_type, points, order_id
    from {{ ref('base_crm__loyalty_ledger') }}
    where not _is_removed

)

select * from ledger
