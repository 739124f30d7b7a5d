"""Benchmark of the behavioural clustering fit: N synthetic members, seeded sample + select k + fit.

The members sit in an in-memory DuckDB feature mart; the warehouse draws the seeded
sample and Python fits on it, as the behavior_cluster_model asset does. Assigning every
member is the dbt model behavior_clusters (timed by benchmark_refresh.py). Prints the
wall time of each stage and the peak memory of this process (`ru_maxrss`, which includes
the generated frame). Not a test: run it by hand from the repository root,

    .venv/bin/python -m benchmarks.benchmark_clusters --customers 1000000
"""

from __future__ import annotations

import argparse
import resource
import time

import duckdb
from sklearn.metrics import adjusted_rand_score

from orchestration.lib.frames import write_table
from orchestration.lib.segmentation.clustering import ClusteringConfig, cluster_sample, read_sample
from tests.lib.segmentation.synthetic_clusters import planted_members

RELATION = "marts.customer_features"


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
    conn = duckdb.connect()
    write_table(conn, RELATION, frame.drop(columns=["planted_group"]))
    print(
        f"generated {len(frame):,} members in {time.perf_counter() - started:.1f}s "
        f"(peak RSS {peak_rss_gb():.2f} GB)"
    )

    timings = {}
    started = time.perf_counter()
    sample = read_sample(conn, RELATION, config.fit_sample_size, config.seed)
    timings["draw sample"] = time.perf_counter() - started
    started = time.perf_counter()
    result = cluster_sample(sample, config)
    timings["select k + fit + profile"] = time.perf_counter() - started

    print(result.selection_scores.to_string(index=False))
    print(result.profile[["behavior_cluster", "behavior_cluster_label", "sampled_buyers"]].to_string())
    groups = frame.set_index("customer_id").loc[sample["customer_id"], "planted_group"]
    recovered = adjusted_rand_score(groups, result.model.sample_clusters)
    print(f"k={result.k}, adjusted Rand vs planted groups over the sample {recovered:.3f}")
    for stage, seconds in timings.items():
        print(f"{stage:<25}{seconds:>8.1f}s")
    print(f"{'total':<25}{sum(timings.values()):>8.1f}s   peak RSS {peak_rss_gb():.2f} GB")


if __name__ == "__main__":
    main()
