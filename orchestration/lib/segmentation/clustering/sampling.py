"""The seeded sample of buyers the model is fitted on, drawn by the warehouse.

The warehouse orders buyers by a hash of the seed and their customer_id and
hands Python only the first `size`: the same customers, in the same order,
however the table happens to be stored, and Python never holds every member.
Hash order is a uniform random order, so any prefix of the sample is itself a
seeded random sample (the selection sample is the first rows of the fit sample).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from orchestration.lib.segmentation.clustering.features import INPUT_COLUMNS
from orchestration.lib.sql import quote_identifier


def read_sample(conn: duckdb.DuckDBPyConnection, relation: str, size: int, seed: int) -> pd.DataFrame:
    """customer_id and the clustering inputs of `size` buyers of `relation` (a trusted
    schema.table), picked and ordered by md5(seed:customer_id); customer_id breaks a hash tie.

    A buyer has at least one completed order (a null frequency counts as none), as in the
    dbt model int_behavior_features_derived.
    """
    selected = ", ".join(map(quote_identifier, ["customer_id", *dict.fromkeys(INPUT_COLUMNS)]))
    return conn.execute(
        f"select {selected} from {relation} where coalesce(frequency, 0) > 0"
        " order by md5(cast(? as varchar) || ':' || customer_id), customer_id limit ?",
        [seed, size],
    ).df()
