-- customer_features has exactly the customers of stg_crm__customers (one row each is
-- tested by unique + relationships; this catches customers left out).
select customers.customer_id
from {{ ref('stg_crm__customers') }} as customers
left join {{ ref('customer_features') }} as features
    on customers.customer_id = features.customer_id
where features.customer_id is null
