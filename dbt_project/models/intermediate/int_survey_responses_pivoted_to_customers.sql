-- One row per customer with a survey answer up to the as-of date: the latest answer to
-- each question in var `survey_questions` as a `survey_<question>` column.
{%- set questions = survey_questions() %}
with

answers as (

    select * from {{ ref('stg_crm__survey_responses') }}
    where answer is not null
        -- undated answers count, ranked as the oldest
        and (answered_at is null or answered_at < {{ as_of_end() }})
        {%- if questions %}
        and question in ('{{ questions | join("', '") }}')
        {%- else %}
        and 1 = 0
        {%- endif %}

),

ranked as (

    select
        *,
        row_number() over (
            partition by customer_id, question
            order by case when answered_at is null then 1 else 0 end, answered_at desc, answer
        ) as recency_rank
    from answers

),

final as (

    select
        customer_id
        {%- for question in questions %},
        max(case when question = '{{ question }}' then answer end) as {{ survey_column(question) }}
        {%- endfor %}

    from ranked
    where recency_rank = 1
    group by 1

)

select * from final
