"""The tornado chart of a sensitivity analysis, rendered with matplotlib's Agg canvas to
PNG bytes (no display, no ``pyplot`` state).

One bar per input, largest swing first (at the top): the Article 5 completion year with the
input at its P10 and at its P90, every other input at its P50; the base year is the line
where the bars meet. A year after the horizon is drawn at ``end_year + 1`` and labelled
"after".
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from landrelease.reports import palette

__all__ = ["tornado_figure", "tornado_png"]

PNG_DPI = 150
"""Resolution of the PNG: sharp in a DOCX page at 6 inches wide."""


def _years(table: pd.DataFrame, column: str, end_year: int) -> np.ndarray:
    values = pd.to_numeric(table[column], errors="coerce").astype(float).to_numpy()
    return np.where(np.isnan(values), end_year + 1, values)


def tornado_figure(
    table: pd.DataFrame, *, title: str, end_year: int, base_year: int | None
) -> Figure:
    """The chart of ``table`` (``sensitivity.csv``'s columns, largest swing first), bars
    from ``base_year`` (every input at P50; ``None``: after the horizon) to the year with
    the input at its P10 (blue) and at its P90 (vermillion)."""
    low = _years(table, "article5_completion_year_low", end_year)
    high = _years(table, "article5_completion_year_high", end_year)
    base = float(end_year + 1 if base_year is None else base_year)
    n = len(table)
    fig = Figure(figsize=(7.0, 1.4 + 0.38 * max(n, 1)))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    y = np.arange(n)[::-1]
    for values, colour, label in (
        (low, palette.BLUE, "input at its P10"),
        (high, palette.VERMILLION, "input at its P90"),
    ):
        ax.barh(y, values - base, left=base, color=colour, height=0.6, label=label)
    ax.axvline(base, color=palette.BLACK, linewidth=1)
    ax.set_yticks(y, [str(v) for v in table["input"]])
    span = np.concatenate([low, high, [base]])
    ax.set_xlim(span.min() - 1, span.max() + 1)
    step = max(1, int(np.ceil((span.max() - span.min() + 2) / 12)))
    ticks = np.arange(int(span.min()) - 1, int(span.max()) + 2, step)
    ax.set_xticks(ticks, [("after" if t > end_year else str(t)) for t in ticks])
    ax.set_xlabel("Article 5 completion year (one input at P10 or P90, the others at P50)")
    ax.set_title(title, fontsize=10)
    ax.legend(loc="lower right", fontsize=8)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    return fig


def tornado_png(table: pd.DataFrame, *, title: str, end_year: int, base_year: int | None) -> bytes:
    """:func:`tornado_figure` as PNG bytes (no software tag or time stamp: the same table
    gives the same bytes)."""
    buffer = io.BytesIO()
    tornado_figure(table, title=title, end_year=end_year, base_year=base_year).savefig(
        buffer, format="png", dpi=PNG_DPI, metadata={"Software": None}
    )
    return buffer.getvalue()
