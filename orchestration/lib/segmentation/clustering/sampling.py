"""Which rows are clustered, and the seeded sample the model is fitted on.

The sample is drawn by hashing customer_id with the seed, not by drawing row
positions: the same customers are picked, in the same order, however the
input happens to be sorted, so a re-ordered extract gives identical clusters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from orchestration.lib.segmentation.clustering.features import column


def buyer_mask(frame: pd.DataFrame) -> np.ndarray:
    """True for customers with at least one completed order; a null frequency counts as none."""
    return np.nan_to_num(column(frame, "frequency"), nan=0.0) > 0


def sample_positions(customer_ids: pd.Series, size: int, seed: int) -> np.ndarray:
    """Positions of `size` customers picked by a seeded hash of their id, in hash order.

    Hash order is a uniform random order, so any prefix of the result is itself
    a seeded random sample (the selection sample is the first rows of the fit sample).
    """
    hashes = pd.util.hash_pandas_object(
        customer_ids.astype("str"), index=False, hash_key=f"{seed % 10**16:016d}"
    ).to_numpy()
    picked = np.argpartition(hashes, size - 1)[:size] if size < len(hashes) else np.arange(len(hashes))
    return picked[np.argsort(hashes[picked], kind="stable")]
