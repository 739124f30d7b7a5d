-- One row per campaign event (customer x campaign x event type x timestamp): the live rows of
-- base_crm__campaign_events, which types each row once.
with

events as (

    select campaign_id, customer_id, event_type, event_at, event_date
    from {{ ref('base_crm__campaign_events') }}
    where not _is_removed

)

select * from events
