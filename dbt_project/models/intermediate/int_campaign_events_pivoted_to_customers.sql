-- One row per customer with a campaign event up to the as-of date: response per
-- contact channel as columns, plus totals over all channels.
with

customer_channels as (

    select
        responses.*,
        {{ reached_messages('responses.campaigns_delivered', 'responses.campaigns_sent',
            'tracking.tracks_delivered') }} as campaigns_reached
    from {{ ref('int_campaign_events_aggregated_to_customer_channels') }} as responses
    left join {{ ref('int_campaign_events_aggregated_to_channels') }} as tracking
        on responses.channel = tracking.channel

),

pivoted as (

    select
        customer_id,
        {%- for channel in contact_channels() %}
        {{ sum_bigint("case when channel = '" ~ channel ~ "' then campaigns_contacted end") }}
            as {{ channel }}_campaigns_contacted,
        {{ sum_bigint("case when channel = '" ~ channel ~ "' then campaigns_reached end") }}
            as {{ channel }}_campaigns_reached,
        {%- for event in response_rates().values() %}
        {{ sum_bigint("case when channel = '" ~ channel ~ "' then contacted_" ~ event ~ " end") }}
            as {{ channel }}_contacted_{{ event }},
        {%- endfor %}
        max(case when channel = '{{ channel }}' then open_rate end) as {{ channel }}_open_rate,
        max(case when channel = '{{ channel }}' then click_rate end) as {{ channel }}_click_rate,
        max(case when channel = '{{ channel }}' then conversion_rate end) as {{ channel }}_conversion_rate,
        max(case when channel = '{{ channel }}' and campaigns_unsubscribed > 0 then 1 else 0 end) = 1
            as is_unsubscribed_{{ channel }},
        max(case when channel = '{{ channel }}' and campaigns_bounced > 0 then 1 else 0 end) = 1
            as has_bounced_{{ channel }},
        {%- endfor %}
        {%- for event_type in campaign_event_types() %}
        {{ sum_bigint('campaigns_' ~ event_type) }} as campaigns_{{ event_type }},
        {%- endfor %}
        {{ sum_bigint('campaigns_contacted') }} as campaigns_contacted,
        {{ sum_bigint('contacted_opened') }} as contacted_opened,
        {{ sum_bigint('contacted_clicked') }} as contacted_clicked,
        {{ sum_bigint('contacted_converted') }} as contacted_converted

    from customer_channels
    group by 1

),

final as (

    select
        *,
        {{ safe_ratio('contacted_opened', 'campaigns_contacted') }} as campaign_open_rate,
        {{ safe_ratio('contacted_clicked', 'campaigns_contacted') }} as campaign_click_rate,
        {{ safe_ratio('contacted_converted', 'campaigns_contacted') }} as campaign_conversion_rate
    from pivoted

)

select * from final
