"""Geometry of the small score-distribution chart drawn beside each nomination in the ranking.

Drawn as inline SVG by the template: no script and no inline style, so it works under the strict
Content-Security-Policy, prints, and carries a text alternative. A charting library would need a
canvas and a script per row for six bars. Each chart is two SVG paths (bars with sheets, stubs of
points without), since a ranking may hold hundreds of rows.
"""

from __future__ import annotations

import functools
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

    @property
    def path(self) -> str:
        """The bar as SVG path data: a rectangle from its top left corner."""
        return f"M{self.x} {self.y}h{self.width}v{self.height}h-{self.width}z"


@dataclass(frozen=True)
class Chart:
    filled: str  # path data of the bars of points with sheets
    empty: str  # path data of the 1px stubs of points without
    counts: str  # "0: 0, 1: 2, …" for the text alternative


def distribution_bars(counts: list[int], *, height: int = HEIGHT) -> list[Bar]:
    """One bar per scale point, the tallest filling the chart; an empty point keeps a 1px stub."""
    tallest = max(counts, default=0) or 1
    bars = []
    for point, count in enumerate(counts):
        bar_height = round(height * count / tallest) if count else 1
        bars.append(Bar(point, count, point * (BAR_WIDTH + GAP), height - bar_height, BAR_WIDTH, bar_height))
    return bars


def distribution_chart(counts: list[int]) -> Chart:
    return _chart(tuple(counts))


@functools.lru_cache(maxsize=4096)
def _chart(counts: tuple[int, ...]) -> Chart:
    # Pure and small: a ranking's rows come back with the same counts on every view.
    bars = distribution_bars(list(counts))
    return Chart(
        filled="".join(bar.path for bar in bars if bar.count),
        empty="".join(bar.path for bar in bars if not bar.count),
        counts=", ".join(f"{bar.point}: {bar.count}" for bar in bars),
    )


def chart_width(points: int = 6) -> int:
    return points * (BAR_WIDTH + GAP) - GAP
