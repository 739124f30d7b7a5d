"""The demo-data generator: determinism, contract shape, consistency and planted behaviour."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from loyalty_demo_data import GenerationSummary, generate
from loyalty_demo_data.chunk import EVENT_TIMES
from loyalty_demo_data.cli import main
from loyalty_demo_data.personas import PERSONAS
from orchestration.lib.raw_schema import RAW_TABLES

END = date(2026, 9, 30)
LAST_SECOND = datetime.combine(END, time(23, 59, 59))
CUSTOMERS = 2000
TABLES = [table.name for table in RAW_TABLES]


@pytest.fixture(scope="module")
def landing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerationSummary]:
    out = tmp_path_factory.mktemp("landing")
    return out, generate(out, CUSTOMERS, seed=7, fmt="parquet", end_date=END)


@pytest.fixture(scope="module")
def db(landing: tuple[Path, GenerationSummary]) -> duckdb.DuckDBPyConnection:
    """The generated tables as DuckDB views, plus the planted `personas`."""
    out, _ = landing
    conn = duckdb.connect()
    for name in TABLES:
        conn.execute(f"create view {name} as select * from read_parquet('{out / name}.parquet')")
    conn.execute(f"create view personas as select * from read_parquet('{out}/_demo/personas.parquet')")
    return conn


def one(conn: duckdb.DuckDBPyConnection, sql: str) -> object:
    return conn.execute(sql).fetchone()[0]


def file_bytes(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_same_seed_gives_identical_files_and_another_seed_does_not(tmp_path: Path, fmt: str):
    runs = {}
    for name, seed in (("a", 3), ("b", 3), ("c", 4)):
        generate(tmp_path / name, 300, seed=seed, fmt=fmt)
        runs[name] = file_bytes(tmp_path / name)
    assert len(runs["a"]) == len(TABLES) + 2  # and _demo/personas, _demo/generation.json
    assert runs["a"] == runs["b"]
    assert runs["a"]["orders." + fmt] != runs["c"]["orders." + fmt]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_every_table_has_exactly_the_contract_columns(tmp_path: Path, fmt: str):
    generate(tmp_path, 200, fmt=fmt)
    for table in RAW_TABLES:
        path = tmp_path / f"{table.name}.{fmt}"
        if fmt == "csv":
            header = path.read_text(encoding="utf-8").splitlines()[0]
            names = [name.strip('"') for name in header.split(",")]
        else:
            names = pq.read_schema(path).names
        assert names == table.column_names, table.name


def test_parquet_types(landing: tuple[Path, GenerationSummary]):
    out, _ = landing
    orders = pq.read_schema(out / "orders.parquet")
    assert orders.field("order_ts").type == pa.timestamp("us")
    assert orders.field("amount").type == pa.decimal128(18, 2)
    assert pq.read_schema(out / "customers.parquet").field("signup_date").type == pa.date32()
    assert pq.read_schema(out / "consents.parquet").field("opted_in").type == pa.bool_()
    assert pq.read_schema(out / "order_lines.parquet").field("quantity").type == pa.int64()


def test_csv_values_follow_the_contract_formats(tmp_path: Path):
    generate(tmp_path, 300, fmt="csv")
    order = (tmp_path / "orders.csv").read_text(encoding="utf-8").splitlines()[1].split(",")
    assert re.fullmatch(r'"O\d{9}"', order[0]) and re.fullmatch(r'"C\d{7}"', order[1])
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", order[2])
    assert re.fullmatch(r"\d+\.\d\d", order[3])
    customer = (tmp_path / "customers.csv").read_text(encoding="utf-8").splitlines()[1]
    assert re.match(r'"C0000001",(\d{4}-\d\d-\d\d)?,', customer)
    consent = (tmp_path / "consents.csv").read_text(encoding="utf-8").splitlines()[1]
    assert consent.split(",")[2] in {"true", "false"}


def test_keys_unique_apart_from_planted_exact_duplicates(db: duckdb.DuckDBPyConnection):
    for table, key in (
        ("customers", "customer_id"),
        ("orders", "order_id"),
        ("loyalty_ledger", "entry_id"),
        ("campaigns", "campaign_id"),
    ):
        distinct_keys = one(db, f"select count(distinct {key}) from {table}")
        assert distinct_keys == one(db, f"select count(*) from (select distinct * from {table})")
    for table in ("orders", "order_lines"):
        rows = one(db, f"select count(*) from {table}")
        duplicates = rows - one(db, f"select count(*) from (select distinct * from {table})")
        assert 0 < duplicates < 0.004 * rows


def test_no_orphans(db: duckdb.DuckDBPyConnection):
    for table, column in (
        ("orders", "customer_id"),
        ("loyalty_ledger", "customer_id"),
        ("campaign_events", "customer_id"),
        ("consents", "customer_id"),
        ("survey_responses", "customer_id"),
        ("referrals", "referrer_id"),
        ("referrals", "referred_customer_id"),
    ):
        sql = f"select count(*) from {table} t anti join customers c on t.{column} = c.customer_id"
        assert one(db, sql) == 0, (table, column)
    assert one(db, "select count(*) from order_lines anti join orders using (order_id)") == 0
    assert one(db, "select count(*) from campaign_events anti join campaigns using (campaign_id)") == 0


def test_nothing_happens_after_the_end_date(db: duckdb.DuckDBPyConnection):
    for table, column in EVENT_TIMES.items():
        assert one(db, f"select max({column}) from {table}") <= LAST_SECOND, table
    assert one(db, "select max(signup_date) from customers") <= END
    assert one(db, "select min(amount) from orders") > 0


def test_order_lines_add_up_to_the_order_amount(db: duckdb.DuckDBPyConnection):
    sql = """select count(*) from (select distinct * from orders) o
             join (select order_id, sum(line_amount) total from (select distinct * from order_lines)
                   group by 1) l using (order_id) where o.amount <> l.total"""
    assert one(db, sql) == 0


def test_earn_points_match_kept_and_returned_orders(db: duckdb.DuckDBPyConnection):
    sql = """select count(*) from (select distinct * from orders) o
             join customers c using (customer_id)
             full join (select * from loyalty_ledger where entry_type = 'earn') l using (order_id)
             where o.status = 'cancelled' and l.entry_id is not null
                or o.status <> 'cancelled' and l.points is distinct from
                   floor(o.amount) * case when c.membership_type = 'premium' then 2 else 1 end"""
    assert one(db, sql) == 0
    returned = (
        "select sum(points) from loyalty_ledger where order_id in "
        "(select order_id from orders where status = 'returned')"
    )
    assert one(db, returned) == 0


def test_point_balances_never_go_negative(db: duckdb.DuckDBPyConnection):
    sql = """select min(balance) from (select sum(points) over (partition by customer_id
             order by entry_ts, entry_id) balance from loyalty_ledger)"""
    assert one(db, sql) >= 0
    assert one(db, "select count(*) from loyalty_ledger where entry_type = 'redeem'") > 0
    assert one(db, "select count(*) from loyalty_ledger where entry_type = 'expire'") > 0


def test_persona_mix_within_tolerance(db: duckdb.DuckDBPyConnection):
    shares = dict(db.execute(f"select persona, count(*) / {CUSTOMERS} from personas group by 1").fetchall())
    for persona in PERSONAS:
        assert shares.get(persona.name, 0.0) == pytest.approx(persona.share, abs=0.035)


def persona_stat(db: duckdb.DuckDBPyConnection, expression: str) -> dict[str, float]:
    sql = f"""select persona, avg(stat) from (select p.persona, {expression} stat from personas p
              left join orders o on o.customer_id = p.customer_id and o.status = 'completed'
              group by p.customer_id, p.persona) group by 1"""
    return dict(db.execute(sql).fetchall())


def test_loyal_members_buy_more_often_than_casual_ones(db: duckdb.DuckDBPyConnection):
    orders = persona_stat(db, "count(o.order_id)")
    assert orders["loyal"] > 3 * orders["casual"]
    assert orders["prospect"] == 0
    average = one(db, f"select count(distinct order_id) / {CUSTOMERS} from orders")
    assert 15 < average < 25


def test_declining_high_value_members_slowed_down(db: duckdb.DuckDBPyConnection):
    turn = f"timestamp '{END}' - interval 270 day"
    recent = persona_stat(db, f"count(o.order_id) filter (where o.order_ts >= {turn}) / 270")
    past = persona_stat(
        db,
        f"count(o.order_id) filter (where o.order_ts < {turn}) / "
        f"greatest(date_diff('day', min(o.order_ts), {turn}), 30)",
    )
    assert recent["declining_high_value"] < 0.5 * past["declining_high_value"]
    spend = persona_stat(db, "coalesce(sum(o.amount), 0)")
    assert spend["declining_high_value"] == max(spend.values())


def test_recency_of_planted_behaviours(db: duckdb.DuckDBPyConnection):
    recency = persona_stat(db, f"date_diff('day', max(o.order_ts), timestamp '{END}')")
    assert recency["lapsed"] > 365 and recency["new"] < 90
    assert recency["loyal"] < recency["at_risk"] < recency["lapsed"]


def test_writing_one_format_removes_the_other(tmp_path: Path):
    generate(tmp_path, 50, fmt="csv")
    generate(tmp_path, 50, fmt="parquet")
    assert not list(tmp_path.rglob("*.csv"))
    assert not list(tmp_path.rglob("*.partial"))


def test_cli_generates_and_returns_zero(tmp_path: Path):
    argv = [
        "--customers",
        "120",
        "--seed",
        "1",
        "--format",
        "csv",
        "--out",
        str(tmp_path),
        "--end-date",
        "2025-12-31",
        "--years",
        "2",
        "--quiet",
    ]
    assert main(argv) == 0
    assert {f"{name}.csv" for name in TABLES} <= {p.name for p in tmp_path.iterdir()}
    assert (tmp_path / "_demo" / "personas.csv").exists()


@pytest.mark.parametrize("kwargs", [{"customers": 0}, {"fmt": "xlsx"}, {"years": 1.0}])
def test_rejects_bad_arguments(tmp_path: Path, kwargs: dict):
    with pytest.raises(ValueError):
        generate(tmp_path, **{"customers": 10, **kwargs})
