"""Benchmark of the quality gate: every check's suites at a million members, in a temporary DuckDB.

Builds synthetic raw tables (20 orders and 40 order lines per member by
default), a feature mart aggregated from the orders, and segment tables
(segment_membership: one row per member per family, ~21 rows each), then times
what each Dagster check does: read the frames from DuckDB, validate them with
GX and write the Data Docs. Not a test: run it by hand, e.g.

    .venv/bin/python benchmarks/benchmark_quality.py --customers 1000000
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import duckdb

from orchestration.defs.quality.checks import FEATURE_SUITES, QUALITY_CHECKS, named_suites
from orchestration.lib import warehouse
from orchestration.lib.quality.frames import read_frames
from orchestration.lib.quality.validation import validate_suites
from orchestration.lib.raw_schema import RAW_TABLES

ID = "'C' || lpad(({n} % {{customers}})::varchar, 8, '0')"
RAW = {
    "customers": f"""select {ID.format(n="i")} as customer_id, date '2018-01-01' + (h(i, 2500))::int as
        signup_date, date '1950-01-01' + (h(i + 1, 20000))::int as birth_date,
        ['female', 'male', 'other'][1 + h(i, 3)] as gender, 'DE' as country, 'BY' as region, 'Munich' as city,
        '80331' as postal_code, 'm' || i || '@x.org' as email, null::varchar as phone, 'standard' as
        membership_type, null::varchar as _invalid_columns, 'customers.csv' as _source_file
        from range({{customers}}) as t (i)""",
    "orders": f"""select 'O' || i as order_id, {ID.format(n="hash(i)")} as customer_id,
        timestamp '2021-01-01' + to_seconds((h(i + 7, 173000000))::bigint) as order_ts,
        ((h(i + 3, 20000)) / 100)::decimal(18, 2) as amount,
        ['completed', 'completed', 'completed', 'returned', 'cancelled'][1 + h(i + 5, 5)] as status,
        ['store', 'online', 'app', 'phone', 'other'][1 + h(i + 9, 5)] as channel, 'S1' as store_id,
        0::decimal(18, 2) as discount_amount, null::varchar as _invalid_columns, 'orders.csv' as _source_file
        from range({{customers}} * {{orders}}) as t (i)""",
    "order_lines": """select 'O' || (i // 2) as order_id, 'P' || (h(i, 5000)) as product_id, 'books' as
        product_category, 1::bigint as quantity, ((h(i, 10000)) / 100)::decimal(18, 2) as line_amount,
        null::varchar as _invalid_columns, 'order_lines.csv' as _source_file
        from range({customers} * {orders} * 2) as t (i)""",
    "loyalty_ledger": f"""select 'E' || i as entry_id, {ID.format(n="hash(i)")} as customer_id,
        timestamp '2022-01-01' + to_seconds((h(i, 140000000))::bigint) as entry_ts, 'earn' as entry_type,
        (h(i, 500))::bigint as points, null::varchar as order_id, null::varchar as _invalid_columns,
        'loyalty_ledger.csv' as _source_file from range({{customers}} * 10) as t (i)""",
}
FEATURES = """
create table marts.customer_features as
with orders as (
    select customer_id, order_ts::date as day, amount from raw.orders
    where status = 'completed' and order_ts < date '2026-07-01'
), stats as (
    select customer_id, count(*) as frequency, sum(amount) as monetary, min(day) as first_order_date,
        max(day) as last_order_date, count(*) filter (where day > date '2025-06-30') as orders_last_365d,
        count(*) filter (where day > date '2026-04-01') as orders_last_90d,
        coalesce(sum(amount) filter (where day > date '2025-06-30'), 0) as revenue_last_365d
    from orders group by customer_id
)
select c.customer_id, date '2026-06-30' as as_of_date, coalesce(s.frequency, 0) as frequency,
    coalesce(s.monetary, 0) as monetary, s.first_order_date, s.last_order_date,
    date '2026-06-30' - s.last_order_date as recency_days,
    date '2026-06-30' - least(c.signup_date, s.first_order_date) as tenure_days,
    coalesce(s.orders_last_365d, 0) as orders_last_365d, coalesce(s.orders_last_90d, 0) as orders_last_90d,
    coalesce(s.revenue_last_365d, 0) as revenue_last_365d, (h(c.customer_id, 1000)) / 1000 as some_rate,
    h(c.customer_id, 2) = 0 as some_flag, 0 as some_count
from raw.customers as c left join stats as s using (customer_id)
"""
SEGMENTS = """
create table segments.customer_segments as
select customer_id, as_of_date, first_order_date, last_order_date, recency_days, frequency, monetary,
    case when frequency > 0 then 1 + h(customer_id, 5) end as r_score,
    case when frequency > 0 then 1 + h(customer_id || 'f', 5) end as f_score,
    case when frequency > 0 then 1 + h(customer_id || 'm', 5) end as m_score,
    case when frequency = 0 then 'prospect' else ['champions', 'loyal_customers', 'potential_loyalists',
        'new_customers', 'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cannot_lose_them',
        'hibernating', 'lost'][1 + h(customer_id, 11)] end as rfm_segment,
    case when frequency = 0 then 'prospect'
        else ['new', 'loyal', 'casual', 'at_risk', 'lapsed'][1 + h(customer_id, 5)] end as loyalty_status,
    false as win_back_candidate,
    case when frequency > 0 then h(customer_id, 6) end as behavior_cluster,
    case when frequency > 0 then 'cluster ' || h(customer_id, 6) end as behavior_cluster_label
from marts.customer_features;
create table segments.customer_scores as
select customer_id, as_of_date, (h(customer_id, 10000)) / 100 as loyalty_score,
    ['bronze', 'silver', 'gold', 'platinum'][1 + h(customer_id, 4)] as loyalty_tier,
    case when frequency > 0 then (h(customer_id, 1000)) / 1000 end as p_alive,
    case when frequency > 0 then (h(customer_id, 300)) / 100 end as expected_orders_90d,
    case when frequency > 0 then monetary / frequency end as expected_order_value,
    case when frequency > 0 then (h(customer_id, 50000)) / 100 end as predicted_clv_12m,
    case when frequency > 0 then ['low', 'medium', 'high'][1 + h(customer_id, 3)] else 'unknown' end
        as churn_risk,
    case when frequency > 0 then as_of_date + 1 + (h(customer_id, 200))::int end as expected_next_order_date
from marts.customer_features;
create table segments.segment_membership as
select customer_id, 'rfm' as segment_family, rfm_segment as segment from segments.customer_segments
union all select customer_id, 'loyalty_status', loyalty_status from segments.customer_segments
union all select customer_id, 'behavior_cluster', coalesce(behavior_cluster_label, 'prospect')
    from segments.customer_segments
union all select customer_id, 'win_back', 'not_candidate' from segments.customer_segments
union all select customer_id, 'loyalty_tier', loyalty_tier from segments.customer_scores
union all select customer_id, 'churn_risk', churn_risk from segments.customer_scores
union all select customer_id, family, ['unknown', 'a', 'b', 'c'][1 + h(customer_id || family, 4)]
    from segments.customer_segments cross join (values ('age_band'), ('gender'), ('country'), ('region'),
        ('membership_type'), ('psychographic'), ('interest'), ('campaign_response'), ('preferred_channel'),
        ('purchase_channel')) as f (family)
union all select customer_id, 'rule:' || rule,
    case when h(customer_id || rule, 3) = 0 then 'in' else 'out' end
    from segments.customer_segments cross join (values ('r1'), ('r2'), ('r3'), ('r4'), ('r5')) as r (rule);
create table segments.segment_summary as
with totals as (
    select count(*) as customers, sum(revenue_last_365d) as revenue from marts.customer_features
)
select m.segment_family, m.segment, count(*) as customers,
    count(*) / max(totals.customers) as share_of_customers, sum(f.revenue_last_365d) as revenue_12m,
    sum(f.revenue_last_365d) / max(totals.revenue) as share_of_revenue_12m,
    avg(s.loyalty_score) as avg_loyalty_score, avg(s.predicted_clv_12m) as avg_predicted_clv_12m
from segments.segment_membership as m join marts.customer_features as f using (customer_id)
join segments.customer_scores as s using (customer_id) cross join totals
group by m.segment_family, m.segment;
create table segments.clv_model_params as
select model, parameter, value, 'week' as time_unit, 900000 as customers_fitted from (values
    ('bg_nbd', 'r', 0.24), ('bg_nbd', 'alpha', 4.4), ('bg_nbd', 'a', 0.79), ('bg_nbd', 'b', 2.4),
    ('gamma_gamma', 'p', 6.2), ('gamma_gamma', 'q', 3.7), ('gamma_gamma', 'v', 15.4)
) as t (model, parameter, value);
"""


PUBLISHED_SEGMENT_TABLES = (
    "customer_segments",
    "customer_scores",
    "segment_membership",
    "segment_summary",
    "clv_model_params",
)


def build_warehouse(conn: duckdb.DuckDBPyConnection, customers: int, orders: int) -> None:
    """Raw tables, the feature mart and the segment tables, all synthetic but consistent."""
    for schema in ("raw", "marts", "segments"):
        conn.execute(f"create schema if not exists {schema}")
    conn.execute("create or replace temp macro h(x, k) as (hash(x) % k)::bigint")
    for table in RAW_TABLES:
        if table.name in RAW:
            select = RAW[table.name].format(customers=int(customers), orders=int(orders))
        else:  # optional tables that did not land: empty, as the loader leaves them
            columns = [f"null::{column.type} as {column.name}" for column in table.columns]
            columns += ["null::varchar as _invalid_columns", "null::varchar as _source_file"]
            select = f"select {', '.join(columns)} limit 0"
        conn.execute(f"create table raw.{table.name} as {select}")
    conn.execute(FEATURES)
    _widen_features(conn)
    conn.execute(SEGMENTS)
    _publish_views(conn)


def _publish_views(conn: duckdb.DuckDBPyConnection) -> None:
    """The views the published suites read, as dbt's models/published lays them over the tables."""
    conn.execute("create schema if not exists published")
    for relation in ("marts.customer_features", *(f"segments.{name}" for name in PUBLISHED_SEGMENT_TABLES)):
        name = relation.split(".")[1]
        conn.execute(f"create view published.{name} as select * from {relation}")


def _widen_features(conn: duckdb.DuckDBPyConnection) -> None:
    """Add every other column the feature suites read, derived from the generic ones."""
    present = {row[0] for row in conn.execute("describe marts.customer_features").fetchall()}
    added = []
    for name in dict.fromkeys(n for s in named_suites(FEATURE_SUITES) for n in s.referenced_columns()):
        if name in present:
            continue
        source = "some_flag" if name.startswith("has_") else "some_count"
        if name.endswith(("_rate", "_share", "_ratio", "_between_orders")):
            source = "case when frequency > 0 then some_rate end"
        added.append(f'{source} as "{name}"')
    conn.execute(
        f"create or replace table marts.customer_features as select *, {', '.join(added)} "
        "from marts.customer_features"
    )


def time_checks(conn_path: Path, docs_root: Path) -> None:
    """Per check: its suites, frame rows (summed), seconds to read them and to validate (GX + Data Docs)."""
    print(f"{'asset':30} {'suites':>6} {'rows':>9} {'read s':>7} {'gx+docs s':>9}")
    for check in QUALITY_CHECKS:
        asset_key, names = check.asset_key, check.suites
        suites = named_suites(names)
        started = time.perf_counter()
        with warehouse.connect(conn_path) as conn:
            frames = read_frames(conn, suites)
        read = time.perf_counter() - started
        started = time.perf_counter()
        outcome = validate_suites(suites, frames, docs_dir=docs_root / "__".join(asset_key.path))
        gx = time.perf_counter() - started
        rows = sum(len(frame) for frame in frames.values())
        status = "" if outcome.success else "  FAILED: " + outcome.summary(3).replace("\n", " ")
        print(f"{asset_key.to_user_string():30} {len(names):>6} {rows:>9} {read:7.2f} {gx:9.2f}{status}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--orders-per-customer", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "warehouse.duckdb"
        started = time.perf_counter()
        with warehouse.connect(path) as conn:
            build_warehouse(conn, args.customers, args.orders_per_customer)
            sizes = conn.execute(
                "select schema_name || '.' || table_name, estimated_size from duckdb_tables()"
            )
            print({name: size for name, size in sizes.fetchall()})
        print(f"built synthetic warehouse in {time.perf_counter() - started:.1f}s")
        started = time.perf_counter()
        import great_expectations  # noqa: F401  (timed once, as the first check of a run pays it)

        print(f"import great_expectations: {time.perf_counter() - started:.1f}s")
        time_checks(path, Path(tmp) / "quality_docs")
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
