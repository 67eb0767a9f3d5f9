"""Small charts drawn as SVG on the server: totals over time, an item profile,
reviewer capacity, the national heatmap.

Pure: points in, SVG text out. Used in the PDF (WeasyPrint draws SVG as
vectors) and fit for a web page too; no JavaScript anywhere.
"""

import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

WIDTH, HEIGHT = 480, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 34, 12, 34


@dataclass(frozen=True)
class ChartPoint:
    label: str  # e.g. the visit date, already formatted for the reader
    total: int
    current: bool = False
    # Points of one series share a line; with more than one series, a legend names
    # them (external reviews and self-assessments are never joined by one line).
    series: str = ""
    # Points with the same slot stand at one place along the x axis (the components of
    # one review); None: a place of its own.
    slot: int | None = None


@dataclass(frozen=True)
class ChartBand:
    min_total: int
    name: str


# One look per series, in order of first appearance: colour, dash pattern of the
# line, and a marker shape, so the series differ without colour too.
SERIES_LOOKS = [("#0b4f9c", "", "circle"), ("#9c4a00", "5 3", "square")]
LEGEND_HEIGHT = 16


def totals_chart(
    points: Sequence[ChartPoint],
    *,
    low: int,
    high: int,
    bands: Sequence[ChartBand],
    title: str,
) -> str:
    """SVG of the totals in time order, with the band cut-offs as dashed lines.

    Points come in time order; each takes the next place along the x axis, whatever
    its series.
    """
    series = list(dict.fromkeys(point.series for point in points))
    top = TOP + (LEGEND_HEIGHT if len(series) > 1 else 0)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - top - BOTTOM

    def y(total: float) -> float:
        return top + plot_h * (high - total) / (high - low)

    keys = [("slot", p.slot) if p.slot is not None else ("own", i) for i, p in enumerate(points)]
    slots = {key: place for place, key in enumerate(dict.fromkeys(keys))}

    def x(index: int) -> float:
        if len(slots) == 1:
            return LEFT + plot_w / 2
        return LEFT + plot_w * slots[keys[index]] / (len(slots) - 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{LEFT}" y="{top}" width="{plot_w}" height="{plot_h}" '
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
    placed = [(x(i), y(p.total), p) for i, p in enumerate(points)]
    for number, name in enumerate(series):
        colour, dashes, shape = SERIES_LOOKS[number % len(SERIES_LOOKS)]
        own = [(px, py, p) for px, py, p in placed if p.series == name]
        if len(own) > 1:
            line = " ".join(f"{px:.1f},{py:.1f}" for px, py, _p in own)
            dash = f' stroke-dasharray="{dashes}"' if dashes else ""
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
            )
        for px, py, point in own:
            parts.append(_marker(shape, px, py, 5 if point.current else 3.5, colour))
        if len(series) > 1:
            legend_x = LEFT + number * 170
            parts.append(_marker(shape, legend_x + 5, TOP + 4, 3.5, colour))
            parts.append(
                f'<text x="{legend_x + 13}" y="{TOP + 7}" font-size="9" fill="#333">'
                f"{escape(name)}</text>"
            )
    labelled = set()
    for (px, py, point), key in zip(placed, keys, strict=True):
        parts.append(
            f'<text x="{px:.1f}" y="{py - 8:.1f}" font-size="10" '
            f'text-anchor="middle" fill="#000">{point.total}</text>'
        )
        if key not in labelled:  # one date under each place
            labelled.add(key)
            parts.append(
                f'<text x="{px:.1f}" y="{HEIGHT - 12}" font-size="9" text-anchor="middle" '
                f'fill="#333">{escape(point.label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _marker(shape: str, cx: float, cy: float, radius: float, colour: str) -> str:
    if shape == "square":
        return (
            f'<rect x="{cx - radius:.1f}" y="{cy - radius:.1f}" width="{2 * radius:.1f}" '
            f'height="{2 * radius:.1f}" fill="{colour}"/>'
        )
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{radius}" fill="{colour}"/>'


@dataclass(frozen=True)
class Bar:
    label: str
    needed: float
    available: float


NEEDED, SHORT, AVAILABLE = "#0b4f9c", "#d9822b", "#b02a37"


def capacity_chart(
    bars: Sequence[Bar],
    *,
    title: str,
    needed_label: str,
    short_label: str,
    available_label: str,
    decimal: Callable[[float], str] = lambda value: f"{value:g}",
) -> str:
    """Bars of reviewer-days needed per month, with a line for what is available.

    A month that needs more than is available has an orange bar; the legend
    names each colour the chart uses.
    """
    width, height, left, bottom, top = 560, 190, 34, 30, 22
    plot_w, plot_h = width - left - 10, height - top - bottom
    peak = max([1.0, *(b.needed for b in bars), *(b.available for b in bars)])
    step = plot_w / max(len(bars), 1)

    def y(value: float) -> float:
        return top + plot_h * (1 - value / peak)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}" class="chart">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{left}" y="{top - 16}" width="10" height="10" fill="{NEEDED}"/>'
        f'<text x="{left + 14}" y="{top - 7}" font-size="10">{escape(needed_label)}</text>',
        f'<rect x="{left + 130}" y="{top - 16}" width="10" height="10" fill="{SHORT}"/>'
        f'<text x="{left + 144}" y="{top - 7}" font-size="10">{escape(short_label)}</text>',
        f'<line x1="{left + 330}" y1="{top - 11}" x2="{left + 350}" y2="{top - 11}" '
        f'stroke="{AVAILABLE}" stroke-width="2"/>'
        f'<text x="{left + 354}" y="{top - 7}" font-size="10">{escape(available_label)}</text>',
    ]
    for index, bar in enumerate(bars):
        x = left + index * step
        colour = SHORT if bar.needed > bar.available else NEEDED
        parts.append(
            f'<rect x="{x + step * 0.15:.1f}" y="{y(bar.needed):.1f}" width="{step * 0.7:.1f}" '
            f'height="{top + plot_h - y(bar.needed):.1f}" fill="{colour}">'
            f"<title>{escape(bar.label)}: {decimal(bar.needed)} / "
            f"{decimal(bar.available)}</title></rect>"
        )
        parts.append(
            f'<line x1="{x:.1f}" y1="{y(bar.available):.1f}" x2="{x + step:.1f}" '
            f'y2="{y(bar.available):.1f}" stroke="{AVAILABLE}" stroke-width="2"/>'
        )
        parts.append(
            f'<text x="{x + step / 2:.1f}" y="{height - 12}" font-size="9" '
            f'text-anchor="middle">{escape(bar.label)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heatmap_fill(value: float, low: float = 1, high: float = 5) -> tuple[str, str]:
    """A cell's colour from pale to the app's blue, and a text colour readable on it."""
    share = (value - low) / (high - low)
    shade = round(235 - share * 190)
    rgb = (shade, shade + 10, min(255, shade + 60))
    # WCAG's relative luminance: white text below 0.18, near-black above, so
    # every value reads at 4.5:1 or more.
    linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return f"rgb({rgb[0]},{rgb[1]},{rgb[2]})", "#fff" if luminance < 0.18 else "#111"


# Row labels of the heatmap: whole item names, on one line or wrapped onto two.
LABEL_CHARS = 40  # the widest line before a name is wrapped (widened when two do not do)
LABEL_CHAR_W = 6.3  # px per character at font-size 11, a little generous
LABEL_LINE_H = 12


def label_lines(label: str, chars: int = LABEL_CHARS) -> list[str]:
    """A row label whole, on one line or two; the lines widen rather than cut a name."""
    if len(label) <= chars:
        return [label]
    width = chars
    while len(lines := textwrap.wrap(label, width, break_on_hyphens=False)) > 2:
        width += 2
    return lines


def heatmap(
    rows: Sequence[str],
    columns: Sequence[str],
    values: dict[tuple[str, str], float],
    *,
    title: str,
    legend: str,
    low: float = 1,
    high: float = 5,
    decimal: Callable[[float], str] = lambda value: f"{value:.1f}",
) -> str:
    """A grid of mean scores, rows (items) by columns (regions), darker is higher.

    Every value is written in its cell (a tablet cannot hover), and a legend
    under the grid gives the colour of each whole score. `decimal` writes a value in
    the reader's language (3,7 in Norwegian): the caller passes Django's formatting.
    Row labels are never cut: a long one wraps onto two lines, and the label column
    is as wide as the longest line. The SVG keeps its own size (class chart-wide);
    the page puts it in a box that scrolls sideways on a narrow screen.
    """
    labels = [label_lines(row) for row in rows]
    wrapped = any(len(lines) > 1 for lines in labels)
    longest = max((len(line) for lines in labels for line in lines), default=0)
    cell_w, cell_h, top = 64, 30 if wrapped else 22, 24
    left = max(120, round(longest * LABEL_CHAR_W) + 14)
    grid_bottom = top + cell_h * len(rows)
    width, height = left + cell_w * len(columns) + 4, grid_bottom + 48
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" class="chart chart-wide">',
        f"<title>{escape(title)}</title>",
    ]
    for c, column in enumerate(columns):
        parts.append(
            f'<text x="{left + c * cell_w + cell_w / 2}" y="{top - 8}" font-size="11" '
            f'text-anchor="middle">{escape(column)}</text>'
        )
    for r, row in enumerate(rows):
        y = top + r * cell_h
        lines = labels[r]
        # The lines' baselines, centred on the row as one line is in a cell.
        first = y + cell_h / 2 + 4 - (len(lines) - 1) * LABEL_LINE_H / 2
        spans = "".join(
            f'<tspan x="{left - 6}" y="{first + i * LABEL_LINE_H}">{escape(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        parts.append(f'<text font-size="11" text-anchor="end">{spans}</text>')
        for c, column in enumerate(columns):
            value = values.get((row, column))
            fill, ink, label = "#f1f1f1", "#111", "–"
            if value is not None:
                (fill, ink), label = heatmap_fill(value, low, high), decimal(value)
            x = left + c * cell_w
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell_w - 1}" height="{cell_h - 1}" '
                f'fill="{fill}"/><text x="{x + cell_w / 2}" y="{y + cell_h / 2 + 4}" '
                f'font-size="11" text-anchor="middle" fill="{ink}">{label}</text>'
            )
    parts.append(
        f'<text x="{left - 6}" y="{grid_bottom + 28}" font-size="11" '
        f'text-anchor="end">{escape(legend)}</text>'
    )
    for step in range(int(low), int(high) + 1):
        fill, ink = heatmap_fill(step, low, high)
        x = left + (step - int(low)) * 40
        parts.append(
            f'<rect x="{x}" y="{grid_bottom + 12}" width="39" height="22" fill="{fill}"/>'
            f'<text x="{x + 20}" y="{grid_bottom + 27}" font-size="11" text-anchor="middle" '
            f'fill="{ink}">{step}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


# Employment outcomes ------------------------------------------------------


@dataclass(frozen=True)
class RatePoint:
    label: str  # the quarter, e.g. "2025 Q3"
    rate: float | None  # 0..1; None: nobody started out of work that quarter


@dataclass(frozen=True)
class Benchmark:
    rate: float  # 0..1
    name: str
    # Which side of the plot the name goes, so two close lines (40 % and 41 %)
    # keep readable labels.
    side: str = "right"


RATE_W, RATE_H = 560, 220
RATE_LEFT, RATE_RIGHT, RATE_TOP, RATE_BOTTOM = 40, 110, 12, 34


def _svg_open(width: int, height: int, ident: str, title: str, description: str) -> list[str]:
    """The root element, named by its title and described by its desc for screen readers."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="chart" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(description)}</desc>',
    ]


def rate_chart(
    points: Sequence[RatePoint],
    *,
    benchmarks: Sequence[Benchmark],
    title: str,
    description: str,
    ident: str = "rate-chart",
) -> str:
    """SVG of an employment rate per quarter (0 to 100 %), with benchmark lines.

    A quarter without a rate breaks the line rather than drawing it at 0.
    """
    plot_w, plot_h = RATE_W - RATE_LEFT - RATE_RIGHT, RATE_H - RATE_TOP - RATE_BOTTOM

    def y(rate: float) -> float:
        return RATE_TOP + plot_h * (1 - rate)

    def x(index: int) -> float:
        if len(points) == 1:
            return RATE_LEFT + plot_w / 2
        return RATE_LEFT + plot_w * index / (len(points) - 1)

    parts = _svg_open(RATE_W, RATE_H, ident, title, description)
    parts.append(
        f'<rect x="{RATE_LEFT}" y="{RATE_TOP}" width="{plot_w}" height="{plot_h}" '
        'fill="none" stroke="#999" stroke-width="1"/>'
    )
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(
            f'<text x="{RATE_LEFT - 4}" y="{y(tick) + 3:.1f}" font-size="9" text-anchor="end" '
            f'fill="#555">{round(tick * 100)} %</text>'
        )
    for benchmark in benchmarks:
        level = y(benchmark.rate)
        parts.append(
            f'<line x1="{RATE_LEFT}" y1="{level:.1f}" x2="{RATE_LEFT + plot_w}" y2="{level:.1f}" '
            'stroke="#777" stroke-dasharray="4 3" stroke-width="1"/>'
        )
        if benchmark.side == "left":
            label_x, anchor, label_y = RATE_LEFT + 4, "start", level + 10
        else:
            label_x, anchor, label_y = RATE_LEFT + plot_w + 4, "start", level + 3
        parts.append(
            f'<text x="{label_x:.1f}" y="{label_y:.1f}" font-size="8" text-anchor="{anchor}" '
            f'fill="#444">{escape(benchmark.name)}</text>'
        )
    runs: list[list[tuple[float, float]]] = [[]]
    for index, point in enumerate(points):
        if point.rate is None:
            runs.append([])
        else:
            runs[-1].append((x(index), y(point.rate)))
    for run in runs:
        if len(run) > 1:
            line = " ".join(f"{px:.1f},{py:.1f}" for px, py in run)
            parts.append(
                f'<polyline points="{line}" fill="none" stroke="#0b4f9c" stroke-width="2"/>'
            )
    for index, point in enumerate(points):
        px = x(index)
        if point.rate is not None:
            parts.append(_marker("circle", px, y(point.rate), 3.5, "#0b4f9c"))
        # Every label would crowd two years of quarters: every other one, and the last.
        if index % 2 == 0 or index == len(points) - 1:
            parts.append(
                f'<text x="{px:.1f}" y="{RATE_H - 12}" font-size="9" text-anchor="middle" '
                f'fill="#333">{escape(point.label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class ScatterPoint:
    x: float
    y: float  # 0..1
    label: str


SCATTER_W, SCATTER_H = 480, 320
SCATTER_LEFT, SCATTER_RIGHT, SCATTER_TOP, SCATTER_BOTTOM = 48, 16, 12, 44


def scatter_chart(
    points: Sequence[ScatterPoint],
    *,
    x_low: float,
    x_high: float,
    x_label: str,
    y_label: str,
    title: str,
    description: str,
    benchmarks: Sequence[Benchmark] = (),
    ident: str = "scatter-chart",
) -> str:
    """SVG of one point per site: x a score (the fidelity total), y a rate (0 to 100 %)."""
    plot_w = SCATTER_W - SCATTER_LEFT - SCATTER_RIGHT
    plot_h = SCATTER_H - SCATTER_TOP - SCATTER_BOTTOM

    def sx(value: float) -> float:
        return SCATTER_LEFT + plot_w * (value - x_low) / (x_high - x_low)

    def sy(rate: float) -> float:
        return SCATTER_TOP + plot_h * (1 - rate)

    parts = _svg_open(SCATTER_W, SCATTER_H, ident, title, description)
    parts.append(
        f'<rect x="{SCATTER_LEFT}" y="{SCATTER_TOP}" width="{plot_w}" height="{plot_h}" '
        'fill="none" stroke="#999" stroke-width="1"/>'
    )
    for tick in (0, 0.25, 0.5, 0.75, 1):
        parts.append(
            f'<text x="{SCATTER_LEFT - 4}" y="{sy(tick) + 3:.1f}" font-size="9" '
            f'text-anchor="end" fill="#555">{round(tick * 100)} %</text>'
        )
    step = 25 if x_high - x_low > 60 else 10
    tick_x = (int(x_low) // step + 1) * step
    while tick_x < x_high:
        parts.append(
            f'<text x="{sx(tick_x):.1f}" y="{SCATTER_TOP + plot_h + 12}" font-size="9" '
            f'text-anchor="middle" fill="#555">{tick_x}</text>'
        )
        tick_x += step
    for benchmark in benchmarks:
        level = sy(benchmark.rate)
        parts.append(
            f'<line x1="{SCATTER_LEFT}" y1="{level:.1f}" x2="{SCATTER_LEFT + plot_w}" '
            f'y2="{level:.1f}" stroke="#777" stroke-dasharray="4 3" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{SCATTER_LEFT + 4}" y="{level - 3:.1f}" font-size="8" fill="#444">'
            f"{escape(benchmark.name)}</text>"
        )
    for point in points:
        parts.append(
            f'<circle cx="{sx(point.x):.1f}" cy="{sy(point.y):.1f}" r="4" fill="#0b4f9c" '
            f'fill-opacity="0.8"><title>{escape(point.label)}: {point.x:g}, '
            f"{round(point.y * 100)} %</title></circle>"
        )
    parts.append(
        f'<text x="{SCATTER_LEFT + plot_w / 2:.1f}" y="{SCATTER_H - 8}" font-size="10" '
        f'text-anchor="middle" fill="#333">{escape(x_label)}</text>'
    )
    parts.append(
        f'<text x="12" y="{SCATTER_TOP + plot_h / 2:.1f}" font-size="10" text-anchor="middle" '
        f'fill="#333" transform="rotate(-90 12 {SCATTER_TOP + plot_h / 2:.1f})">'
        f"{escape(y_label)}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


@dataclass(frozen=True)
class ProfileItem:
    number: int
    name: str
    score: int | None
    previous: int | None = None


@dataclass(frozen=True)
class ProfileSection:
    name: str
    items: Sequence[ProfileItem]


PROFILE_WIDTH, PROFILE_ROW, PROFILE_LABEL, PROFILE_VALUES = 560, 12, 250, 44


def item_profile_chart(
    sections: Sequence[ProfileSection],
    *,
    title: str,
    now_label: str,
    previous_label: str | None,
    low: int = 1,
    high: int = 5,
) -> str:
    """Where a site stands item by item: one bar per item from the scale's lowest score
    to this review's, grouped by section, the previous review's score as a hollow
    diamond. Dark bars, a white diamond with a black edge and the numbers written out:
    it reads the same printed in black and white.
    """
    rows = sum(1 + len(section.items) for section in sections)
    top = 30  # the legend, then the score numbers above the plot
    plot_left = PROFILE_LABEL
    plot_w = PROFILE_WIDTH - PROFILE_LABEL - PROFILE_VALUES
    height = top + rows * PROFILE_ROW + 4

    def x(score: float) -> float:
        return plot_left + plot_w * (score - low + 1) / (high - low + 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {PROFILE_WIDTH} {height}" '
        f'width="{PROFILE_WIDTH}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<rect x="{plot_left}" y="4" width="10" height="8" fill="#333"/>'
        f'<text x="{plot_left + 14}" y="11.5" font-size="8.5">{escape(now_label)}</text>',
    ]
    if previous_label:
        parts.append(
            _diamond(plot_left + 150, 8) + f'<text x="{plot_left + 158}" y="11.5" '
            f'font-size="8.5">{escape(previous_label)}</text>'
        )
    for score in range(low, high + 1):
        parts.append(
            f'<line x1="{x(score):.1f}" y1="{top - 2}" x2="{x(score):.1f}" y2="{height - 4}" '
            'stroke="#bbb" stroke-width="0.6"/>'
            f'<text x="{x(score):.1f}" y="{top - 4}" font-size="7.5" text-anchor="middle" '
            f'fill="#444">{score}</text>'
        )
    row_y = top
    for section in sections:
        parts.append(
            f'<text x="0" y="{row_y + PROFILE_ROW - 3}" font-size="8.5" font-weight="bold">'
            f"{escape(section.name)}</text>"
        )
        row_y += PROFILE_ROW
        for item in section.items:
            middle = row_y + PROFILE_ROW / 2
            parts.append(
                f'<text x="6" y="{row_y + PROFILE_ROW - 3}" font-size="8">'
                f"{item.number}. {escape(_shortened(item.name, 52))}</text>"
            )
            if item.score is not None:
                bar = x(item.score) - plot_left
                parts.append(
                    f'<rect x="{plot_left}" y="{row_y + 2}" width="{bar:.1f}" '
                    f'height="{PROFILE_ROW - 4}" fill="#333"/>'
                )
            if item.previous is not None:
                parts.append(_diamond(x(item.previous), middle))
            values = "–" if item.score is None else str(item.score)
            if item.previous is not None:
                values += f" ({item.previous})"
            parts.append(
                f'<text x="{PROFILE_WIDTH - 2}" y="{row_y + PROFILE_ROW - 3}" font-size="8" '
                f'text-anchor="end">{values}</text>'
            )
            row_y += PROFILE_ROW
    parts.append("</svg>")
    return "".join(parts)


def _diamond(cx: float, cy: float, size: float = 4.2) -> str:
    return (
        f'<path d="M{cx:.1f} {cy - size:.1f} L{cx + size:.1f} {cy:.1f} L{cx:.1f} '
        f'{cy + size:.1f} L{cx - size:.1f} {cy:.1f} Z" fill="#fff" stroke="#000" '
        'stroke-width="1.2"/>'
    )


def _shortened(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
