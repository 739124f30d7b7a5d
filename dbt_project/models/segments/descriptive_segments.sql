-- One row per customer (customer_features): one value per descriptive family, `unknown`
-- where the data is missing, so a BI filter on a family always adds up to all members.
{%- set channels = channel_tie_order() %}
with

features as (select * from {{ ref('customer_features') }}),

-- engagement (open + click rate, 0 for a channel never used) on each reachable channel
-- (consented, not unsubscribed, not bounced); -1 where the channel is not reachable
engagement as (

    select
        *,
        {%- for channel in channels %}
        case
            when has_{{ channel }}_consent and not is_unsubscribed_{{ channel }} and not has_bounced_{{ channel }}
                then coalesce({{ channel }}_open_rate, 0) + coalesce({{ channel }}_click_rate, 0)
            else -1
        end as {{ channel }}_engagement{{ ',' if not loop.last }}
        {%- endfor %}

    from features

),

-- ties go to the first channel of var descriptive_channel_tie_order
best as (

    select
        *,
        greatest({% for channel in channels %}{{ channel }}_engagement{{ ', ' if not loop.last }}{% endfor %})
            as best_engagement

    from engagement

),

final as (

    select
        customer_id,
        {{ age_band('age_years') }} as age_band,
        {{ or_unknown('gender') }} as gender,
        {{ or_unknown('country', lower=false) }} as country,
        {{ or_unknown(dbt.concat(['country', "'-'", 'region']), lower=false) }} as region,
        {{ or_unknown('membership_type') }} as membership_type,
        coalesce(nullif(
            case
                when survey_lifestyle <> '' and survey_price_sensitivity <> ''
                    then {{ dbt.concat(['survey_lifestyle', "'_'", 'survey_price_sensitivity']) }}
                else {{ dbt.concat(["coalesce(survey_lifestyle, '')", "coalesce(survey_price_sensitivity, '')"]) }}
            end, ''), 'unknown') as psychographic,
        {{ or_unknown('survey_interests') }} as interest,
        case
            when coalesce(campaigns_contacted, 0) <= 0 then 'never_reached'
            when coalesce(campaign_click_rate, 0) >= {{ var('descriptive_responsive_click_rate') }}
                or coalesce(campaign_conversion_rate, 0) >= {{ var('descriptive_responsive_conversion_rate') }}
                then 'responsive'
            when coalesce(campaign_open_rate, 0) >= {{ var('descriptive_occasional_open_rate') }}
                or coalesce(campaign_click_rate, 0) > 0
                then 'occasional'
            else 'unresponsive'
        end as campaign_response,
        case
            when best_engagement < 0 then 'no_consent'
            {%- for channel in channels %}
            when {{ channel }}_engagement = best_engagement then '{{ channel }}'
            {%- endfor %}
        end as preferred_channel,
        {{ or_unknown('preferred_purchase_channel') }} as purchase_channel

    from best

)

select * from final
