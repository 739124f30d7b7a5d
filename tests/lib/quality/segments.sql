-- Segment tables of the tiny test warehouse (see warehouse.py), consistent with its feature mart.
create table published.customer_segments as
select
    f.customer_id, f.as_of_date, f.first_order_date, f.last_order_date, f.recency_days, f.frequency, f.monetary,
    s.r_score, s.f_score, s.m_score, s.rfm_segment, s.loyalty_status, s.win_back_candidate,
    s.behavior_cluster, s.behavior_cluster_label
from published.customer_features as f
join (values
    ('c1', 5, 5, 5, 'champions', 'loyal', false, 1, 'frequent high spenders'),
    ('c2', 3, 1, 1, 'new_customers', 'new', false, 2, 'one-off buyers'),
    ('c3', null, null, null, 'prospect', 'prospect', false, null, null),
    ('c4', null, null, null, 'prospect', 'prospect', false, null, null)
) as s (customer_id, r_score, f_score, m_score, rfm_segment, loyalty_status, win_back_candidate,
        behavior_cluster, behavior_cluster_label)
    on f.customer_id = s.customer_id;

create table published.customer_scores as
select
    f.customer_id, f.as_of_date, s.loyalty_score, s.loyalty_tier, s.p_alive, s.expected_orders_90d,
    s.expected_order_value, s.predicted_clv_12m, s.churn_risk, s.expected_next_order_date
from published.customer_features as f
join (values
    ('c1', 72.5::double, 'gold', 0.9::double, 2.1::double, 100.0::double, 250.0::double, 'low', date '2026-07-15'),
    ('c2', 35.0, 'bronze', 0.4, 0.3, 40.0, 20.0, 'high', null),
    ('c3', 10.0, 'bronze', null, null, null, null, 'unknown', null),
    ('c4', 5.0, 'bronze', null, null, null, null, null, null)
) as s (customer_id, loyalty_score, loyalty_tier, p_alive, expected_orders_90d, expected_order_value,
        predicted_clv_12m, churn_risk, expected_next_order_date)
    on f.customer_id = s.customer_id;

create table published.segment_membership as
select customer_id, 'rfm' as segment_family, rfm_segment as segment from published.customer_segments
union all
select customer_id, 'loyalty_status', loyalty_status from published.customer_segments
union all
select customer_id, 'behavior_cluster', coalesce(behavior_cluster_label, 'prospect') from published.customer_segments
union all
select customer_id, 'loyalty_tier', loyalty_tier from published.customer_scores
union all
select customer_id, 'churn_risk', coalesce(churn_risk, 'unknown') from published.customer_scores
union all
select customer_id, family, 'unknown'
from published.customer_segments
cross join (values ('age_band'), ('gender'), ('country'), ('preferred_channel'), ('campaign_response'),
                   ('psychographic')) as families (family)
union all
select customer_id, 'rule:vip', case when rfm_segment = 'champions' then 'in' else 'out' end
from published.customer_segments;

create table published.segment_summary as
select
    m.segment_family,
    m.segment,
    count(*) as customers,
    count(*) / (select count(*) from published.customer_features) as share_of_customers,
    sum(f.revenue_last_365d) as revenue_12m,
    sum(f.revenue_last_365d) / (select sum(revenue_last_365d) from published.customer_features) as share_of_revenue_12m,
    avg(s.loyalty_score) as avg_loyalty_score,
    avg(s.predicted_clv_12m) as avg_predicted_clv_12m
from published.segment_membership as m
join published.customer_features as f on m.customer_id = f.customer_id
join published.customer_scores as s on m.customer_id = s.customer_id
group by m.segment_family, m.segment;

create table published.clv_model_params as
select * from (values
    ('bg_nbd', 'r', 0.9::double, 'week', 2),
    ('bg_nbd', 'alpha', 5.0, 'week', 2),
    ('bg_nbd', 'a', 0.2, 'week', 2),
    ('bg_nbd', 'b', 5.3, 'week', 2),
    ('gamma_gamma', 'p', 3.0, 'week', 1),
    ('gamma_gamma', 'q', 3.5, 'week', 1),
    ('gamma_gamma', 'v', 50.0, 'week', 1)
) as t (model, parameter, value, time_unit, customers_fitted);
