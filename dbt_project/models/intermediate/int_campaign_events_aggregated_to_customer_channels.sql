-- One row per customer and contact channel with a campaign event up to the as-of date:
-- distinct campaigns per event type (not event counts), and the counts the response rates are
-- built from (int_campaign_events_pivoted_to_customers, macro response_rate).
-- A table: it aggregates a large table once for its consumers and tests.
{{ config(materialized='table') }}

with

campaigns as (

    select campaign_id, channel from {{ ref('stg_crm__campaigns') }}

),

customer_campaigns as (

    -- one row per customer and campaign with an event up to the as-of date: which events it saw (1/0)
    select
        customer_id,
        campaign_id,
        {%- for event_type in campaign_event_types() %}
        case when {{ seen_by_as_of(event_type) }} then 1 else 0 end as was_{{ event_type }},
        {%- endfor %}
        case when
            {%- for event_type in campaign_event_types() | reject('equalto', 'holdout') %}
            {{ 'or ' if not loop.first }}{{ seen_by_as_of(event_type) }}
            {%- endfor %}
            then 1 else 0 end as had_contact_event

    from {{ ref('fct_campaign_events_per_member_campaign') }}
    where first_event_date <= {{ as_of_date() }}

),

customer_campaign_channels as (

    select
        customer_campaigns.*,
        case
            when campaigns.channel in ('{{ contact_channels() | join("', '") }}') then campaigns.channel
            else 'unknown'
        end as channel

    from customer_campaigns
    left join campaigns
        on customer_campaigns.campaign_id = campaigns.campaign_id

),

aggregated as (

    select
        customer_id,
        channel,
        {%- for event_type in campaign_event_types() %}
        {{ count_where('was_' ~ event_type ~ ' = 1') }} as campaigns_{{ event_type }},
        {%- endfor %}
        -- contacted: any event other than holdout, and not in the campaign's control group
        {{ count_where('was_holdout = 0 and had_contact_event = 1') }} as campaigns_contacted,
        {{ count_where('was_holdout = 0 and was_opened = 1') }} as contacted_opened,
        {{ count_where('was_holdout = 0 and was_clicked = 1') }} as contacted_clicked,
        {{ count_where('was_holdout = 0 and was_converted = 1') }} as contacted_converted,
        {{ count_where('was_holdout = 1 and was_converted = 1') }} as holdout_converted,
        -- the numerators of the response rates: responses among delivered, and among sent messages
        {%- for event in response_rates().values() %}
        {{ count_where('was_holdout = 0 and was_delivered = 1 and was_' ~ event ~ ' = 1') }} as delivered_{{ event }},
        {{ count_where('was_holdout = 0 and was_sent = 1 and was_' ~ event ~ ' = 1') }} as sent_{{ event }}{{ ',' if not loop.last }}
        {%- endfor %}

    from customer_campaign_channels
    group by 1, 2

),

final as (

    select * from aggregated

)

select * from final
