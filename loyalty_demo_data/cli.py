"""Command line: `loyalty-demo-data --customers 100000 --format parquet --out data/raw`.

`--layout daily --through DAY` writes the event tables as daily parts up to DAY;
`--append-day --out DIR` then adds the folder's next day.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from .generate import FUTURE_DAYS, GenerationSummary, append_day, generate
from .writers import DAILY_TABLES, FORMATS, LAYOUTS


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
        help="the story day, YYYY-MM-DD: personas (new, at risk, lapsed) are as of this day; "
        "the last day of the data unless --through",
    )
    parser.add_argument("--years", type=float, default=3.5, help="years of order history")
    parser.add_argument(
        "--layout",
        choices=LAYOUTS,
        default="single",
        help="single: one file per table; daily: the event tables "
        f"({', '.join(DAILY_TABLES)}) as folders of daily parts <table>/<YYYY-MM-DD>.<format>, "
        "customers and campaigns as one file each (the full snapshot a CRM re-delivers daily), "
        f"simulated {FUTURE_DAYS['daily']} days past --end-date",
    )
    parser.add_argument(
        "--through",
        type=date.fromisoformat,
        help="last day written, YYYY-MM-DD (default: --end-date; daily layout: any day of the "
        "simulated window); a day's rows never depend on it",
    )
    parser.add_argument(
        "--append-day",
        action="store_true",
        help="add the next day's parts (and the day's customers and campaigns snapshot) to the "
        "daily landing folder --out, with the settings in its _demo/generation.json (other "
        "options are ignored); the result is byte for byte what generating --through that day writes",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Generate the demo data (or append a day); print rows per table unless `--quiet`."""
    args = _parser().parse_args(argv)
    summary: GenerationSummary
    if args.append_day:
        summary = append_day(args.out, progress=not args.quiet)
    else:
        summary = generate(
            args.out,
            args.customers,
            seed=args.seed,
            fmt=args.fmt,
            end_date=args.end_date,
            years=args.years,
            progress=not args.quiet,
            layout=args.layout,
            through=args.through,
        )
    if not args.quiet:
        for table, rows in summary.rows.items():
            print(f"{table:<18}{rows:>12,}")
        if args.append_day:
            print(f"appended {summary.through} -> {summary.out_dir}")
        else:
            print(f"orders per customer: {summary.orders_per_customer:.1f} -> {summary.out_dir}")
    return 0
