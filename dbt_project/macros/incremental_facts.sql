{#
    Incremental staging and facts of the large event tables (orders, order lines, the points
    ledger, campaign events), so a daily run reworks what the day changed, not every year.

    A base model (models/staging/crm/base/) keeps every raw row the warehouse has staged, typed
    and normalised once: live rows, and tombstones (`_is_removed`) of rows that left since (their
    file changed or went, they became an exact copy, or the quarantine now holds them). Each row
    carries `_changed_at`, the start of the dbt invocation that last changed its state. A fact
    model (models/facts/) re-aggregates only the keys of base rows changed after the newest stamp
    it has consumed (its watermark column), so a late or corrected file rewrites only the days it
    touches. Reworking a key twice gives the same rows: a run killed between the base and the
    fact is caught up by the next one.

    On adapters that cannot delete or merge rows of a table (plain Spark with Parquet files) the
    base and fact models are tables rebuilt in full (dbt_project.yml); `is_incremental()` is then
    false and the same SQL computes everything.
#}

{# When this dbt invocation started, as a timestamp: the `_changed_at` of the rows it changes. #}
{% macro invocation_started_at() -%}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#
    The rows a base model writes: the rows of raw table `table_name` that staging keeps
    (predicate `kept`), with `_row_id` and `columns` ({name: expression over the raw columns}).
    A full build writes them all. An incremental one looks only at the rows the loader and the
    quarantine noted in raw.row_changes (each may have entered or left staging since this model
    last ran): it writes those that are kept and not live here, and tombstones of those live here
    and no longer kept; delete+insert (or merge) on `_row_id` puts them in place of what the
    table held, and the post-hook consume_row_changes deletes the notes. Each side reads the raw
    table once (a CTE read twice would be materialised whole).
#}
{% macro tracked_rows(table_name, kept, columns) -%}
    {%- set raw = source('crm', table_name) -%}
    {%- set noted -%}
        _row_id in (select row_id from {{ source('crm', 'row_changes') }} where table_name = '{{ table_name }}')
    {%- endset %}
    select
        _row_id,
        {%- for name, expression in columns.items() %}
        {{ expression }} as {{ name }},
        {%- endfor %}
        false as _is_removed,
        {{ invocation_started_at() }} as _changed_at
    from {{ raw }}
    where {{ kept }}
    {%- if is_incremental() %}
        and {{ noted }}
        and _row_id not in (select _row_id from {{ this }} where not _is_removed and {{ noted }})

    union all

    select
        _row_id,
        {%- for name in columns %}
        {{ name }},
        {%- endfor %}
        true as _is_removed,
        {{ invocation_started_at() }} as _changed_at
    from {{ this }}
    where not _is_removed
        and {{ noted }}
        and _row_id not in (select _row_id from {{ raw }} where {{ noted }} and {{ kept }})
    {%- endif %}
{%- endmacro %}

{#
    Post-hook of a base model: the notes of raw table `table_name` in raw.row_changes are read.
    Only where the model is incremental: a table rebuilt in full (plain Spark) reads none, and
    a run killed before the hook leaves the notes to be read again, which changes nothing.
#}
{% macro consume_row_changes(table_name) -%}
    {%- if config.get('materialized') == 'incremental' -%}
    delete from {{ source('crm', 'row_changes') }} where table_name = '{{ table_name }}'
    {%- endif -%}
{%- endmacro %}

{# Join condition: relations `left` and `right` agree on every column of `keys`. #}
{% macro keys_match(left, right, keys) -%}
    {%- for key in keys %}{{ ' and ' if not loop.first }}{{ left }}.{{ key }} = {{ right }}.{{ key }}{% endfor -%}
{%- endmacro %}

{#
    The newest base stamp this fact has consumed, from its watermark column; before any, a time
    older than every stamp (also when every row of the fact went: it then reworks what is left).
#}
{% macro consumed_until(watermark) -%}
    (select coalesce(max({{ watermark }}), cast('1900-01-01 00:00:00' as {{ dbt.type_timestamp() }})) from {{ this }})
{%- endmacro %}

{# The distinct `keys` of the rows of `base` (a base model) changed after this fact's `watermark`. #}
{% macro changed_keys(base, keys, watermark) -%}
    select distinct {{ keys | join(', ') }}
    from {{ base }}
    where _changed_at > {{ consumed_until(watermark) }}
{%- endmacro %}

{#
    `measures` ({column: aggregate expression}) of `rows` per `keys`, and each base's newest
    stamp in the watermark columns (`watermarks`: {column: base model}). In an incremental run
    `rows` holds only the rows of the changed keys (`changed`, a CTE of distinct keys) and each
    changed key is written, with null measures when none of its rows is left: the post-hook
    delete_vanished_keys then deletes those.
#}
{% macro aggregate_changed(rows, keys, measures, watermarks, changed) -%}
    select
        {%- for key in keys %}
        {{ 'changed.' if is_incremental() else 'aggregated.' }}{{ key }},
        {%- endfor %}
        {%- for name in measures %}
        aggregated.{{ name }},
        {%- endfor %}
        {%- for column, base in watermarks.items() %}
        (select max(_changed_at) from {{ base }}) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    {%- if is_incremental() %}
    from {{ changed }} as changed
    left join (
    {%- else %}
    from (
    {%- endif %}
        select
            {{ keys | join(', ') }},
            {%- for name, expression in measures.items() %}
            {{ expression }} as {{ name }}{{ ',' if not loop.last }}
            {%- endfor %}
        from {{ rows }}
        group by {{ keys | join(', ') }}
    ) as aggregated
    {%- if is_incremental() %}
        on {{ keys_match('changed', 'aggregated', keys) }}
    {%- endif %}
{%- endmacro %}

{#
    A whole fact model over one base model: `measures` of the live rows `rows` (a staging view of
    `base`) per `keys`, and, in an incremental run, only for the keys of base rows changed after
    the fact's `watermark` column, which holds the newest base stamp consumed.
#}
{% macro fact_of_changed_keys(base, rows, keys, measures, watermark) -%}
with

{% if is_incremental() -%}
changed as (

    {{ changed_keys(base, keys, watermark) }}

),
{%- endif %}

changed_rows as (

    select source_rows.*
    from {{ rows }} as source_rows
    {%- if is_incremental() %}
    inner join changed
        on {{ keys_match('source_rows', 'changed', keys) }}
    {%- endif %}

),

final as (

    {{ aggregate_changed('changed_rows', keys, measures, {watermark: base}, 'changed') }}

)

select * from final
{%- endmacro %}

{# Post-hook of a fact: deletes the changed keys that have no rows left (null `measure`). #}
{% macro delete_vanished_keys(measure) -%}
    {%- if is_incremental() -%}
    delete from {{ this }} where {{ measure }} is null
    {%- endif -%}
{%- endmacro %}
