-- One row per customer with at least one completed order up to the as-of date: the
-- buy-till-you-die summary the BG/NBD and Gamma-Gamma models fit on (docs/contract.md
-- clv_model_params), in days. A purchase is a calendar day with a completed order.
with

purchases as (

    select * from {{ ref('int_purchase_days_aggregated_to_customers') }}

),

customers as (

    select customer_id from {{ ref('stg_crm__customers') }}

),

final as (

    select
        purchases.customer_id,
        {{ as_of_date() }} as as_of_date,
        purchases.purchase_days - 1 as frequency,
        {{ dbt.datediff('purchases.first_purchase_date', 'purchases.last_purchase_date', 'day') }} as recency,
        {{ dbt.datediff('purchases.first_purchase_date', as_of_date(), 'day') }} as {{ adapter.quote('T') }},
        case
            when purchases.purchase_days > 1 then {{ safe_ratio(
                'purchases.total_value - purchases.first_purchase_value', 'purchases.purchase_days - 1') }}
            else 0
        end as monetary_value,
        purchases.first_purchase_date,
        purchases.last_purchase_date

    from purchases
    -- purchases of customer_ids missing from customers are no customer's
    inner join customers
        on purchases.customer_id = customers.customer_id

)

select * from final
