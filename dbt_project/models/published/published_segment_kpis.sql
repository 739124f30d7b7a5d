{# segment_kpis as BI reads it: one row per as-of date, family and segment, kept across runs. #}
select
    as_of_date,
    segment_family,
    segment,
    members,
    buyers_12m,
    orders_12m,
    revenue_12m,
    avg_order_value_12m,
    repeat_purchase_rate,
    retention_90d,
    points_redemption_rate,
    {%- for channel in contact_channels() %}
    {{ channel }}_open_rate,
    {{ channel }}_click_rate,
    {{ channel }}_conversion_rate{{ ',' if not loop.last }}
    {%- endfor %}
from {{ ref('segment_kpis') }}
