"""Benchmark of the behavioural clustering: N synthetic members, select k + fit + assign + profile.

Prints the wall time of each stage and the peak memory of this process
(`ru_maxrss`, which includes the generated frame). Not a test: run it by hand,

    .venv/bin/python benchmarks/benchmark_clusters.py --customers 1000000
"""

from __future__ import annotations

import argparse
import resource
import time

from sklearn.metrics import adjusted_rand_score

from orchestration.lib.segmentation.clustering import (
    ClusteringConfig,
    assign_clusters,
    fit_clusters,
    profile_clusters,
)
from orchestration.lib.segmentation.clustering.synthetic import planted_members


def peak_rss_gb() -> float:
    """Peak resident memory of this process so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=1, help="k-means threads; 0 for sklearn's default")
    args = parser.parse_args()
    config = ClusteringConfig(seed=args.seed, threads=args.threads or None)

    started = time.perf_counter()
    frame = planted_members(args.customers, seed=args.seed)
    print(
        f"generated {len(frame):,} members in {time.perf_counter() - started:.1f}s "
        f"(peak RSS {peak_rss_gb():.2f} GB)"
    )

    timings = {}
    started = time.perf_counter()
    model = fit_clusters(frame, config)
    timings["select k + fit"] = time.perf_counter() - started
    started = time.perf_counter()
    assignments = assign_clusters(model, frame)
    timings["assign all buyers"] = time.perf_counter() - started
    started = time.perf_counter()
    profile = profile_clusters(model, frame, assignments)
    timings["profile"] = time.perf_counter() - started

    print(model.selection_scores.to_string(index=False))
    print(profile[["behavior_cluster", "behavior_cluster_label", "customers", "share_of_buyers"]].to_string())
    buyers = assignments["behavior_cluster"].notna().to_numpy()
    recovered = adjusted_rand_score(frame["planted_group"][buyers], assignments["behavior_cluster"][buyers])
    print(f"k={model.k}, adjusted Rand vs planted groups {recovered:.3f}")
    for stage, seconds in timings.items():
        print(f"{stage:<25}{seconds:>8.1f}s")
    print(f"{'total':<25}{sum(timings.values()):>8.1f}s   peak RSS {peak_rss_gb():.2f} GB")


if __name__ == "__main__":
    main()
