"""portal.charts: server-side SVG charts with their text alternatives and their data."""

import xml.dom.minidom

from portal import charts


def parse(svg: str):
    return xml.dom.minidom.parseString(svg).documentElement  # noqa: S318  (our own markup)


def test_a_bar_chart_is_an_image_labelled_by_its_title_and_description():
    chart = charts.bars(
        slug="sizes",
        title="Suppliers by size",
        description="Micro to large",
        rows=[("Micro", 3), ("Small", 6)],
        headers=["Size", "Suppliers"],
    )

    svg = parse(chart.svg)
    assert svg.getAttribute("role") == "img"
    assert svg.getAttribute("aria-labelledby") == "chart-sizes-title chart-sizes-desc"
    assert svg.getElementsByTagName("title")[0].firstChild.data == "Suppliers by size"
    assert svg.getElementsByTagName("desc")[0].firstChild.data == "Micro to large"
    assert chart.rows == [["Micro", 3], ["Small", 6]]
    assert chart.headers == ["Size", "Suppliers"]


def test_bars_are_scaled_to_the_largest_value():
    chart = charts.bars(
        slug="s", title="t", description="d", rows=[("a", 5), ("b", 10), ("c", 0)], headers=[]
    )

    widths = [float(r.getAttribute("width")) for r in parse(chart.svg).getElementsByTagName("rect")]
    span = charts.WIDTH - charts.LABEL_WIDTH - charts.VALUE_WIDTH
    assert widths == [span / 2, span, 0]


def test_all_zero_values_draw_empty_bars_without_dividing_by_zero():
    chart = charts.bars(slug="s", title="t", description="d", rows=[("a", 0)], headers=[])

    assert parse(chart.svg).getElementsByTagName("rect")[0].getAttribute("width") == "0.0"
    assert not chart.is_empty


def test_no_rows_is_an_empty_chart():
    assert charts.bars(slug="s", title="t", description="d", rows=[], headers=[]).is_empty


def test_text_is_escaped():
    chart = charts.bars(
        slug="x",
        title='<script>alert("t")</script>',
        description="a & b",
        rows=[("<b>Acme</b> & Co", 1)],
        headers=[],
    )

    assert "<script>" not in chart.svg and "<b>" not in chart.svg
    svg = parse(chart.svg)  # still well-formed XML
    labels = [t.firstChild.data for t in svg.getElementsByTagName("text")]
    assert "<b>Acme</b> & Co" in labels


def test_long_labels_are_shortened_by_their_display_width_chinese_counting_double():
    assert charts._short("Short") == "Short"
    long_en = "Medical Equipment and Accessories and Supplies"
    assert charts._short(long_en).endswith("…") and charts._width(charts._short(long_en)) <= 30
    long_zh = "医疗设备及附件和用品以及其他相关产品"
    shortened = charts._short(long_zh)
    assert shortened.endswith("…") and len(shortened) <= 15


def test_stacked_columns_draw_one_rect_per_non_zero_value_and_a_legend():
    chart = charts.columns(
        slug="months",
        title="Per month",
        description="Stacked",
        periods=["2026-01", "2026-02", "2026-03"],
        series=[("Approved", [1, 0, 2]), ("Draft", [3, 0, 0])],
        period_header="Month",
    )

    rects = parse(chart.svg).getElementsByTagName("rect")
    bars = [r for r in rects if "chart__bar" in r.getAttribute("class")]
    assert len(bars) == 3
    legend = [r for r in rects if "chart__bar" not in r.getAttribute("class")]
    assert len(legend) == 2
    # Each stacked piece says what it is when hovered (and to screen readers exploring the image).
    assert bars[0].getElementsByTagName("title")[0].firstChild.data == "2026-01, Approved: 1"
    assert chart.headers == ["Month", "Approved", "Draft"]
    assert chart.rows == [["2026-01", 1, 3], ["2026-03", 2, 0]], "empty months are left out"


def test_the_tallest_column_fills_the_plot():
    chart = charts.columns(
        slug="m",
        title="t",
        description="d",
        periods=["a", "b"],
        series=[("x", [2, 4]), ("y", [2, 0])],
        period_header="p",
    )

    bars = [
        r for r in parse(chart.svg).getElementsByTagName("rect") if "bar" in r.getAttribute("class")
    ]
    heights = [float(r.getAttribute("height")) for r in bars]
    assert heights[0] + heights[1] == heights[2]  # a: 2 + 2 stacked equals b: 4
