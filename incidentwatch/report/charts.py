"""Bar charts for the report, drawn by matplotlib as inline SVG.

Two pure functions, each taking a small frozen dataclass and returning an ``<svg>`` element:

* ``draw_column_chart``: vertical bars over time (deaths by month), optionally stacked by
  segment (victim category), each column labelled with its total;
* ``draw_bar_chart``: horizontal bars, largest first as given (deaths by province, by group, by
  victim category), each bar labelled with its value.

The SVG references no font, image, script or URL: glyphs are drawn as paths (``svg.fonttype:
path``), matplotlib's metadata and date are dropped, and ids are prefixed (see ``svg.py``), so the
same input gives the same bytes. Labels may come from article text: matplotlib escapes text, math
text and TeX are off (a ``$`` is a dollar sign), long labels are shortened on the axis, and every
label and figure is also listed, escaped, in the SVG's ``<desc>``.

What this is not: it does not choose what to chart (top-N, ordering, "other") nor query anything.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .svg import inline_svg, shorten

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.typing import RcKeyType

# The report's text column is about 180 mm wide on A4; charts are drawn at that width so that
# 9-point text stays 9 points when printed.
WIDTH_IN = 7.0
FONT_PT = 9.0
# Axis labels longer than this are cut with an ellipsis (the full text is in <desc>).
LABEL_CHARS = 42
# More bars than this are no longer readable on one A4 page.
MAX_BARS = 60
# Colour-blind-safe qualitative palette (Okabe and Ito, 2008), in segment order; a single series
# uses the first colour.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
NO_DATA_TEXT = "No data for this period"

_RC: dict[RcKeyType, Any] = {
    "svg.fonttype": "path",  # glyphs as paths: no font file or font name is needed to show it
    "svg.hashsalt": "incidentwatch",  # fixed ids: reproducible output
    "svg.image_inline": True,
    "text.usetex": False,
    "text.parse_math": False,  # "$x$" in a group's name is text, not math
    "font.family": "DejaVu Sans",  # bundled with matplotlib
    "font.size": FONT_PT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#555555",
    "axes.labelcolor": "#222222",
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "legend.frameon": False,
}


def _check_values(values: Sequence[float], n: int, what: str) -> None:
    if len(values) != n:
        raise ValueError(f"{what}: {len(values)} values for {n} labels")
    for v in values:
        if not isinstance(v, int | float) or isinstance(v, bool) or not math.isfinite(v) or v < 0:
            raise ValueError(f"{what}: values must be finite numbers >= 0, got {v!r}")


@dataclass(frozen=True)
class BarSeries:
    """One value per label, drawn in the order given.

    Args:
        title: the chart's title.
        labels: category names (months, provinces, groups); may be article text.
        values: one non-negative figure per label.
        value_axis: what the values count ("Deaths").
        category_axis: what the labels are ("Month"); empty for none.
    """

    title: str
    labels: tuple[str, ...]
    values: tuple[float, ...]
    value_axis: str = "Deaths"
    category_axis: str = ""

    def __post_init__(self) -> None:
        if len(self.labels) > MAX_BARS:
            raise ValueError(f"{self.title!r}: {len(self.labels)} bars, at most {MAX_BARS}")
        _check_values(self.values, len(self.labels), repr(self.title))


@dataclass(frozen=True)
class Segment:
    """One layer of a stacked chart: a name ("civilians") and one value per label."""

    name: str
    values: tuple[float, ...]


@dataclass(frozen=True)
class StackedBarSeries:
    """Columns made of segments stacked in the order given, labelled with their totals."""

    title: str
    labels: tuple[str, ...]
    segments: tuple[Segment, ...]
    value_axis: str = "Deaths"
    category_axis: str = ""

    def __post_init__(self) -> None:
        if len(self.labels) > MAX_BARS:
            raise ValueError(f"{self.title!r}: {len(self.labels)} bars, at most {MAX_BARS}")
        if not self.segments:
            raise ValueError(f"{self.title!r}: a stacked chart needs at least one segment")
        if len(self.segments) > len(PALETTE):
            raise ValueError(f"{self.title!r}: {len(self.segments)} segments, at most {len(PALETTE)}")
        for s in self.segments:
            _check_values(s.values, len(self.labels), f"{self.title!r} segment {s.name!r}")

    @property
    def totals(self) -> tuple[float, ...]:
        return tuple(sum(s.values[i] for s in self.segments) for i in range(len(self.labels)))


def format_value(value: float) -> str:
    """``1234`` -> ``1,234``; fractions keep one decimal."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def draw_column_chart(series: BarSeries | StackedBarSeries) -> str:
    """Vertical bars, one per label (e.g. deaths by month), stacked when given segments.

    Returns:
        An inline ``<svg>`` element (see the module docstring).
    """
    segments: tuple[Segment, ...]
    if isinstance(series, BarSeries):
        segments = (Segment(name=series.value_axis, values=series.values),)
        totals = series.values
    else:
        segments, totals = series.segments, series.totals
    n = len(series.labels)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(WIDTH_IN, 3.4))
        ax = fig.add_subplot()
        _titles(ax, series.title, series.category_axis, series.value_axis)
        if n == 0 or max(totals, default=0) == 0:
            return _finish_empty(fig, ax, series.title)
        positions = range(n)
        bottom = [0.0] * n
        for colour, seg in zip(PALETTE, segments, strict=False):
            ax.bar(positions, seg.values, bottom=bottom, width=0.7, color=colour, label=shorten(seg.name, LABEL_CHARS),
                   linewidth=0)
            bottom = [b + v for b, v in zip(bottom, seg.values, strict=True)]
        for x, total in zip(positions, totals, strict=True):
            ax.annotate(format_value(total), (x, total), xytext=(0, 2), textcoords="offset points",
                        ha="center", va="bottom", fontsize=FONT_PT - 0.5, color="#222222")
        ax.set_xticks(list(positions), [shorten(label, 16) for label in series.labels])
        if n > 12 or max((len(label) for label in series.labels), default=0) * n > 110:
            for tick in ax.get_xticklabels():
                tick.set_rotation(45)
                tick.set_horizontalalignment("right")
        ax.set_xlim(-0.6, n - 0.4)
        ax.set_ylim(0, max(totals) * 1.12)
        _value_axis(ax.yaxis)
        ax.grid(axis="y")
        ax.set_axisbelow(True)
        if len(segments) > 1:
            ax.legend(loc="upper left", bbox_to_anchor=(0, 1.0), ncols=min(len(segments), 4), fontsize=FONT_PT - 0.5,
                      handlelength=1.0, columnspacing=1.2)
            ax.set_ylim(0, max(totals) * 1.25)  # room for the legend above the tallest column
        fig.tight_layout(pad=0.6)
        return _finish(fig, series.title, _describe_columns(series, segments, totals))


def draw_bar_chart(series: BarSeries) -> str:
    """Horizontal bars, the first label on top (e.g. deaths by province, by group).

    Returns:
        An inline ``<svg>`` element (see the module docstring).
    """
    n = len(series.labels)
    with matplotlib.rc_context(_RC):
        fig = Figure(figsize=(WIDTH_IN, 0.9 + 0.27 * max(n, 3)))
        ax = fig.add_subplot()
        _titles(ax, series.title, series.value_axis, series.category_axis)
        if n == 0 or max(series.values, default=0) == 0:
            return _finish_empty(fig, ax, series.title)
        positions = list(range(n))
        bars = ax.barh(positions, series.values, height=0.68, color=PALETTE[0], linewidth=0)
        ax.bar_label(bars, labels=[format_value(v) for v in series.values], padding=3,
                     fontsize=FONT_PT - 0.5, color="#222222")
        ax.set_yticks(positions, [shorten(label, LABEL_CHARS) for label in series.labels])
        ax.invert_yaxis()
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0, max(series.values) * 1.12)
        _value_axis(ax.xaxis)
        ax.grid(axis="x")
        ax.set_axisbelow(True)
        ax.tick_params(axis="y", length=0)
        fig.tight_layout(pad=0.6)
        description = "; ".join(f"{label}: {format_value(v)}" for label, v in zip(series.labels, series.values,
                                                                                  strict=True))
        return _finish(fig, series.title, f"{series.value_axis} by {series.category_axis or 'category'}: {description}")


def _titles(ax: Axes, title: str, x_label: str, y_label: str) -> None:
    # The title starts at the figure's left edge, above long bar labels too.
    ax.figure.suptitle(shorten(title, 90), x=0.01, ha="left", fontsize=FONT_PT + 2, fontweight="bold")
    if x_label:
        ax.set_xlabel(shorten(x_label, 60))
    if y_label:
        ax.set_ylabel(shorten(y_label, 60))


def _value_axis(axis: Axis) -> None:
    axis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: format_value(v)))


def _describe_columns(series: BarSeries | StackedBarSeries, segments: Sequence[Segment],
                      totals: Sequence[float]) -> str:
    parts = []
    for i, label in enumerate(series.labels):
        split = ", ".join(f"{s.name} {format_value(s.values[i])}" for s in segments) if len(segments) > 1 else ""
        parts.append(f"{label}: {format_value(totals[i])}" + (f" ({split})" if split else ""))
    return f"{series.value_axis} by {series.category_axis or 'category'}: " + "; ".join(parts)


def _finish_empty(fig: Figure, ax: Axes, title: str) -> str:
    fig.set_size_inches(WIDTH_IN, 1.2)
    ax.set_axis_off()
    ax.text(0.5, 0.4, NO_DATA_TEXT, transform=ax.transAxes, ha="center", va="center", color="#555555")
    fig.tight_layout(pad=0.6)
    return _finish(fig, title, NO_DATA_TEXT)


def _finish(fig: Figure, title: str, description: str) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None})
    return inline_svg(buffer.getvalue(), title=title, description=description)
