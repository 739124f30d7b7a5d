{#
    Tie-aware ranking: how much of a population a member's value beats.

    Real loyalty data is heavily tied (most members bought once). Ranking by "the
    number of members with a strictly worse value" gives equal values equal ranks, is
    deterministic and monotone in the value: rank() - 1 over the value ordered from
    worst to best. Null values are not ranked; rank only the population.
#}
{% macro beaten_count(value, higher_is_better=true, partition_by=none) -%}
    (rank() over (
        {%- if partition_by is not none %}partition by {{ partition_by }} {% endif -%}
        order by {{ value }} {{ 'asc' if higher_is_better else 'desc' }}) - 1)
{%- endmacro %}

{# Share (0 <= s < 1) of the population with a strictly worse value, as a float. #}
{% macro beaten_share(value, higher_is_better=true, partition_by=none) -%}
    (cast({{ beaten_count(value, higher_is_better, partition_by) }} as {{ type_double() }})
        / count(*) over ({%- if partition_by is not none %}partition by {{ partition_by }}{% endif -%}))
{%- endmacro %}

{#
    Score 1..bins: 1 + the number of whole 1/bins slices of the population a value
    beats, capped at bins. The worst value always scores 1; a tie group spanning
    more than one slice shares one score. floor(beaten x bins / n) on integers: the
    float quotient of two integers below 2^53 is never rounded across an integer, so
    the floor is exact (unlike floor((beaten / n) x bins), which rounds twice).
#}
{% macro quantile_score(value, higher_is_better=true, bins=5) -%}
    cast(least(
        floor(cast({{ beaten_count(value, higher_is_better) }} * {{ bins }} as {{ type_double() }})
            / count(*) over ()) + 1,
        {{ bins }}
    ) as {{ dbt.type_bigint() }})
{%- endmacro %}

{#
    `value` (>= 0) rounded to `digits` decimals half to even on value x 10^digits, as
    numpy's np.round: a tie at exactly .5 goes to the even neighbour. SQL's round()
    goes away from zero (DuckDB) or rounds the exact decimal (Spark); both agree
    with this off the tie.
#}
{% macro round_half_even(value, digits) -%}
    {%- set scaled = '((' ~ value ~ ') * ' ~ (10 ** digits) ~ ')' -%}
    (case
        when {{ scaled }} - floor({{ scaled }}) = 0.5 then 2 * round({{ scaled }} / 2)
        else round({{ scaled }})
    end / {{ 10 ** digits }})
{%- endmacro %}

{# A value clipped to [0, 1]; null stays null (least/greatest would skip it). #}
{% macro clip_unit(value) -%}
    (case
        when {{ value }} is null then null
        when {{ value }} < 0 then 0
        when {{ value }} > 1 then 1
        else {{ value }}
    end)
{%- endmacro %}
