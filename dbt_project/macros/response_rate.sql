{#
    The one definition of the campaign response rates (open, click and conversion rate), used
    by the feature mart (customer_features), segment_kpis and campaign_performance:

        rate = messages with the event / messages that reached their member

    - reached (the denominator): the messages delivered where the channel reports deliveries,
      else the messages sent (letters carry no delivery tracking). A bounced e-mail did not
      reach anyone; the control group (holdout) is never messaged.
    - with the event (the numerator): those messages, outside the control group, whose member
      opened, clicked or converted, so a rate never exceeds 1 (an open without a delivery
      on a channel that reports deliveries is a tracking gap, not a reached message).
    - null where the channel never reports the event type (0 would claim that nobody opened a
      letter), and null when nothing reached anyone: never 0, never a division error.

    A channel reports an event type when the whole base has at least one such event on it up
    to the as-of date (model int_campaign_events_aggregated_to_channels): the data decides, so
    an export that starts tracking an event needs no code change.
#}

{# Each response rate and the campaign event it counts. #}
{% macro response_rates() -%}
    {{ return({'open_rate': 'opened', 'click_rate': 'clicked', 'conversion_rate': 'converted'}) }}
{%- endmacro %}

{# Of the messages that reached their member: `delivered` (a count among delivered messages) where
   the channel tracks delivery, else `sent` (among sent ones). Both numerator and denominator. #}
{% macro reached_messages(delivered, sent, tracks_delivered) -%}
    case when {{ tracks_delivered }} then {{ delivered }} else {{ sent }} end
{%- endmacro %}

{# A response rate: `responses` / `reached` where the channel tracks the event, else null. #}
{% macro response_rate(responses, reached, tracks_event) -%}
    case when {{ tracks_event }} then {{ safe_ratio(responses, reached) }} end
{%- endmacro %}
