-- One row per customer (stg_crm__contacts) and contact channel: whether the member may be
-- contacted there as of the as-of date, else the first reason why not, in this order:
-- no standing consent, unsubscribed, bounced, no usable contact details. The rule the
-- audience exports apply before their contact cap; no contact details leave with it.
-- A table: every audience export reads it, and so do its tests.
{{ config(materialized='table') }}

{#- What reaches a member on each channel. mail: the CRM contract has no street line, so
    postal code, city and country (region is optional); push: nothing beyond the
    customer_id, the app resolves its own device tokens. #}
{%- set reachable = {
    'email': "contacts.email like '%_@_%'",
    'sms': contains_digit('contacts.phone'),
    'mail': 'contacts.postal_code is not null and contacts.city is not null and contacts.country is not null',
    'push': 'true',
} %}

with

contacts as (

    select * from {{ ref('stg_crm__contacts') }}

),

channels as (

    {%- for channel in contact_channels() %}
    {{ 'union all ' if not loop.first }}select '{{ channel }}' as channel
    {%- endfor %}

),

consents as (

    select * from {{ ref('int_consents_deduplicated') }}

),

responses as (

    select * from {{ ref('int_campaign_events_aggregated_to_customer_channels') }}

),

checked as (

    select
        contacts.customer_id,
        channels.channel,
        coalesce(consents.is_opted_in, false) as has_consent,
        coalesce(responses.campaigns_unsubscribed, 0) > 0 as is_unsubscribed,
        coalesce(responses.campaigns_bounced, 0) > 0 as has_bounced,
        case
            {%- for channel in contact_channels() %}
            when channels.channel = '{{ channel }}' then coalesce({{ reachable[channel] }}, false)
            {%- endfor %}
        end as is_reachable

    from contacts
    cross join channels
    left join consents
        on consents.customer_id = contacts.customer_id and consents.channel = channels.channel
    left join responses
        on responses.customer_id = contacts.customer_id and responses.channel = channels.channel

),

final as (

    select
        customer_id,
        channel,
        is_reachable,
        case
            when not has_consent then 'no_consent'
            when is_unsubscribed then 'unsubscribed'
            when has_bounced then 'bounced'
            when not is_reachable then 'unreachable'
        end as exclusion

    from checked

)

select * from final
