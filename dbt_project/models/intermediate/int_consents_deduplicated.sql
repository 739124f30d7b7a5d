-- One row per customer and contact channel with a consent record up to the as-of date:
-- the latest record holds; on a tie in time the opt-out wins (the safe reading).
-- A table: it aggregates a large table once for its consumers and tests.
{{ config(materialized='table') }}

with

consents as (

    select * from {{ ref('stg_crm__consents') }}
    where updated_at < {{ as_of_end() }}

),

ranked as (

    select
        *,
        row_number() over (
            partition by customer_id, channel
            order by updated_at desc, case when is_opted_in then 1 else 0 end
        ) as recency_rank
    from consents

),

final as (

    select customer_id, channel, is_opted_in, updated_at
    from ranked
    where recency_rank = 1

)

select * from final
