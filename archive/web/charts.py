"""Bar charts as geometry for inline SVG in the templates.

The partners page must work without JavaScript and load nothing from elsewhere, so
its timeline is SVG drawn on the server. Only numbers are computed here; the templates
write the elements, and Jinja escapes every label like any other text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    bars: list[Bar]
    maximum: int


def bar_chart(
    values: dict[int, int], years: list[int], *, width: int = 640, height: int = 160, gap: float = 2
) -> BarChart:
    """Bars for ``years`` (zero where ``values`` has none), scaled to the largest value."""
    maximum = max((values.get(y, 0) for y in years), default=0)
    slot = width / max(len(years), 1)
    bars = []
    for index, year in enumerate(years):
        value = values.get(year, 0)
        bar_height = (height * value / maximum) if maximum else 0.0
        bars.append(
            Bar(
                label=str(year),
                value=value,
                x=round(index * slot + gap / 2, 2),
                y=round(height - bar_height, 2),
                width=round(max(slot - gap, 1), 2),
                height=round(bar_height, 2),
            )
        )
    return BarChart(width, height, bars, maximum)
