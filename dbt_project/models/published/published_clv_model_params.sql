{# clv_model_params as BI reads it: one row per fitted model parameter. #}
select
    model,
    parameter,
    value,
    time_unit,
    customers_fitted
from {{ source('fits', 'clv_model_params') }}
