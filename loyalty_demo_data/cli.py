"""Command line: `loyalty-demo-data --customers 100000 --format parquet --out data/raw`."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from .generate import generate
from .writers import FORMATS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="loyalty-demo-data",
        description="Generate realistic raw CRM tables (customers, orders, ...) for the demo.",
    )
    parser.add_argument("--customers", type=int, default=5000, help="number of customers")
    parser.add_argument("--seed", type=int, default=42, help="random seed (same seed, same files)")
    parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
    parser.add_argument("--out", type=Path, default=Path("data/raw"), help="landing folder")
    parser.add_argument(
        "--end-date",
        type=date.fromisoformat,
        default=date(2026, 9, 30),
        help="last day of the data, YYYY-MM-DD",
    )
    parser.add_argument("--years", type=float, default=3.5, help="years of order history")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Generate the demo data; print rows per table unless `--quiet`."""
    args = _parser().parse_args(argv)
    summary = generate(
        args.out,
        args.customers,
        seed=args.seed,
        fmt=args.fmt,
        end_date=args.end_date,
        years=args.years,
        progress=not args.quiet,
    )
    if not args.quiet:
        for table, rows in summary.rows.items():
            print(f"{table:<18}{rows:>12,}")
        print(f"orders per customer: {summary.orders_per_customer:.1f} -> {summary.out_dir}")
    return 0
