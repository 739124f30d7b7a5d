-- One row per campaign sent up to the as-of date and member it was sent to or held out of:
-- the member's events of the campaign up to the end of the as-of date, and whether the member
-- bought: a completed order on one of var campaign_attribution_days days after the send day,
-- capped at the as-of date (the same window for both groups, so uplift compares like with like).
-- A table, not a view: campaign measurement and this model's tests would otherwise each join
-- every campaign member with the orders again (tens of seconds apiece at a million members).
{{ config(materialized='table') }}
{%- set attribution_days = campaign_attribution_days() %}
with

campaigns as (

    select campaign_id, sent_date
    from {{ ref('stg_crm__campaigns') }}
    where sent_date <= {{ as_of_date() }}

),

members as (

    select
        events.campaign_id,
        events.customer_id,
        {{ seen_by_as_of('holdout') }} as is_control,
        {%- for event in campaign_response_events() %}
        {{ seen_by_as_of(event) }} as got_{{ event }}{{ ',' if not loop.last }}
        {%- endfor %}

    from {{ ref('fct_campaign_events_per_member_campaign') }} as events
    inner join campaigns
        on events.campaign_id = campaigns.campaign_id
    where {{ seen_by_as_of('sent') }} or {{ seen_by_as_of('holdout') }}

),

buyers as (

    select distinct members.campaign_id, members.customer_id
    from members
    inner join campaigns
        on members.campaign_id = campaigns.campaign_id
    inner join {{ ref('fct_orders_per_member_day') }} as orders
        on members.customer_id = orders.customer_id
        and orders.order_date > campaigns.sent_date
        and orders.order_date <= least(
            {{ dbt.dateadd('day', attribution_days, 'campaigns.sent_date') }}, {{ as_of_date() }})
    where orders.completed_orders > 0

),

final as (

    select
        members.*,
        buyers.customer_id is not null as has_bought
    from members
    left join buyers
        on members.campaign_id = buyers.campaign_id
        and members.customer_id = buyers.customer_id

)

select * from final
