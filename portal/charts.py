"""Charts drawn by the portal itself, as SVG markup (no JavaScript, no CDN, allowed by the CSP).

Each chart carries its own text alternative (a <title> and a <desc> that the SVG is labelled by) and
the data it was drawn from, which the page shows as a table and the CSV export writes. Colours come
from CSS classes (`chart__series-N`), so the stylesheet keeps them legible and consistent.

Two kinds: `bars` (one horizontal bar per label, for counts by category) and `columns` (stacked
columns per period, one series per status or type, for counts over time).
"""

import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 220
VALUE_WIDTH = 64
COLUMNS_HEIGHT = 220
LEGEND_ROW = 22
SERIES_COLOURS = 8  # chart__series-0 ... chart__series-7 in the stylesheet
LABEL_UNITS = 30  # a label's width on the left of a bar, in half-width characters


@dataclass
class Chart:
    """A chart's title and description (its text alternative), its data as a table, and its SVG."""

    slug: str
    title: str
    description: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    svg: str = ""
    # A chart drawn from a rollup says when its figures were counted (as_of None: not yet).
    from_rollup: bool = False
    as_of: datetime | None = None

    @property
    def is_empty(self) -> bool:
        return not self.rows


def _number(value) -> str:
    if isinstance(value, float | Decimal):
        return f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{value:,}"


def _width(text: str) -> int:
    """Display width in half-width units: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _short(label, limit: int = LABEL_UNITS) -> str:
    """The label cut to fit `limit` half-width units, with an ellipsis when cut."""
    label = str(label)
    if _width(label) <= limit:
        return label
    cut = ""
    for ch in label:
        if _width(cut + ch) > limit - 1:
            break
        cut += ch
    return cut + "…"


def _frame(slug: str, title: str, description: str, height: int, body: list[str]) -> SafeString:
    ids = f"chart-{escape(slug)}-title chart-{escape(slug)}-desc"
    return mark_safe(  # noqa: S308  # nosec B308 B703 (every interpolated text is escaped above or here)
        f'<svg class="chart" role="img" aria-labelledby="{ids}" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="chart-{escape(slug)}-title">{escape(title)}</title>'
        f'<desc id="chart-{escape(slug)}-desc">{escape(description)}</desc>'
        + "".join(body)
        + "</svg>"
    )


def bars(
    *, slug: str, title: str, description: str, rows: list[tuple[str, int]], headers: list[str]
) -> Chart:
    """Horizontal bars, one per (label, value), scaled to the largest value."""
    top = max((value for _label, value in rows), default=0) or 1
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    body = []
    for index, (label, value) in enumerate(rows):
        y = index * (BAR_HEIGHT + BAR_GAP)
        length = round(span * value / top, 1)
        middle = y + BAR_HEIGHT / 2
        body.append(
            f'<g class="chart__row"><text class="chart__label" x="{LABEL_WIDTH - 8}" y="{middle}" '
            f'text-anchor="end" dominant-baseline="middle">{escape(_short(label))}</text>'
            f'<rect class="chart__bar chart__series-0" x="{LABEL_WIDTH}" y="{y}" width="{length}" '
            f'height="{BAR_HEIGHT}" rx="3"></rect>'
            f'<text class="chart__value" x="{LABEL_WIDTH + length + 6}" y="{middle}" '
            f'dominant-baseline="middle">{_number(value)}</text></g>'
        )
    height = max(len(rows), 1) * (BAR_HEIGHT + BAR_GAP)
    return Chart(
        slug=slug,
        title=title,
        description=description,
        headers=headers,
        rows=[[label, value] for label, value in rows],
        svg=_frame(slug, title, description, height, body),
    )


def columns(
    *,
    slug: str,
    title: str,
    description: str,
    periods: list[str],
    series: list[tuple[str, list[int]]],
    period_header: str,
) -> Chart:
    """Stacked columns, one per period, one colour per series; a legend below names the series.
    The table has a row per period and a column per series."""
    totals = [sum(values[i] for _name, values in series) for i in range(len(periods))]
    top = max(totals, default=0) or 1
    plot_left, plot_top, plot_bottom = 48, 12, COLUMNS_HEIGHT - 28
    plot_height = plot_bottom - plot_top
    slot = (WIDTH - plot_left) / max(len(periods), 1)
    width = max(min(slot * 0.7, 48), 2)
    body = [
        f'<line class="chart__axis" x1="{plot_left}" y1="{plot_bottom}" x2="{WIDTH}" '
        f'y2="{plot_bottom}"></line>',
        f'<text class="chart__tick" x="{plot_left - 6}" y="{plot_top + 4}" text-anchor="end">'
        f"{_number(top)}</text>",
        f'<text class="chart__tick" x="{plot_left - 6}" y="{plot_bottom}" text-anchor="end">0</text>',
    ]
    label_every = max(1, round(len(periods) / 12))
    for i, period in enumerate(periods):
        x = round(plot_left + slot * i + (slot - width) / 2, 1)
        base = plot_bottom
        for number, (name, values) in enumerate(series):
            if not values[i]:
                continue
            height = round(plot_height * values[i] / top, 1)
            base -= height
            body.append(
                f'<rect class="chart__bar chart__series-{number % SERIES_COLOURS}" x="{x}" '
                f'y="{round(base, 1)}" width="{round(width, 1)}" height="{height}">'
                f"<title>{escape(period)}, {escape(name)}: {_number(values[i])}</title></rect>"
            )
        if i % label_every == 0:
            body.append(
                f'<text class="chart__tick" x="{round(x + width / 2, 1)}" y="{plot_bottom + 16}" '
                f'text-anchor="middle">{escape(period)}</text>'
            )
    per_row = 3
    for number, (name, _values) in enumerate(series):
        x = plot_left + (number % per_row) * ((WIDTH - plot_left) / per_row)
        y = COLUMNS_HEIGHT + (number // per_row) * LEGEND_ROW
        body.append(
            f'<rect class="chart__series-{number % SERIES_COLOURS}" x="{round(x, 1)}" y="{y}" '
            f'width="12" height="12"></rect><text class="chart__legend" x="{round(x + 18, 1)}" '
            f'y="{y + 10}">{escape(_short(name, 24))}</text>'
        )
    height = COLUMNS_HEIGHT + ((len(series) + per_row - 1) // per_row) * LEGEND_ROW
    rows = [
        [period, *[values[i] for _name, values in series], totals[i]]
        for i, period in enumerate(periods)
        if totals[i]
    ]
    return Chart(
        slug=slug,
        title=title,
        description=description,
        headers=[period_header, *[name for name, _values in series]],
        rows=[row[:-1] for row in rows],
        svg=_frame(slug, title, description, height, body),
    )


def month_labels(first: date | None, last: date) -> list[str]:
    """Every month from `first` to `last` as YYYY-MM (empty without a first month)."""
    if first is None:
        return []
    labels, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        labels.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return labels
