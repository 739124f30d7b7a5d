-- One row per campaign and member it was sent to or held out of (a `sent` or `holdout` event
-- that passed the quarantine), not cut at the as-of date: the send day, the attribution window
-- it was computed for (var campaign_attribution_days) and the first day in it (after the send
-- day, at most that many days later) with a completed order. A member bought as of a date when
-- that day is on or before it, so every as-of date is answered from the same rows and a closed
-- window is never reworked. Incremental: a run reworks the pairs whose events changed, every
-- pair of a member whose orders changed, and every pair of a campaign whose send day or window
-- changed or that appeared or went (macros/incremental_facts.sql).
{{ config(
    unique_key=['campaign_id', 'customer_id'],
    post_hook="{{ delete_vanished_keys('sent_date') }}",
) }}

{%- set attribution_days = campaign_attribution_days() %}
{%- set keys = ['campaign_id', 'customer_id'] %}

with

campaigns as (

    select campaign_id, sent_date
    from {{ ref('stg_crm__campaigns') }}
    where sent_date is not null

),

{% if is_incremental() -%}
changed_campaigns as (

    -- a campaign whose send day or window differs from the one its rows were computed for
    select coalesce(campaigns.campaign_id, computed.campaign_id) as campaign_id
    from campaigns
    full outer join (
        select campaign_id, max(sent_date) as sent_date, max(attribution_days) as attribution_days
        from {{ this }}
        group by campaign_id
    ) as computed
        on campaigns.campaign_id = computed.campaign_id
    where not coalesce(
        campaigns.sent_date = computed.sent_date and computed.attribution_days = {{ attribution_days }}, false)

),

changed as (

    {{ changed_keys(ref('base_crm__campaign_events'), keys, '_events_changed_at') }}

    union

    select events.campaign_id, events.customer_id
    from {{ ref('fct_campaign_events_per_member_campaign') }} as events
    left join (
        {{ changed_keys(ref('base_crm__orders'), ['customer_id'], '_orders_changed_at') }}
    ) as buyers
        on events.customer_id = buyers.customer_id
    left join changed_campaigns
        on events.campaign_id = changed_campaigns.campaign_id
    where buyers.customer_id is not null or changed_campaigns.campaign_id is not null

),
{%- endif %}

members as (

    select events.campaign_id, events.customer_id, campaigns.sent_date
    from {{ ref('fct_campaign_events_per_member_campaign') }} as events
    inner join campaigns
        on events.campaign_id = campaigns.campaign_id
    {%- if is_incremental() %}
    inner join changed
        on {{ keys_match('events', 'changed', keys) }}
    {%- endif %}
    where events.first_sent_date is not null or events.first_holdout_date is not null

),

purchase_days as (

    select customer_id, order_date
    from {{ ref('fct_orders_per_member_day') }}
    where completed_orders > 0
    {%- if is_incremental() %}
        -- only the members reworked, so the join does not hash every member's days
        and customer_id in (select customer_id from members)
    {%- endif %}

),

member_orders as (

    select members.*, purchase_days.order_date
    from members
    left join purchase_days
        on members.customer_id = purchase_days.customer_id
        and purchase_days.order_date > members.sent_date
        and purchase_days.order_date <= {{ dbt.dateadd('day', attribution_days, 'members.sent_date') }}

),

final as (

    {{ aggregate_changed('member_orders', keys, {
        'sent_date': 'min(sent_date)',
        'attribution_days': dbt.cast('min(' ~ attribution_days ~ ')', dbt.type_int()),
        'first_order_date': 'min(order_date)',
    }, {
        '_events_changed_at': ref('base_crm__campaign_events'),
        '_orders_changed_at': ref('base_crm__orders'),
    }, 'changed') }}

)

select * from final
