-- One row per customer with a consent record up to the as-of date: the standing
-- consent per contact channel as columns (false when opted out or not recorded).
with

consents as (

    select * from {{ ref('int_consents_deduplicated') }}

),

final as (

    select
        customer_id,
        {%- for channel in contact_channels() %}
        max(case when channel = '{{ channel }}' and is_opted_in then 1 else 0 end) = 1
            as has_{{ channel }}_consent,
        {%- endfor %}
        {{ count_where("channel in ('" ~ contact_channels() | join("', '") ~ "') and is_opted_in") }}
            as consented_channel_count

    from consents
    group by 1

)

select * from final
