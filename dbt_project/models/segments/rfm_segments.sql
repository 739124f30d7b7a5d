-- One row per customer (customer_features): recency, frequency and monetary scores 1-5
-- (5 best, tie-aware quintiles over buyers) and the named RFM segment of var
-- rfm_segment_rules; members without a completed order are `prospect` with null scores.
with

features as (

    select customer_id, recency_days, frequency, monetary
    from {{ ref('customer_features') }}

),

buyers as (

    select
        customer_id,
        {{ quantile_score('recency_days', higher_is_better=false) }} as r_score,
        {{ quantile_score('frequency') }} as f_score,
        {{ quantile_score('monetary') }} as m_score
    from features
    where frequency > 0

)

select
    features.customer_id,
    buyers.r_score,
    buyers.f_score,
    buyers.m_score,
    case
        when buyers.customer_id is null then 'prospect'
        else {{ rfm_segment_case('buyers.r_score', 'buyers.f_score', 'buyers.m_score') }}
    end as rfm_segment
from features
left join buyers on features.customer_id = buyers.customer_id
