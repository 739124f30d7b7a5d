-- One row per campaign sent up to the as-of date and member it was sent to or held out of:
-- the member's events of the campaign up to the end of the as-of date, and whether the member
-- bought: a completed order on one of var campaign_attribution_days days after the send day,
-- capped at the as-of date (the same window for both groups, so uplift compares like with like).
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
        max(case when events.event_type = 'holdout' then 1 else 0 end) = 1 as is_control,
        {%- for event in campaign_response_events() %}
        max(case when events.event_type = '{{ event }}' then 1 else 0 end) = 1 as got_{{ event }}{{ ',' if not loop.last }}
        {%- endfor %}

    from {{ ref('stg_crm__campaign_events') }} as events
    inner join campaigns
        on events.campaign_id = campaigns.campaign_id
    where events.event_at < {{ as_of_end() }}
    group by 1, 2
    having max(case when events.event_type in ('sent', 'holdout') then 1 else 0 end) = 1

),

buyers as (

    select distinct members.campaign_id, members.customer_id
    from members
    inner join campaigns
        on members.campaign_id = campaigns.campaign_id
    inner join {{ ref('stg_crm__orders') }} as orders
        on members.customer_id = orders.customer_id
        and orders.order_date > campaigns.sent_date
        and orders.order_date <= least(
            {{ dbt.dateadd('day', attribution_days, 'campaigns.sent_date') }}, {{ as_of_date() }})
    where orders.is_completed

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
