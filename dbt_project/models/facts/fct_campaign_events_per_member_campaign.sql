-- One row per member and campaign with an event that passed the quarantine: the day of the
-- first event of each type, not cut at the as-of date (a member saw an event type as of a date
-- when its first day is on or before it). Incremental: a run re-aggregates the member-campaigns
-- of event rows changed since the last (macros/incremental_facts.sql).
{{ config(
    unique_key=['customer_id', 'campaign_id'],
    post_hook="{{ delete_vanished_keys('first_event_date') }}",
) }}

{%- set measures = {'first_event_date': 'min(event_date)'} %}
{%- for event_type in campaign_event_types() %}
{%- do measures.update({'first_' ~ event_type ~ '_date': "min(case when event_type = '" ~ event_type ~ "' then event_date end)"}) %}
{%- endfor %}

{{ fact_of_changed_keys(
    ref('base_crm__campaign_events'), ref('stg_crm__campaign_events'),
    ['customer_id', 'campaign_id'], measures, '_events_changed_at',
) }}
