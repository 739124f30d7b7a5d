"""Benchmark of the daily refresh: generate N demo customers, run `daily_refresh`, report.

Prints the wall time of every step and dbt model, the total, and peak memory of this process and
of its largest child (dbt). Not a test: run it by hand, e.g.

    .venv/bin/python benchmarks/benchmark_refresh.py --customers 1000000 --format parquet

`--years 1.5` generates a year and a half of history instead of 3.5 (the generator's least: lapsed
and declining personas need more than a year), so the cost of a daily run can be compared across
history lengths at the same member count. `--partitions 2026-09-29,2026-09-30` runs those daily
partitions one after another in the same warehouse, so the second run measures a daily history
append rather than a first load. `--layout daily --daily-drops 3` writes the event tables as daily
parts, runs the first load, then three times appends the next day's drop
(`loyalty_demo_data.append_day`) and runs the daily refresh again: the everyday scenario;
`--resume` adds drops to the folder and warehouse an earlier run left in `--workdir`, so a change
to the daily path is measured without a new first load. `--json results.json` keeps every run's
figures for comparison across commits. Peak memory is the maximum so far in the process, so the
first load's peak bounds every later run's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

import dagster as dg

from loyalty_demo_data import append_day, generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--format", choices=["csv", "parquet"], default="parquet")
    parser.add_argument(
        "--years",
        type=float,
        default=3.5,
        help="years of order history to generate (at least 1.5; the history-length scenario)",
    )
    parser.add_argument("--workdir", type=Path, default=None, help="default: a temporary folder")
    parser.add_argument(
        "--partitions",
        default="",
        help="comma-separated as-of dates to run in turn (default: one unpartitioned run)",
    )
    parser.add_argument("--layout", choices=["single", "daily"], default="single")
    parser.add_argument(
        "--daily-drops", type=int, default=0, help="with --layout daily: days appended and refreshed"
    )
    parser.add_argument("--json", type=Path, default=None, help="write every run's figures here")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="reuse the landing folder and warehouse a previous run left in --workdir: "
        "no generation and no first load, only the daily drops",
    )
    args = parser.parse_args()
    if args.daily_drops and args.layout != "daily":
        parser.error("--daily-drops needs --layout daily")
    if args.resume and not (args.workdir and args.daily_drops):
        parser.error("--resume needs --workdir and --daily-drops")
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="loyalty-bench-"))
    raw_dir = workdir / "raw"
    if not args.resume:
        started = time.perf_counter()
        summary = generate(
            raw_dir,
            customers=args.customers,
            seed=args.seed,
            fmt=args.format,
            progress=True,
            layout=args.layout,
            years=args.years,
        )
        print(f"generated {summary.rows} in {time.perf_counter() - started:.1f}s")
    os.environ.update(
        LOYALTY_RAW_DIR=str(raw_dir),
        LOYALTY_WAREHOUSE_DB=str(workdir / "warehouse" / "loyalty.duckdb"),
        LOYALTY_SERVING_DIR=str(workdir / "serving"),
        LOYALTY_EXPORT_DIR=str(workdir / "exports"),
        LOYALTY_ALERT_LOG=str(workdir / "alerts.log"),
    )
    from orchestration.project import parse_dbt_project

    parse_dbt_project()  # the asset graph must match the models as they are now
    partitions = args.partitions.split(",") if args.partitions else [None]
    runs = [] if args.resume else [run_refresh(partition) for partition in partitions]
    for drop in range(1, args.daily_drops + 1):
        started = time.perf_counter()
        append_day(raw_dir)
        print(f"\nappended daily drop {drop} in {time.perf_counter() - started:.1f}s")
        runs.append(run_refresh(None, label=f"daily drop {drop}"))
    if args.json:
        args.json.write_text(
            json.dumps(
                {"customers": args.customers, "years": args.years, "layout": args.layout, "runs": runs},
                indent=2,
            )
        )


def run_refresh(partition: str | None, label: str | None = None) -> dict[str, object]:
    """One `daily_refresh` in a fresh ephemeral instance; printed, and returned for `--json`."""
    from orchestration.definitions import defs

    instance = dg.DagsterInstance.ephemeral()
    started = time.perf_counter()
    result = defs.resolve_job_def("daily_refresh").execute_in_process(
        instance=instance, partition_key=partition
    )
    total = time.perf_counter() - started
    label = label or f"partition {partition or '(none: latest order)'}"
    print(f"\n== {label}")
    print(f"\n{'step / dbt model':<55}{'seconds':>10}")
    steps, models = step_durations(instance, result.run_id), dbt_model_durations(result)
    for name, seconds in steps:
        print(f"{name:<55}{seconds:>10.1f}")
    for name, seconds in models:
        print(f"  dbt {name:<50}{seconds:>10.1f}")
    print(f"{'total (daily_refresh)':<55}{total:>10.1f}  success={result.success}")
    self_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    child_gb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024**2
    print(f"peak RSS: this process {self_gb:.2f} GB, largest child (dbt) {child_gb:.2f} GB")
    return {
        "run": label,
        "success": result.success,
        "seconds": round(total, 1),
        "steps": {name: round(seconds, 1) for name, seconds in steps},
        "dbt_models": {name: round(seconds, 1) for name, seconds in models},
        "peak_rss_gb": {"process": round(self_gb, 2), "largest_child": round(child_gb, 2)},
    }


def step_durations(instance: dg.DagsterInstance, run_id: str) -> list[tuple[str, float]]:
    starts: dict[str, float] = {}
    durations: list[tuple[str, float]] = []
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is None or record.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[record.step_key] = record.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            durations.append((record.step_key, record.timestamp - starts[record.step_key]))
    return durations


def dbt_model_durations(result: dg.ExecuteInProcessResult) -> list[tuple[str, float]]:
    durations = []
    for event in result.get_asset_materialization_events():
        metadata = event.materialization.metadata
        if "Execution Duration" in metadata:
            durations.append((event.asset_key.to_user_string(), metadata["Execution Duration"].value))
    return durations


if __name__ == "__main__":
    main()
