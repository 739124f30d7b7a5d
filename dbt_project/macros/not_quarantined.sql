{#
    Keeps a raw row out of staging when the quarantine (raw.quarantine, built by the
    Dagster `crm/quarantine` asset) holds it: `table_name` is the raw table's name.
#}
{% macro not_quarantined(table_name) -%}
    _row_id not in (
        select row_id from {{ source('crm', 'quarantine') }} where table_name = '{{ table_name }}'
    )
{%- endmacro %}
