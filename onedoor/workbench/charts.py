"""The geometry of the report's small charts, drawn by the templates as inline SVG.

No chart library and nothing fetched: a chart is a handful of rectangles or a polyline in a
fixed coordinate box (the SVG's viewBox), which the page scales to its width. Every chart
stands beside a table of the same figures, for screen readers and for print.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

LEFT, RIGHT, TOP, BOTTOM = 44.0, 12.0, 14.0, 34.0  # room for the axis labels


@dataclass(frozen=True, slots=True)
class Tick:
    y: float
    label: str


@dataclass(frozen=True, slots=True)
class Segment:
    x: float
    y: float
    width: float
    height: float
    series: int
    value: float


@dataclass(frozen=True, slots=True)
class BarGroup:
    label: str
    x_label: float
    segments: list[Segment]
    total: float
    y_total: float

    @property
    def y_value(self) -> float:
        return self.y_total - 4


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    left: float
    right: float
    bottom: float
    groups: list[BarGroup]
    ticks: list[Tick]

    @property
    def tick_x(self) -> float:
        return self.left - 6

    @property
    def label_y(self) -> float:
        return self.bottom + 16


@dataclass(frozen=True, slots=True)
class LinePoint:
    x: float
    y: float
    label: str
    value: float


@dataclass(frozen=True, slots=True)
class LineChart:
    width: int
    height: int
    left: float
    right: float
    bottom: float
    path: str
    points: list[LinePoint]
    x_labels: list[tuple[float, str]]
    ticks: list[Tick]
    threshold_y: float | None

    @property
    def tick_x(self) -> float:
        return self.left - 6

    @property
    def label_y(self) -> float:
        return self.bottom + 16


def nice_top(value: float, steps: int = 4) -> tuple[float, float]:
    """A round top for an axis holding ``value`` and its step (1, 2 or 5 × 10ⁿ)."""
    if value <= 0:
        return float(steps), 1.0
    raw = value / steps
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    return step * math.ceil(value / step), step


def _ticks(top: float, step: float, y_of: "YScale") -> list[Tick]:
    count = round(top / step)
    return [Tick(y_of(step * i), _number(step * i)) for i in range(count + 1)]


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


class YScale:
    def __init__(self, top: float, height: int) -> None:
        self.top, self.bottom = top, height - BOTTOM

    def __call__(self, value: float) -> float:
        return round(self.bottom - (self.bottom - TOP) * value / self.top, 1)


def bar_chart(
    groups: Sequence[tuple[str, Sequence[float]]], *, width: int = 720, height: int = 240
) -> BarChart:
    """Stacked bars, one per group (its label under it), the series stacked bottom up."""
    totals = [sum(values) for _label, values in groups]
    top, step = nice_top(max(totals, default=0))
    y_of = YScale(top, height)
    slot = (width - LEFT - RIGHT) / max(len(groups), 1)
    bar = min(slot * 0.7, 48.0)
    drawn = []
    for index, (label, values) in enumerate(groups):
        x = LEFT + slot * index + (slot - bar) / 2
        base, segments = 0.0, []
        for series, value in enumerate(values):
            if value > 0:
                upper = y_of(base + value)
                segments.append(
                    Segment(round(x, 1), upper, round(bar, 1), y_of(base) - upper, series, value)
                )
            base += value
        drawn.append(BarGroup(label, round(x + bar / 2, 1), segments, base, y_of(base)))
    return BarChart(
        width, height, LEFT, width - RIGHT, height - BOTTOM, drawn, _ticks(top, step, y_of)
    )


def line_chart(
    points: Sequence[tuple[str, float | None]],
    *,
    width: int = 720,
    height: int = 220,
    threshold: float | None = None,
) -> LineChart:
    """A line through the values (a gap where a value is None), its labels under the points,
    and a level line at ``threshold`` if given."""
    values = [v for _label, v in points if v is not None]
    top, step = nice_top(max([*values, threshold or 0], default=0))
    y_of = YScale(top, height)
    slot = (width - LEFT - RIGHT) / max(len(points), 1)
    drawn, path, pen_down = [], [], False
    x_labels = []
    for index, (label, value) in enumerate(points):
        x = round(LEFT + slot * index + slot / 2, 1)
        x_labels.append((x, label))
        if value is None:
            pen_down = False
            continue
        y = y_of(value)
        path.append(f"{'L' if pen_down else 'M'}{x} {y}")
        pen_down = True
        drawn.append(LinePoint(x, y, label, value))
    return LineChart(
        width=width,
        height=height,
        left=LEFT,
        right=width - RIGHT,
        bottom=height - BOTTOM,
        path=" ".join(path),
        points=drawn,
        x_labels=x_labels,
        ticks=_ticks(top, step, y_of),
        threshold_y=y_of(threshold) if threshold is not None else None,
    )
