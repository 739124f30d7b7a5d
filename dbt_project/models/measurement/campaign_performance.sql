-- One row per campaign sent up to the as-of date and segment, plus one `all`/`all` row per
-- campaign (with zeros when nobody was sent or held out): counts, response rates (macro
-- response_rate) and the holdout uplift, the difference of the treated and control order rates
-- with a Wald interval (vars campaign_*):
--   se = sqrt(p_t (1 - p_t) / n_t + p_c (1 - p_c) / n_c),  interval = uplift +- z se.
{%- set attribution_days = campaign_attribution_days() %}
{%- set min_outcomes = count_var('campaign_uplift_min_outcomes') %}
{%- set count_names = ['targeted'] + campaign_response_events() + ['control_members', 'treated_buyers', 'control_buyers'] %}
{%- for event in response_rates().values() %}{% do count_names.append('delivered_' ~ event) %}{% endfor %}
with

campaigns as (

    select campaign_id, campaign_name, channel, campaign_type, sent_date
    from {{ ref('stg_crm__campaigns') }}
    where sent_date <= {{ as_of_date() }}

),

filled as (

    select
        campaigns.*,
        coalesce(counted.segment_family, 'all') as segment_family,
        coalesce(counted.segment, 'all') as segment,
        coalesce(counted.segment_basis, 'at_send') as segment_basis,
        {%- for name in count_names %}
        coalesce(counted.{{ name }}, 0) as {{ name }}{{ ',' if not loop.last }}
        {%- endfor %}

    from campaigns
    left join {{ ref('int_campaign_members_counted_to_segments') }} as counted
        on campaigns.campaign_id = counted.campaign_id

),

rated as (

    select
        filled.*,
        {%- for rate, event in response_rates().items() %}
        {{ response_rate(
            reached_messages('filled.delivered_' ~ event, 'filled.' ~ event, 'tracking.tracks_delivered'),
            reached_messages('filled.delivered', 'filled.targeted', 'tracking.tracks_delivered'),
            'tracking.tracks_' ~ event) }} as {{ rate }},
        {%- endfor %}
        {{ safe_ratio('filled.treated_buyers', 'filled.targeted') }} as treated_order_rate,
        {{ safe_ratio('filled.control_buyers', 'filled.control_members') }} as control_order_rate

    from filled
    left join {{ ref('int_campaign_events_aggregated_to_channels') }} as tracking
        on filled.channel = tracking.channel

),

uplift as (

    select
        *,
        treated_order_rate - control_order_rate as uplift,
        {{ float_var('campaign_uplift_z') }} * sqrt(
            treated_order_rate * (1 - treated_order_rate) / nullif(targeted, 0)
            + control_order_rate * (1 - control_order_rate) / nullif(control_members, 0)
        ) as uplift_margin,
        treated_buyers >= {{ min_outcomes }} and targeted - treated_buyers >= {{ min_outcomes }}
            and control_buyers >= {{ min_outcomes }} and control_members - control_buyers >= {{ min_outcomes }}
            as has_both_outcomes

    from rated

),

final as (

    select
        campaign_id, campaign_name, channel, campaign_type, sent_date,
        segment_family, segment, segment_basis,
        targeted, {{ campaign_response_events() | join(', ') }},
        open_rate, click_rate, conversion_rate,
        control_members,
        cast({{ attribution_days }} as integer) as attribution_days,
        {{ dbt.dateadd('day', attribution_days, 'sent_date') }} <= {{ as_of_date() }} as window_complete,
        treated_buyers, treated_order_rate, control_buyers, control_order_rate,
        uplift,
        uplift - uplift_margin as uplift_ci_low,
        uplift + uplift_margin as uplift_ci_high,
        case
            when uplift is not null
                then (uplift - uplift_margin > 0 or uplift + uplift_margin < 0) and has_both_outcomes
        end as uplift_significant

    from uplift

)

select * from final
