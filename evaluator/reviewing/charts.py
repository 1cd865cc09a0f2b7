"""Geometry of the small score-distribution chart drawn beside each nomination in the ranking.

Drawn as inline SVG by the template: no script and no inline style, so it works under the strict
Content-Security-Policy, costs nothing per row (a ranking may hold hundreds), prints, and carries
a text alternative. A charting library would need a canvas and a script per row for six bars.
"""

from __future__ import annotations

from dataclasses import dataclass

BAR_WIDTH = 10
GAP = 3
HEIGHT = 28


@dataclass(frozen=True)
class Bar:
    point: int  # the score 0–5 this bar counts
    count: int
    x: int
    y: int
    width: int
    height: int


def distribution_bars(counts: list[int], *, height: int = HEIGHT) -> list[Bar]:
    """One bar per scale point, the tallest filling the chart; an empty point keeps a 1px stub."""
    tallest = max(counts, default=0) or 1
    bars = []
    for point, count in enumerate(counts):
        bar_height = round(height * count / tallest) if count else 1
        bars.append(Bar(point, count, point * (BAR_WIDTH + GAP), height - bar_height, BAR_WIDTH, bar_height))
    return bars


def chart_width(points: int = 6) -> int:
    return points * (BAR_WIDTH + GAP) - GAP
