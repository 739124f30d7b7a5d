{# Quarantined raw rows of this run per table and reason, as BI reads them. #}
select
    table_name,
    reason,
    count(*) as {{ adapter.quote('rows') }}
from {{ source('crm', 'quarantine') }}
group by table_name, reason
