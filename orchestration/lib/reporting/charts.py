"""The report's charts as PNG bytes, drawn with matplotlib's Agg canvas.

matplotlib is imported inside the drawing call so the Dagster code location loads
fast. Figures are made without pyplot (no global figure registry to leak into), and
mathtext is switched off: a segment called `$x$` is a name, not a formula.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from orchestration.lib.reporting.histograms import Histogram

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DPI = 100
LABEL_WIDTH = 36
CUSTOMERS_COLOUR = "#4c78a8"
REVENUE_COLOUR = "#f58518"
_STYLE = {
    "text.parse_math": False,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def render_png(draw: Callable[[Figure], None], width: float, height: float) -> bytes:
    """Run `draw` on a fresh figure of `width` × `height` inches and return it as PNG."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    with matplotlib.rc_context(_STYLE):
        figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
        canvas = FigureCanvasAgg(figure)
        draw(figure)
        buffer = io.BytesIO()
        canvas.print_png(buffer)
    return buffer.getvalue()


def short_label(label: str, width: int = LABEL_WIDTH) -> str:
    """Cut long labels (cluster names) for axes; the tables beside the charts show them whole."""
    return label if len(label) <= width else label[: width - 1] + "…"


def share_bars_png(
    labels: Sequence[str], customer_shares: Sequence[float], revenue_shares: Sequence[float], title: str
) -> bytes:
    """Horizontal paired bars: each segment's share of customers next to its share of revenue."""

    def draw(figure: Figure) -> None:
        from matplotlib.ticker import PercentFormatter

        axes = figure.add_subplot()
        rows = np.arange(len(labels))
        axes.barh(rows - 0.2, customer_shares, 0.4, color=CUSTOMERS_COLOUR, label="share of customers")
        axes.barh(rows + 0.2, revenue_shares, 0.4, color=REVENUE_COLOUR, label="share of 12-month revenue")
        axes.set_yticks(rows, labels=[short_label(label) for label in labels])
        axes.invert_yaxis()
        axes.xaxis.set_major_formatter(PercentFormatter(1.0))
        axes.set_title(title)
        figure.legend(loc="outside lower center", ncols=2, fontsize=8, frameon=False)

    return render_png(draw, 5.5, 1.3 + 0.3 * len(labels))


def heatmap_png(
    values: np.ndarray,
    annotations: Sequence[Sequence[str]],
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    title: str,
    axis_labels: tuple[str, str],
    colour_label: str,
) -> bytes:
    """A grid coloured by `values` (NaN = blank) with each cell's text from `annotations`."""
    rows, columns = values.shape

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        image = axes.imshow(np.ma.masked_invalid(values), cmap="Blues", aspect="auto")
        axes.set_xticks(range(columns), labels=[short_label(label, 24) for label in column_labels])
        if max(map(len, column_labels)) > 6:
            axes.tick_params(axis="x", labelrotation=40)
        axes.set_yticks(range(rows), labels=[short_label(label) for label in row_labels])
        axes.set_xlabel(axis_labels[0])
        axes.set_ylabel(axis_labels[1])
        axes.set_title(title)
        figure.colorbar(image, ax=axes, label=colour_label, shrink=0.8)
        for (row, column), text in np.ndenumerate(np.asarray(annotations, dtype=object)):
            dark = bool(image.norm(values[row, column]) > 0.6)
            axes.text(
                column, row, text, ha="center", va="center", fontsize=7, color="white" if dark else "black"
            )

    return render_png(draw, 2.6 + 0.6 * columns, 1.6 + 0.4 * rows)


def histogram_png(histogram: Histogram, title: str, value_label: str) -> bytes:
    """Bars over the SQL-computed bins of `histogram`."""
    edges = np.asarray(histogram.edges)

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        axes.bar(edges[:-1], histogram.counts, width=np.diff(edges), align="edge", color=CUSTOMERS_COLOUR)
        axes.set_xlabel(value_label)
        axes.set_ylabel("members")
        axes.set_title(title)

    return render_png(draw, 6.0, 3.4)


def stacked_bars_png(
    categories: Sequence[str], stacks: Mapping[str, Sequence[int]], colours: Mapping[str, str], title: str
) -> bytes:
    """Vertical bars per category, split into the named `stacks` (bottom first)."""

    def draw(figure: Figure) -> None:
        axes = figure.add_subplot()
        bottom = np.zeros(len(categories))
        for name, heights in stacks.items():
            axes.bar(categories, heights, bottom=bottom, label=name, color=colours.get(name, "#bab0ac"))
            bottom += np.asarray(heights, dtype=float)
        axes.set_ylabel("members")
        axes.set_title(title)
        axes.legend(fontsize=8)

    return render_png(draw, 5.0, 3.4)
