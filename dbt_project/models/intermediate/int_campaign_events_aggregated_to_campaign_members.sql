-- One row per campaign sent up to the as-of date and member it was sent to or held out of:
-- the member's events of the campaign up to the end of the as-of date, and whether the member
-- bought: a completed order on one of var campaign_attribution_days days after the send day,
-- capped at the as-of date (the same window for both groups, so uplift compares like with like),
-- read from the first such order day of fct_campaign_member_first_orders.
-- A table, not a view: campaign measurement and this model's tests would otherwise each join
-- every campaign member with the orders again (tens of seconds apiece at a million members).
{{ config(materialized='table') }}
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

final as (

    select
        members.*,
        coalesce(first_orders.first_order_date <= {{ as_of_date() }}, false) as has_bought
    from members
    left join {{ ref('fct_campaign_member_first_orders') }} as first_orders
        on members.campaign_id = first_orders.campaign_id
        and members.customer_id = first_orders.customer_id

)

select * from final
