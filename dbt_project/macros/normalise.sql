{#
    Normalisation of landed free text to the contract's values. Each macro takes
    a column expression and returns a SQL expression; null/blank stays null.
#}

{#
    `expression in (values)`, written as OR-ed lists of at most 4 values: DuckDB
    plans an IN list of 5 or more constants as a join, which it then evaluates on
    every row read from a view even when the column is not selected.
#}
{% macro in_list(expression, values) -%}
    (
    {%- for chunk in values | batch(4) -%}
        {{ ' or ' if not loop.first }}{{ expression }} in ('{{ chunk | join("', '") }}')
    {%- endfor -%}
    )
{%- endmacro %}

{% macro clean_text(column) -%}
    nullif(trim({{ column }}), '')
{%- endmacro %}

{# A code such as an ISO country: trimmed, upper case, blank as null. #}
{% macro clean_code(column) -%}
    nullif(upper(trim({{ column }})), '')
{%- endmacro %}

{% macro clean_enum(column) -%}
    nullif(lower(trim({{ column }})), '')
{%- endmacro %}

{# Free-text gender -> female / male / other / null (unknown or undisclosed). #}
{% macro normalise_gender(column) -%}
    {%- set value = 'lower(trim(' ~ column ~ '))' -%}
    case
        when {{ clean_enum(column) }} is null then null
        when {{ in_list(value, ['f', 'female', 'woman', 'w', 'girl', 'fem']) }} then 'female'
        when {{ in_list(value, ['m', 'male', 'man', 'boy']) }} then 'male'
        when {{ in_list(value, [
            'u', 'unknown', 'n/a', 'na', 'none', 'null', '-', '?', 'undisclosed',
            'prefer not to say', 'prefer_not_to_say', 'not specified', 'unspecified']) }} then null
        else 'other'
    end
{%- endmacro %}

{# Order channel -> store / online / app / phone / other (null stays null). #}
{% macro normalise_order_channel(column) -%}
    {%- set value = 'lower(trim(' ~ column ~ '))' -%}
    case
        when {{ clean_enum(column) }} is null then null
        when {{ in_list(value, ['store', 'in-store', 'instore', 'in store', 'shop', 'pos', 'retail']) }}
            then 'store'
        when {{ in_list(value, ['online', 'web', 'website', 'webshop', 'ecommerce', 'e-commerce']) }}
            then 'online'
        when {{ in_list(value, ['app', 'mobile', 'mobile app', 'mobile_app']) }} then 'app'
        when {{ in_list(value, ['phone', 'telephone', 'call center', 'call centre', 'call_center']) }}
            then 'phone'
        else 'other'
    end
{%- endmacro %}

{# Order status -> completed (also when null) / returned / cancelled; other values lowercased. #}
{% macro normalise_order_status(column) -%}
    {%- set value = 'lower(trim(' ~ column ~ '))' -%}
    case
        when {{ clean_enum(column) }} is null then 'completed'
        when {{ in_list(value, ['completed', 'complete']) }} then 'completed'
        when {{ in_list(value, ['returned', 'return']) }} then 'returned'
        when {{ in_list(value, ['cancelled', 'canceled']) }} then 'cancelled'
        else {{ value }}
    end
{%- endmacro %}

{# Contact channel (campaigns, consents) -> email / sms / push / mail; other values lowercased. #}
{% macro normalise_contact_channel(column) -%}
    {%- set value = 'lower(trim(' ~ column ~ '))' -%}
    case
        when {{ in_list(value, ['email', 'e-mail', 'e_mail']) }} then 'email'
        when {{ in_list(value, ['sms', 'text']) }} then 'sms'
        when {{ in_list(value, ['push', 'push notification']) }} then 'push'
        when {{ in_list(value, ['mail', 'post', 'direct mail', 'letter']) }} then 'mail'
        else {{ clean_enum(column) }}
    end
{%- endmacro %}

{#
    A required text value is there: not null and not blank. Written so that the
    trim runs only for values starting with a space (trim on every key of a
    20M-row table costs more than the rest of the filter).
#}
{% macro is_present(column) -%}
    ({{ column }} is not null and {{ column }} <> '' and ({{ column }} not like ' %' or trim({{ column }}) <> ''))
{%- endmacro %}
