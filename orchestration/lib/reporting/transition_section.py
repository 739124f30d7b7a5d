"""Where members moved since the previous as-of date, per RFM segment and loyalty status."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
from markupsafe import Markup

from orchestration.lib.reporting import formatting
from orchestration.lib.reporting.charts import heatmap_png
from orchestration.lib.reporting.html_page import (
    Section,
    chart_html,
    headed_html,
    pair_html,
    table_html,
    text_html,
)
from orchestration.lib.reporting.transitions import TRANSITION_FAMILIES, TransitionMatrix

NO_EARLIER_DATE = "No earlier as-of date yet: transitions appear once two as-of dates have been processed."
BIGGEST_MOVES = 10


def transition_section(matrices: list[TransitionMatrix], as_of: date) -> Section:
    """A heatmap per family (colour = share of the row's members, numbers = members) and top moves."""
    title = "Segment transitions"
    if not matrices:
        return Section("transitions", title, (text_html(NO_EARLIER_DATE),))
    blocks = [_matrix_block(matrix, as_of) for matrix in matrices]
    missing = [family for family in TRANSITION_FAMILIES if family not in {m.family for m in matrices}]
    blocks += [text_html(f"No transitions recorded for {family}.") for family in missing]
    return Section("transitions", title, tuple(blocks), charts=len(matrices))


def _matrix_block(matrix: TransitionMatrix, as_of: date) -> Markup:
    customers = matrix.customers.astype(float)
    row_totals = customers.sum(axis=1, keepdims=True)
    shares = np.divide(customers, row_totals, out=np.zeros_like(customers), where=row_totals > 0)
    period = f"{matrix.previous_as_of_date} → {as_of}"
    chart = chart_html(
        f"transitions-{matrix.family}",
        heatmap_png(
            shares,
            [[formatting.count(value) if value else "" for value in row] for row in matrix.customers],
            matrix.from_segments,
            matrix.to_segments,
            f"{matrix.family}: {period}",
            (f"segment on {as_of}", f"segment on {matrix.previous_as_of_date}"),
            "share of the row's members",
        ),
        alt=f"Transition matrix of {matrix.family} from {period}",
        caption="Rows: segment on the previous as-of date; columns: segment now; the diagonal stayed.",
    )
    moves = pd.DataFrame(matrix.moves()[:BIGGEST_MOVES], columns=["from_segment", "to_segment", "customers"])
    table = (
        table_html(moves, {"customers": formatting.count}) if not moves.empty else text_html("Nobody moved.")
    )
    return headed_html(matrix.family, pair_html(chart, table))
