"""Charts drawn on the server as inline SVG: no chart library, no script.

An SVG is an image with role="img", named by the heading and the one-line
summary next to it (aria-labelledby); the numbers themselves are in the
data table beside every chart, which screen readers read instead. Colours
are attributes, not styles, so the content security policy lets them be;
each has a contrast of at least 3:1 with the white background (WCAG 1.4.11)
and the legend names every series in words.
"""

import math

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#01689b", "#a90061", "#275937", "#42145f", "#8f4b00", "#4b5a66")
TEXT = "#1b1b1b"
GRID = "#8c8c8c"
WIDTH = 720
FONT = 12
LABEL_CHARS = 38


def _axis_step(largest: float) -> float:
    """The distance between the four grid lines: a round number (1, 2, 5 x
    10^k), at least 1, so counts get whole-number ticks."""
    raw = max(largest / 4, 1)
    power = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 5, 10):
        if raw <= step * power:
            return step * power
    return 10 * power


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def _number(value) -> str:
    if isinstance(value, float) and not value.is_integer():
        return number_format(value, 1)
    return number_format(int(value))


def _svg(labelled_by: str, height: int, parts: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every text in parts went through escape()
        f'<svg class="portal-chart" role="img" aria-labelledby="{escape(labelled_by)}"'
        f' viewBox="0 0 {WIDTH} {height}" width="100%"'
        f' xmlns="http://www.w3.org/2000/svg" font-size="{FONT}">'
        + "".join(parts)
        + "</svg>"
    )


def _legend(names: list[str]) -> tuple[list[str], int]:
    """The legend above the plot, wrapped over lines: (parts, its height)."""
    parts, x, y = [], 0, 4
    for index, name in enumerate(names):
        width = 26 + int(len(name) * FONT * 0.6)
        if x and x + width > WIDTH:
            x, y = 0, y + 20
        colour = PALETTE[index % len(PALETTE)]
        parts.append(
            f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour}"/>'
            f'<text x="{x + 19}" y="{y + 12}" fill="{TEXT}">{escape(name)}</text>'
        )
        x += width + 12
    return parts, (y + 26 if names else 0)


def column_chart(
    *, labelled_by: str, categories: list[str], series: list[tuple[str, list]]
) -> SafeString:
    """Vertical bars: one group per category (a month, a level), one bar per
    series in each group, with a legend when there is more than one series.
    A value None draws no bar."""
    legend, top = _legend([name for name, _ in series] if len(series) > 1 else [])
    top = max(top, 12)
    left, bottom, plot_height = 48, 28, 220
    height = top + plot_height + bottom
    plot_width = WIDTH - left - 8
    values = [value or 0 for _, column in series for value in column]
    axis_top = 4 * _axis_step(max(values, default=0))
    parts = list(legend)
    for step in range(5):
        value = axis_top * step / 4
        y = top + plot_height - plot_height * step / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{WIDTH - 8}" y2="{y:.1f}"'
            f' stroke="{GRID}" stroke-width="{1 if step == 0 else 0.5}"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end"'
            f' fill="{TEXT}">{escape(_number(value))}</text>'
        )
    band = plot_width / max(len(categories), 1)
    bar = band * 0.8 / max(len(series), 1)
    # Every label when they fit, else every second, third...
    every = max(1, math.ceil(len(categories) * 60 / plot_width))
    for index, category in enumerate(categories):
        x0 = left + band * index + band * 0.1
        for number, (_name, column) in enumerate(series):
            value = column[index]
            if not value:
                continue
            bar_height = plot_height * value / axis_top
            parts.append(
                f'<rect x="{x0 + bar * number:.1f}"'
                f' y="{top + plot_height - bar_height:.1f}"'
                f' width="{max(bar - 1, 1):.1f}" height="{bar_height:.1f}"'
                f' fill="{PALETTE[number % len(PALETTE)]}"/>'
            )
        if index % every == 0:
            parts.append(
                f'<text x="{left + band * (index + 0.5):.1f}"'
                f' y="{top + plot_height + 18}" text-anchor="middle"'
                f' fill="{TEXT}">{escape(_short(category))}</text>'
            )
    return _svg(labelled_by, height, parts)


def bar_chart(*, labelled_by: str, rows: list[tuple[str, int]]) -> SafeString:
    """Horizontal bars, one per row (a theme, a CoP), the label on the left
    and the value at the end of the bar: for long names."""
    label_width, row_height = 250, 26
    height = max(len(rows), 1) * row_height + 8
    plot_width = WIDTH - label_width - 56
    axis_top = max((value for _, value in rows), default=0) or 1
    parts = []
    for index, (label, value) in enumerate(rows):
        y = 4 + index * row_height
        width = plot_width * value / axis_top
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 15}" text-anchor="end"'
            f' fill="{TEXT}">{escape(_short(label))}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{width:.1f}"'
            f' height="{row_height - 8}" fill="{PALETTE[0]}"/>'
            f'<text x="{label_width + width + 6:.1f}" y="{y + 15}"'
            f' fill="{TEXT}">{escape(_number(value))}</text>'
        )
    return _svg(labelled_by, height, parts)
