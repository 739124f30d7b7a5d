-- One row per contact channel with a campaign event up to the as-of date (and `unknown`): which
-- event types the channel reports at all, the basis of every response rate (macro response_rate).
with

customer_channels as (

    select * from {{ ref('int_campaign_events_aggregated_to_customer_channels') }}

),

final as (

    select
        channel,
        max(case when campaigns_delivered > 0 then 1 else 0 end) = 1 as tracks_delivered,
        {%- for event in response_rates().values() %}
        max(case when campaigns_{{ event }} > 0 then 1 else 0 end) = 1 as tracks_{{ event }}{{ ',' if not loop.last }}
        {%- endfor %}

    from customer_channels
    group by 1

)

select * from final
