"""Benchmark of the CLV models: a million synthetic members, compared with lifetimes.

Draws a BTYD summary (days) from BG/NBD + Gamma-Gamma with CDNOW-like
parameters, times compress + fit + scoring of the distinct histories (what the
asset does after dbt compressed the summary; dbt's clv_scores scores the
members), and, given a Python
where `lifetimes` imports (it does not with this project's pandas 3 / numpy
2 / scipy 1.17), fits `lifetimes.BetaGeoFitter` and `GammaGammaFitter` on the
same summary in a subprocess and compares parameters, predictions and time.
Not a test: run it by hand, e.g.

    python -m venv /tmp/lt && /tmp/lt/bin/pip install lifetimes "pandas<2" "numpy<1.25" "scipy<1.11"
    .venv/bin/python benchmarks/benchmark_clv.py --customers 1000000 --lifetimes-python /tmp/lt/bin/python
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

from loyalty_demo_data.btyd_summaries import simulate_summary
from orchestration.lib.scoring.clv import compress_summary, fit_bg_nbd, fit_gamma_gamma, fit_histories
from orchestration.lib.scoring.clv.bgnbd_predictions import expected_purchases, p_alive

Result = TypeVar("Result")

LIFETIMES_SCRIPT = """
import json, sys, time
import numpy as np
from lifetimes import BetaGeoFitter, GammaGammaFitter
data = np.load(sys.argv[1])
x, t_x, T, m = data["frequency"], data["recency"], data["T"], data["monetary_value"]
out = {}
started = time.perf_counter()
bgf = BetaGeoFitter().fit(x, t_x, T)
out["bg_nbd_seconds"] = time.perf_counter() - started
out["bg_nbd"] = bgf.params_.to_dict()
cx, ctx, cT, cw = data["cx"], data["ctx"], data["cT"], data["cw"]
started = time.perf_counter()
out["bg_nbd_weighted"] = BetaGeoFitter().fit(cx, ctx, cT, weights=cw).params_.to_dict()
out["bg_nbd_weighted_seconds"] = time.perf_counter() - started
repeat = x > 0
started = time.perf_counter()
out["gamma_gamma"] = GammaGammaFitter().fit(x[repeat], m[repeat]).params_.to_dict()
out["gamma_gamma_seconds"] = time.perf_counter() - started
k = int(data["sample"])
out["p_alive"] = bgf.conditional_probability_alive(x[:k], t_x[:k], T[:k]).tolist()
out["expected_90d"] = bgf.predict(90 / 7, x[:k], t_x[:k], T[:k]).tolist()
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--max-age-days", type=int, default=730)
    parser.add_argument(
        "--lifetimes-python", type=Path, default=None, help="a python where lifetimes imports"
    )
    parser.add_argument(
        "--compare-sample", type=int, default=10_000, help="customers whose scores are compared"
    )
    args = parser.parse_args()
    started = time.perf_counter()
    summary = simulate_summary(args.customers, max_age_days=args.max_age_days, seed=args.seed)
    print(f"simulated {len(summary):,} members in {time.perf_counter() - started:.1f}s")
    ours = time_ours(summary)
    if args.lifetimes_python:
        compare(ours, run_lifetimes(args.lifetimes_python, ours["weeks"], args.compare_sample))


def timed(step: Callable[[], Result]) -> tuple[Result, float]:
    """The step's result and its wall time in seconds."""
    started = time.perf_counter()
    result = step()
    return result, time.perf_counter() - started


def in_weeks(summary: pd.DataFrame) -> dict[str, np.ndarray]:
    """The summary as the project fits it: frequency, recency and T in weeks, monetary_value."""
    return {
        "frequency": summary["frequency"].to_numpy(float),
        "recency": summary["recency"].to_numpy() / 7,
        "T": summary["T"].to_numpy() / 7,
        "monetary_value": summary["monetary_value"].to_numpy(),
    }


def dbt_compressed(summary: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What dbt's customer_btyd_histories and customer_btyd_repeat_values hold for `summary`."""
    histories = summary.groupby(["frequency", "recency", "T"], as_index=False).size()
    repeat = summary[summary["frequency"] > 0]
    values = repeat.groupby(["frequency", "monetary_value"], as_index=False).size()
    return histories.rename(columns={"size": "customers"}), values.rename(columns={"size": "customers"})


def time_ours(summary: pd.DataFrame) -> dict:
    """Time each step of this module on the summary, fitted in weeks as the project does."""
    weeks = in_weeks(summary)
    compressed, compress_seconds = timed(
        lambda: compress_summary(weeks["frequency"], weeks["recency"], weeks["T"])
    )
    bg_nbd, bg_nbd_seconds = timed(lambda: fit_bg_nbd(*compressed[:3], weights=compressed[3]))
    gamma_gamma, gamma_gamma_seconds = timed(
        lambda: fit_gamma_gamma(weeks["frequency"], weeks["monetary_value"])
    )
    fits, end_to_end_seconds = timed(lambda: fit_histories(*dbt_compressed(summary)))
    print(f"\n{'step (this module)':<56}{'seconds':>10}")
    for step, seconds in (
        ("compress", compress_seconds),
        ("BG/NBD fit on the compressed summary", bg_nbd_seconds),
        ("Gamma-Gamma fit", gamma_gamma_seconds),
        ("fit_histories (both fits, scores per history)", end_to_end_seconds),
    ):
        print(f"{step:<56}{seconds:>10.2f}")
    print(f"distinct histories {len(fits.history_scores):,}; warnings {fits.warnings}")
    print(f"BG/NBD {bg_nbd.params} converged={bg_nbd.converged} iterations={bg_nbd.iterations}")
    print(f"Gamma-Gamma {gamma_gamma.params} converged={gamma_gamma.converged}")
    return {
        "bg_nbd": bg_nbd,
        "gamma_gamma": gamma_gamma,
        "weeks": weeks,
        "bg_nbd_seconds": compress_seconds + bg_nbd_seconds,
        "gamma_gamma_seconds": gamma_gamma_seconds,
    }


def run_lifetimes(python: Path, weeks: dict[str, np.ndarray], sample: int) -> dict:
    """Fit lifetimes on the same summary in its own interpreter; returns what it printed as JSON."""
    compressed = compress_summary(weeks["frequency"], weeks["recency"], weeks["T"])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "summary.npz"
        np.savez(
            path, sample=sample, **weeks, **dict(zip(["cx", "ctx", "cT", "cw"], compressed, strict=True))
        )
        command = [str(python), "-c", LIFETIMES_SCRIPT, str(path)]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def compare(ours: dict, theirs: dict) -> None:
    """Parameter and score differences, and the speed-up over lifetimes' own fits."""
    print(f"\n{'parameter':<10}{'this module':>14}{'lifetimes':>14}{'rel. diff':>11}{'lt weighted':>14}")
    gaps = []
    for model in ("bg_nbd", "gamma_gamma"):
        for name, value in theirs[model].items():
            mine = getattr(ours[model].params, name)
            weighted = theirs["bg_nbd_weighted"][name] if model == "bg_nbd" else np.nan
            gaps.append(abs(mine - value) / abs(value))
            print(f"{name:<10}{mine:>14.6f}{value:>14.6f}{gaps[-1]:>11.1e}{weighted:>14.6f}")
    k = len(theirs["p_alive"])
    x, t_x, T = (ours["weeks"][name][:k] for name in ("frequency", "recency", "T"))
    params = ours["bg_nbd"].params
    alive_gap = np.max(np.abs(p_alive(params, x, t_x, T) - theirs["p_alive"]))
    orders_gap = np.max(np.abs(expected_purchases(params, 90 / 7, x, t_x, T) - theirs["expected_90d"]))
    print(
        f"\nover {k:,} customers: max |p_alive diff| {alive_gap:.1e}, |90-day orders diff| {orders_gap:.1e}"
    )
    for model, label in (("bg_nbd", "BG/NBD"), ("gamma_gamma", "Gamma-Gamma")):
        mine, other = ours[f"{model}_seconds"], theirs[f"{model}_seconds"]
        print(f"{label} fit: lifetimes {other:.1f}s, this module {mine:.2f}s ({other / mine:.0f}x faster)")
    print(
        f"lifetimes BG/NBD given this module's compressed summary: {theirs['bg_nbd_weighted_seconds']:.1f}s"
    )
    speedup = theirs["bg_nbd_seconds"] / ours["bg_nbd_seconds"]
    print(f"\ntarget parameters within 1e-3 of lifetimes: {'met' if max(gaps) < 1e-3 else 'MISSED'}")
    print(
        f"target BG/NBD compress + fit >= 10x faster than lifetimes: {'met' if speedup >= 10 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
