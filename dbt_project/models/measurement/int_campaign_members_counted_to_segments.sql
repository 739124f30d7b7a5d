-- One row per campaign sent up to the as-of date with a member, and segment (plus `all`/`all`):
-- targeted and held-out members, their events (also among delivered messages: the numerators of
-- the response rates where the channel reports deliveries) and buyers. Segments are those at send (the
-- segment history as of the day before the send: what a marketer could target on, untouched by
-- the campaign's own effect) where the history covers every member of the campaign in the
-- family, else the current membership; `segment_basis` says which. A table, not a view, so
-- campaign_performance and this model's tests count the members of every campaign once.
-- Members of a campaign and segment with the same flags are counted together first: grouping by
-- a few booleans costs a third of a dozen conditional sums over every member-segment pair.
{{ config(schema='intermediate', materialized='table') }}
{%- set flags = ['is_control'] %}
{%- for event in campaign_response_events() %}{% do flags.append('got_' ~ event) %}{% endfor %}
{%- do flags.append('has_bought') %}
{%- set counts = {'targeted': 'not is_control'} %}
{%- for event in campaign_response_events() %}
    {%- do counts.update({event: 'not is_control and got_' ~ event}) %}
{%- endfor %}
{%- for event in response_rates().values() %}
    {%- do counts.update({'delivered_' ~ event: 'not is_control and got_delivered and got_' ~ event}) %}
{%- endfor %}
{%- do counts.update({
    'control_members': 'is_control',
    'treated_buyers': 'not is_control and has_bought',
    'control_buyers': 'is_control and has_bought',
}) %}
{%- set count_columns -%}
    {%- for name, condition in counts.items() %}
        {{ sum_bigint('case when ' ~ condition ~ ' then member_count else 0 end') }} as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endset %}
{%- set flag_columns -%}
    {%- for flag in flags %}members.{{ flag }}, {% endfor -%}
{%- endset %}
with

members as (

    select members.*, campaigns.sent_date
    from {{ ref('int_campaign_events_aggregated_to_campaign_members') }} as members
    inner join {{ ref('stg_crm__campaigns') }} as campaigns
        on members.campaign_id = campaigns.campaign_id

),

at_send_groups as (

    select members.campaign_id, history.segment_family, history.segment, {{ flag_columns }}count(*) as member_count
    from members
    inner join {{ source('history', 'segment_history') }} as history
        on members.customer_id = history.customer_id
        and history.valid_from <= {{ dbt.dateadd('day', -1, 'members.sent_date') }}
        and (history.valid_to is null or history.valid_to > {{ dbt.dateadd('day', -1, 'members.sent_date') }})
    -- campaigns sent before the history began have no segments at send: leaving them out first
    -- spares joining their members with every interval of theirs only to drop each pair
    where members.sent_date > (select min(valid_from) from {{ source('history', 'segment_history') }})
    group by {{ range(1, 4 + flags | length) | join(', ') }}

),

current_groups as (

    select members.campaign_id, membership.segment_family, membership.segment, {{ flag_columns }}count(*) as member_count
    from members
    inner join {{ ref('segment_membership') }} as membership
        on members.customer_id = membership.customer_id
    group by {{ range(1, 4 + flags | length) | join(', ') }}

),

overall_groups as (

    select members.campaign_id, {{ flag_columns }}count(*) as member_count
    from members
    group by {{ range(1, 2 + flags | length) | join(', ') }}

),

at_send as (

    select campaign_id, segment_family, segment, {{ count_columns }}
    from at_send_groups
    group by 1, 2, 3

),

current_segments as (

    select campaign_id, segment_family, segment, {{ count_columns }}
    from current_groups
    group by 1, 2, 3

),

overall as (

    select campaign_id, 'all' as segment_family, 'all' as segment, {{ count_columns }}
    from overall_groups
    group by 1

),

-- history holds at most one value per member and family on a date, so a family covers a
-- campaign when its segments at send add up to every member of the campaign
covered as (

    select at_send.campaign_id, at_send.segment_family
    from at_send
    inner join overall
        on at_send.campaign_id = overall.campaign_id
    group by 1, 2
    having sum(at_send.targeted + at_send.control_members) = max(overall.targeted + overall.control_members)

),

final as (

    select at_send.*, 'at_send' as segment_basis
    from at_send
    inner join covered
        on at_send.campaign_id = covered.campaign_id and at_send.segment_family = covered.segment_family
    union all
    select current_segments.*, 'current' as segment_basis
    from current_segments
    left join covered
        on current_segments.campaign_id = covered.campaign_id
        and current_segments.segment_family = covered.segment_family
    where covered.campaign_id is null
    union all
    select overall.*, 'at_send' as segment_basis
    from overall

)

select * from final
