-- One row per customer (stg_crm__customers) per as-of date: the features the segments,
-- scores and BI read. No personal data. Counts and sums are 0 for members without
-- activity; rates and dates without a basis are null.
{#- order stats in output order; all but order_nullable are 0 for members without orders #}
{%- set order_columns = [
    'frequency', 'monetary', 'avg_order_value',
    'orders_last_90d', 'revenue_last_90d', 'orders_last_180d', 'revenue_last_180d',
    'orders_last_365d', 'revenue_last_365d',
    'orders_prior_365d', 'revenue_prior_365d', 'spend_trend_ratio', 'avg_days_between_orders',
    'returned_orders', 'cancelled_orders', 'return_rate',
    'store_orders', 'online_orders', 'app_orders', 'phone_orders', 'other_orders',
    'preferred_purchase_channel', 'discounted_orders', 'total_discount', 'discounted_order_share',
    'discount_share', 'distinct_categories_purchased'] %}
{%- set order_nullable = [
    'avg_order_value', 'spend_trend_ratio', 'avg_days_between_orders', 'return_rate',
    'preferred_purchase_channel', 'discounted_order_share', 'discount_share'] %}
{%- set points_sums = [
    'points_earned', 'points_redeemed', 'points_expired', 'points_adjusted', 'points_balance'] %}
{%- set campaign_totals = [
    'campaigns_sent', 'campaigns_contacted', 'campaigns_opened', 'campaigns_clicked',
    'campaigns_converted', 'campaigns_unsubscribed', 'campaigns_bounced', 'campaigns_holdout'] %}
{#- a signup after the as-of date has not happened yet; without one, the first order counts #}
{%- set signup_date -%}
    coalesce(
            case when customers.signup_date <= customers.as_of_date then customers.signup_date end,
            order_stats.first_order_date
        )
{%- endset %}
with

customers as (

    select *, {{ as_of_date() }} as as_of_date
    from {{ ref('stg_crm__customers') }}

),

order_stats as (select * from {{ ref('int_orders_aggregated_to_customers') }}),
points as (select * from {{ ref('int_loyalty_ledger_aggregated_to_customers') }}),
campaigns as (select * from {{ ref('int_campaign_events_pivoted_to_customers') }}),
consents as (select * from {{ ref('int_consents_pivoted_to_customers') }}),
surveys as (select * from {{ ref('int_survey_responses_pivoted_to_customers') }}),
referrals as (select * from {{ ref('int_referrals_aggregated_to_customers') }}),

joined as (

    select
        customers.customer_id,
        customers.as_of_date,
        {{ signup_date }} as signup_date,
        {{ dbt.datediff(signup_date, 'customers.as_of_date', 'day') }} as tenure_days,
        coalesce(order_stats.frequency, 0) > 0 as has_purchased,
        order_stats.first_order_date,
        order_stats.last_order_date,
        order_stats.recency_days,
        {%- for column in order_columns %}
        {%- if column in order_nullable %}
        order_stats.{{ column }},
        {%- else %}
        coalesce(order_stats.{{ column }}, 0) as {{ column }},
        {%- endif %}
        {%- endfor %}
        {%- for column in points_sums %}
        coalesce(points.{{ column }}, 0) as {{ column }},
        {%- endfor %}
        points.points_redemption_rate,
        points.last_redemption_date,
        {%- for channel in contact_channels() %}
        coalesce(campaigns.{{ channel }}_campaigns_contacted, 0) as {{ channel }}_campaigns_contacted,
        campaigns.{{ channel }}_open_rate,
        campaigns.{{ channel }}_click_rate,
        campaigns.{{ channel }}_conversion_rate,
        coalesce(campaigns.is_unsubscribed_{{ channel }}, false) as is_unsubscribed_{{ channel }},
        coalesce(campaigns.has_bounced_{{ channel }}, false) as has_bounced_{{ channel }},
        {%- endfor %}
        {%- for column in campaign_totals %}
        coalesce(campaigns.{{ column }}, 0) as {{ column }},
        {%- endfor %}
        campaigns.campaign_open_rate,
        campaigns.campaign_click_rate,
        campaigns.campaign_conversion_rate,
        {%- for channel in contact_channels() %}
        coalesce(consents.has_{{ channel }}_consent, false) as has_{{ channel }}_consent,
        {%- endfor %}
        coalesce(consents.consented_channel_count, 0) as consented_channel_count,
        customers.birth_date,
        {{ age_in_years('customers.birth_date', 'customers.as_of_date') }} as age_years,
        customers.gender,
        customers.country,
        customers.region,
        customers.city,
        customers.membership_type,
        {%- for question in survey_questions() %}
        surveys.{{ survey_column(question) }},
        {%- endfor %}
        coalesce(referrals.referrals_made, 0) as referrals_made,
        coalesce(referrals.is_referred, false) as is_referred,
        customers.has_email,
        customers.has_phone

    from customers
    left join order_stats on customers.customer_id = order_stats.customer_id
    left join points on customers.customer_id = points.customer_id
    left join campaigns on customers.customer_id = campaigns.customer_id
    left join consents on customers.customer_id = consents.customer_id
    left join surveys on customers.customer_id = surveys.customer_id
    left join referrals on customers.customer_id = referrals.customer_id

)

select * from joined
