import xml.etree.ElementTree as ET

import pytest
from django.utils import translation
from django.utils.formats import number_format

from reviews.charts import ChartBand, ChartPoint, heatmap, heatmap_fill, totals_chart

SVG = "{http://www.w3.org/2000/svg}"
BANDS = [ChartBand(115, "Exemplary"), ChartBand(100, "Good"), ChartBand(74, "Fair")]


def draw(points):
    return ET.fromstring(totals_chart(points, low=25, high=125, bands=BANDS, title="Totals <&>"))


def test_one_circle_and_label_per_earlier_review_in_time_order():
    svg = draw(
        [ChartPoint("03.2025", 81), ChartPoint("03.2026", 96), ChartPoint("11.2026", 104, True)]
    )
    circles = svg.findall(f"{SVG}circle")
    assert len(circles) == 3
    heights = [float(c.get("cy")) for c in circles]
    assert heights[0] > heights[1] > heights[2]  # higher totals are drawn higher up
    assert float(circles[2].get("r")) > float(circles[0].get("r"))  # this review stands out
    texts = [t.text for t in svg.findall(f"{SVG}text")]
    assert {"81", "96", "104", "03.2025", "11.2026", "Good", "100"} <= set(texts)


def test_the_band_cut_offs_are_dashed_lines_at_their_totals():
    svg = draw([ChartPoint("2026", 100)])
    lines = svg.findall(f"{SVG}line")
    assert len(lines) == 3
    circle = svg.find(f"{SVG}circle")
    good_line = [line for line in lines][1]
    assert float(good_line.get("y1")) == float(circle.get("cy"))


def test_a_single_review_has_no_line_and_text_is_escaped():
    svg_text = totals_chart([ChartPoint("x<y", 50)], low=25, high=125, bands=[], title="a&b")
    svg = ET.fromstring(svg_text)
    assert svg.find(f"{SVG}polyline") is None
    assert svg.find(f"{SVG}title").text == "a&b"


def test_two_series_are_two_lines_told_apart_by_shape_and_named_in_a_legend():
    svg = draw(
        [
            ChartPoint("03.2024", 70, series="External review"),
            ChartPoint("09.2024", 90, series="Self-assessment"),
            ChartPoint("03.2025", 81, series="External review"),
            ChartPoint("09.2025", 95, series="Self-assessment"),
            ChartPoint("03.2026", 96, True, series="External review"),
        ]
    )
    lines = svg.findall(f"{SVG}polyline")
    assert len(lines) == 2
    external, own = (line.get("points").split() for line in lines)
    assert len(external) == 3 and len(own) == 2
    # Each point keeps its place in time: the self-assessments sit between the visits.
    xs = sorted(float(p.split(",")[0]) for p in external + own)
    assert [float(p.split(",")[0]) for p in own] == [xs[1], xs[3]]
    assert lines[1].get("stroke-dasharray")
    texts = [t.text for t in svg.findall(f"{SVG}text")]
    assert "External review" in texts and "Self-assessment" in texts
    # Circles for one series (three points and the legend), squares for the other.
    assert len(svg.findall(f"{SVG}circle")) == 4


def test_one_series_needs_no_legend():
    only = [ChartPoint(str(year), 90, series="External review") for year in (2025, 2026)]
    svg = draw(only)
    assert "External review" not in [t.text for t in svg.findall(f"{SVG}text")]
    assert len(svg.findall(f"{SVG}circle")) == 2


def contrast(fill: str, ink: str) -> float:
    def luminance(rgb):
        linear = [c / 255 / 12.92 if c <= 10 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    background = [int(part) for part in fill[4:-1].split(",")]
    text = (255, 255, 255) if ink == "#fff" else (0x11, 0x11, 0x11)
    high, low = sorted([luminance(background), luminance(text)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("value", [1, 1.5, 2, 2.5, 2.8, 3, 3.2, 3.5, 4, 4.5, 5])
def test_every_heatmap_value_is_readable_on_its_cell(value):
    assert contrast(*heatmap_fill(value)) >= 4.5


@pytest.mark.parametrize(("language", "written"), [("nb", ">3,7</text>"), ("en", ">3.7</text>")])
def test_the_heatmap_writes_each_value_in_the_readers_language_and_a_legend(language, written):
    with translation.override(language):
        svg = heatmap(
            ["1. Caseload"],
            ["Nord", "Vest"],
            {("1. Caseload", "Nord"): 3.7},
            title="Means",
            legend="Score",
            decimal=lambda value: number_format(value, 1),
        )
    assert written in svg
    assert ">–</text>" in svg  # no reviews in Vest
    assert ">Score</text>" in svg and all(f">{n}</text>" in svg for n in range(1, 6))


def test_every_bar_colour_of_the_forecast_is_in_its_legend():
    from reviews.charts import Bar, capacity_chart

    svg = ET.fromstring(
        capacity_chart(
            [Bar("01.27", 6, 4.0), Bar("02.27", 2, 4.0)],
            title="Forecast",
            needed_label="needed",
            short_label="needed, more than available",
            available_label="available",
        )
    )
    rects = svg.findall(f"{SVG}rect")
    legend = {r.get("fill") for r in rects if r.get("width") == "10"}
    bars = {r.get("fill") for r in rects if r.get("width") != "10"}
    assert len(bars) == 2 and bars <= legend


LONG = (
    "5. Integration of rehabilitation with mental health treatment through frequent team "
    "member contact"
)


def row_labels(svg) -> list[list[str]]:
    """Each row label's lines (its tspans), in row order."""
    return [
        [span.text for span in text.findall(f"{SVG}tspan")]
        for text in svg.findall(f"{SVG}text")
        if text.findall(f"{SVG}tspan")
    ]


def test_the_heatmap_shows_whole_item_names_wrapping_long_ones_onto_two_lines():
    rows = ["1. Caseload size", LONG]
    svg = ET.fromstring(
        heatmap(rows, ["Nord"], {(LONG, "Nord"): 3.0}, title="Means", legend="Score")
    )
    short, long = row_labels(svg)
    assert short == ["1. Caseload size"]
    assert len(long) == 2 and " ".join(long) == LONG  # whole: nothing cut, no ellipsis
    assert "…" not in ET.tostring(svg, encoding="unicode")
    # The label column is as wide as its longest line: the grid starts right of it,
    # and the SVG keeps that size (a box around it scrolls on a narrow screen).
    first_cell = float(svg.find(f"{SVG}rect").get("x"))
    assert first_cell >= max(len(line) for line in long) * 6
    assert svg.get("width") == svg.get("viewBox").split()[2]
    assert "chart-wide" in svg.get("class")
    # Two lines fit in a row: the rows grow to hold them.
    assert float(svg.find(f"{SVG}rect").get("height")) >= 2 * 12


def test_a_heatmap_of_short_names_keeps_one_line_rows():
    svg = ET.fromstring(heatmap(["1. Caseload size"], ["Nord"], {}, title="M", legend="S"))
    assert row_labels(svg) == [["1. Caseload size"]]
    assert float(svg.find(f"{SVG}rect").get("height")) < 24
