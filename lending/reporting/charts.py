"""Bar charts for pages, as geometry an SVG template draws (no script, no inline style, so
the Content-Security-Policy holds; the PDF draws its own with reportlab.graphics)."""
import math
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date, gettext

from ..models import vocab
from ..models.vocab import N_
from .breakdowns import devices_by_status, loans_started_by_month
from .disclosure import Withheld

WIDTH, HEIGHT = 640, 240
LEFT, BOTTOM, TOP = 40, 44, 16  # room for the value axis, the labels, and the top label


@dataclass
class Bar:
    """One bar: its label, value, and where it is drawn."""

    label: str
    value: object  # a count, or Withheld
    x: float
    y: float
    width: float
    height: float


@dataclass
class Chart:
    """A titled bar chart: bars, value-axis ticks, and the SVG's size."""

    title: str  # English, marked for the catalogue: charts are cached for every reader
    bars: list[Bar]
    ticks: list[tuple[int, float]]  # (value, y)
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - BOTTOM
    months: bool = False  # bars labelled "2026-03", drawn in the reader's language

    @property
    def empty(self) -> bool:
        """Whether every bar is zero."""
        return not any(bar.value for bar in self.bars)


def bar_chart(title: str, counts: list[tuple[str, int]], *, months: bool = False) -> Chart:
    """Lay out vertical bars for (label, count) pairs, with whole-number ticks; a withheld
    count (disclosure.py) is a bar of nothing that shows its mark."""
    heights = [0 if isinstance(count, Withheld) else count for _, count in counts]
    top = max(heights + [1])
    step = max(1, math.ceil(top / 4))
    scale_top = step * math.ceil(top / step)
    plot = HEIGHT - BOTTOM - TOP
    slot = (WIDTH - LEFT) / max(len(counts), 1)
    bars = [Bar(label, count, LEFT + index * slot + slot * 0.15,
                HEIGHT - BOTTOM - plot * height / scale_top, slot * 0.7, plot * height / scale_top)
            for index, ((label, count), height) in enumerate(zip(counts, heights, strict=True))]
    ticks = [(value, HEIGHT - BOTTOM - plot * value / scale_top)
             for value in range(0, scale_top + 1, step)]
    return Chart(title, bars, ticks, months=months)


def month_label(month: str) -> str:
    """ "2026-03" as "Mar 26" (« mars 26 » in French)."""
    return format_date(date.fromisoformat(f"{month}-01"), "MMM yy")


def loans_chart(period, scope) -> Chart:
    """Loans started per month over a period."""
    return bar_chart(N_("Loans started per month"),
                     list(loans_started_by_month(period, scope)), months=True)


def inventory_chart(scope) -> Chart:
    """Devices by status today, in the order a device moves through them (labelled in
    English here, as the vocabulary is stored, and in the reader's language when drawn)."""
    counts = devices_by_status(scope)
    return bar_chart(N_("Devices by status today"), [
        (label, counts.get(status, 0)) for status, label in dict.items(vocab.DEVICE_STATUSES)])


def bar_label(chart: Chart, bar: Bar) -> str:
    """A bar's label as the reader reads it: a month in their language, or a status's label
    without its explanation ("Received (not set up)" is "Received")."""
    return month_label(bar.label) if chart.months else gettext(bar.label).split(" (")[0]
