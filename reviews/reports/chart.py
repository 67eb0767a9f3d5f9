"""A small line chart of a site's totals over time, drawn as SVG on the server.

Pure: points in, SVG text out. Used in the PDF (WeasyPrint draws SVG as
vectors) and fit for a web page too; no JavaScript anywhere.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 480, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 34, 12, 34


@dataclass(frozen=True)
class ChartPoint:
    label: str  # e.g. the visit date, already formatted for the reader
    total: int
    current: bool = False


@dataclass(frozen=True)
class ChartBand:
    min_total: int
    name: str


def totals_chart(
    points: Sequence[ChartPoint],
    *,
    low: int,
    high: int,
    bands: Sequence[ChartBand],
    title: str,
) -> str:
    """SVG of the totals in time order, with the band cut-offs as dashed lines."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def y(total: float) -> float:
        return TOP + plot_h * (high - total) / (high - low)

    def x(index: int) -> float:
        if len(points) == 1:
            return LEFT + plot_w / 2
        return LEFT + plot_w * index / (len(points) - 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" '
        'fill="none" stroke="#999" stroke-width="1"/>',
    ]
    for band in bands:
        if low < band.min_total <= high:
            level = y(band.min_total)
            parts.append(
                f'<line x1="{LEFT}" y1="{level:.1f}" x2="{LEFT + plot_w}" y2="{level:.1f}" '
                'stroke="#bbb" stroke-dasharray="4 3" stroke-width="1"/>'
            )
            parts.append(
                f'<text x="{LEFT - 4}" y="{level + 3:.1f}" font-size="9" text-anchor="end" '
                f'fill="#555">{band.min_total}</text>'
            )
            parts.append(
                f'<text x="{LEFT + 4}" y="{level - 3:.1f}" font-size="8" fill="#777">'
                f"{escape(band.name)}</text>"
            )
    if len(points) > 1:
        line = " ".join(f"{x(i):.1f},{y(p.total):.1f}" for i, p in enumerate(points))
        parts.append(f'<polyline points="{line}" fill="none" stroke="#0b4f9c" stroke-width="2"/>')
    for i, point in enumerate(points):
        radius = 5 if point.current else 3.5
        parts.append(
            f'<circle cx="{x(i):.1f}" cy="{y(point.total):.1f}" r="{radius}" fill="#0b4f9c"/>'
        )
        parts.append(
            f'<text x="{x(i):.1f}" y="{y(point.total) - 8:.1f}" font-size="10" '
            f'text-anchor="middle" fill="#000">{point.total}</text>'
        )
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - 12}" font-size="9" text-anchor="middle" '
            f'fill="#333">{escape(point.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
