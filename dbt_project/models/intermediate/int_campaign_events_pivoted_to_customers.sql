-- One row per customer with a campaign event up to the as-of date: response per
-- contact channel as columns, plus totals over all channels. Every rate is macro response_rate:
-- over the messages that reached the customer (delivered where the channel reports deliveries,
-- else sent), null where the channel never reports the event or nothing reached the customer.
with

customer_channels as (

    select
        responses.*,
        {{ reached_messages('responses.campaigns_delivered', 'responses.campaigns_sent',
            'tracking.tracks_delivered') }} as campaigns_reached,
        {%- for event in response_rates().values() %}
        {{ reached_messages('responses.delivered_' ~ event, 'responses.sent_' ~ event,
            'tracking.tracks_delivered') }} as reached_{{ event }},
        tracking.tracks_{{ event }}{{ ',' if not loop.last }}
        {%- endfor %}
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
        {{ sum_bigint("case when channel = '" ~ channel ~ "' then reached_" ~ event ~ " end") }}
            as {{ channel }}_reached_{{ event }},
        {%- endfor %}
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
        {{ sum_bigint('contacted_converted') }} as contacted_converted,
        -- over all channels: the messages that reached the customer on the channels reporting
        -- the event (null when none does); the others have no such events to count
        {%- for event in response_rates().values() %}
        {{ sum_bigint('reached_' ~ event) }} as reached_{{ event }},
        sum(case when tracks_{{ event }} then campaigns_reached end) as campaigns_reached_tracking_{{ event }}{{ ',' if not loop.last }}
        {%- endfor %}

    from customer_channels
    group by 1

),

final as (

    select
        pivoted.*,
        {%- for channel in contact_channels() %}
        {%- for rate, event in response_rates().items() %}
        {{ response_rate('pivoted.' ~ channel ~ '_reached_' ~ event, 'pivoted.' ~ channel ~ '_campaigns_reached',
            channel ~ '_tracking.tracks_' ~ event) }} as {{ channel }}_{{ rate }},
        {%- endfor %}
        {%- endfor %}
        {%- for rate, event in response_rates().items() %}
        {{ response_rate('pivoted.reached_' ~ event, 'pivoted.campaigns_reached_tracking_' ~ event,
            'pivoted.campaigns_reached_tracking_' ~ event ~ ' is not null') }} as campaign_{{ rate }}{{ ',' if not loop.last }}
        {%- endfor %}

    from pivoted
    {%- for channel in contact_channels() %}
    left join {{ ref('int_campaign_events_aggregated_to_channels') }} as {{ channel }}_tracking
        on {{ channel }}_tracking.channel = '{{ channel }}'
    {%- endfor %}

)

select * from final
