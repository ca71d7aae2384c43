"""Geometry for the dashboard's small SVG charts: bars over time and ranked bars. Only numbers
and the labels' text leave here; the templates draw them (autoescaped), so no label can
become markup. Fast enough to draw on every request (no matplotlib)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int
    href: str | None = None


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    ticks: list[Tick]
    labels: list[tuple[float, str]]  # x, text: the time axis, thinned so labels do not overlap
    title: str
    unit: str = "killed"  # what a bar counts, for its tooltip ("killed", "incidents")


def nice_max(value: int) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (at least 1)."""
    step = 1
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return max(1, m * step)
        step *= 10


def time_chart(points: list[tuple[str, int]], *, title: str, width: int = 560, height: int = 200,
               unit: str = "killed") -> Chart:
    """Columns, one per period, on a value axis from 0."""
    left, bottom, top = 40, 22, 10
    plot_w, plot_h = width - left - 8, height - bottom - top
    top_value = nice_max(max((v for _, v in points), default=0))
    n = max(1, len(points))
    slot = plot_w / n
    bars = []
    for i, (label, value) in enumerate(points):
        h = plot_h * value / top_value
        bars.append(Bar(x=left + i * slot + slot * 0.1, y=top + plot_h - h, width=max(1.0, slot * 0.8), height=h,
                        label=label, value=value))
    fractions = (0, 0.5, 1) if top_value >= 2 else (0, 1)  # no two ticks with the same value
    ticks = [Tick(y=top + plot_h - plot_h * f, value=round(top_value * f)) for f in fractions]
    every = max(1, -(-n // 6))  # at most six labels: "2024-W11" is ~50 px at 11 px
    labels = [(left + i * slot + slot / 2, label) for i, (label, _) in enumerate(points) if i % every == 0]
    return Chart(width=width, height=height, bars=bars, ticks=ticks, labels=labels, title=title, unit=unit)


def ranked_chart(items: list[tuple[str, int, str | None]], *, title: str, width: int = 360, row: int = 22,
                 unit: str = "killed") -> Chart:
    """Horizontal bars, largest first; each item is (label, value, link)."""
    label_w, right = 150, 48
    plot_w = width - label_w - right
    largest = max((v for _, v, _ in items), default=0) or 1
    bars = [Bar(x=label_w, y=i * row + 4, width=max(1.0, plot_w * value / largest) if value else 0.0, height=row - 8,
                label=label, value=value, href=href) for i, (label, value, href) in enumerate(items)]
    return Chart(width=width, height=max(row, row * len(items) + 4), bars=bars, ticks=[], labels=[], title=title,
                 unit=unit)
