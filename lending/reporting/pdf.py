"""The funder report as a PDF (ReportLab): cover, figures, charts, deliverables, definitions."""
import math
from functools import cache
from io import BytesIO

from flask import current_app
from flask_babel import format_decimal, get_locale, gettext
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.platypus import (
    Image,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from ..models import vocab
from ..pdf_text import BODY, BOLD, markup, styles
from .disclosure import Withheld, suppression_rule
from .figures import REACH_DEFINITION

BRAND = colors.HexColor("#1F4E79")


@cache
def _small() -> ParagraphStyle:
    """Small grey text (the fonts are loaded on first use: 40 MB a process that never prints
    a PDF need not hold)."""
    return ParagraphStyle("small", parent=styles()["BodyText"], fontSize=8,
                          textColor=colors.grey)


@cache
def _head_style(right: bool) -> ParagraphStyle:
    """A table heading: white on the house colour, wrapping when the language's words are
    long (« Période précédente »)."""
    return ParagraphStyle(f"head-{right}", parent=styles()["BodyText"], fontName=BOLD,
                          textColor=colors.white, alignment=TA_RIGHT if right else TA_LEFT,
                          leading=11)


def _heads(row, right_from=1):
    """A header row's cells as wrapping headings."""
    return [Paragraph(markup(cell), _head_style(index >= right_from))
            for index, cell in enumerate(row)]


def _text(value, style="BodyText"):
    """A paragraph of plain text (pdf_text.markup: escaped, emoji in the symbols font)."""
    return Paragraph(markup(value), styles()[style] if isinstance(style, str) else style)


def _figures_table(figures):
    """Key figures with the previous period and the change."""
    rows = [_heads([gettext("Figure"), gettext("This period"), gettext("Previous period"),
                    gettext("Change")])]
    rows += [[_text(gettext(f.label)), f.shown(f.value), f.shown(f.previous), f.shown_change()]
             for f in figures]
    table = Table(rows, colWidths=[7.9 * cm, 3.2 * cm, 3.4 * cm, 2.5 * cm], repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), BRAND), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTNAME", (0, 0), (-1, -1), BODY), ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F5F9")]),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LINEBELOW", (0, -1), (-1, -1), 0.5, BRAND)]))
    return table


def _bar_chart(title, labels, counts, horizontal=False):
    """A small bar chart with a title, drawn with reportlab.graphics; a withheld count is a
    bar of nothing labelled with its mark."""
    values = [0 if isinstance(count, Withheld) else count for count in counts]
    drawing = Drawing(17 * cm, 6.5 * cm)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = (3.5 * cm if horizontal else 1.2 * cm), \
        0.9 * cm, 12.5 * cm, 4.6 * cm
    chart.data = [values or [0]]
    chart.categoryAxis.categoryNames = labels or [gettext("none")]
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontSize = 7
    # Whole-number ticks (these are counts), with headroom above the tallest bar's label.
    step = max(1, math.ceil(max([*values, 1]) / 5))
    chart.valueAxis.valueMin, chart.valueAxis.valueStep = 0, step
    chart.valueAxis.valueMax = step * (math.floor(max([*values, 1]) * 1.1 / step) + 1)
    chart.bars[0].fillColor = BRAND
    chart.barLabelFormat = "values"
    chart.barLabelArray = [[str(count) for count in counts] or ["0"]]
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 7  # just past the end of the bar, not on it
    if not horizontal:
        chart.categoryAxis.labels.angle = 30 if len(labels) > 6 else 0
        chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 6 else "n"
    drawing.add(chart)
    drawing.add(String(0, 6.1 * cm, title, fontName=BOLD, fontSize=10))
    return drawing


def _simple_table(rows, widths, right_from=1):
    """A table with a header row in the house style."""
    rows = [_heads(rows[0], right_from), *rows[1:]]
    table = Table(rows, colWidths=[w * cm for w in widths], repeatRows=1)
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), BRAND), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("FONTNAME", (0, 0), (-1, -1), BODY), ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("ALIGN", (right_from, 0), (-1, -1), "RIGHT"),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F2F5F9")])]))
    return table


def _outcomes(report) -> list:
    """What changed and for whom: the outcome figures, peers served by priority group (with a
    chart), and each contract's targets."""
    story = [PageBreak(), _text(gettext("Outcomes"), "Heading1"),
             _text(gettext("From the short check-ins peers answer at lending, at a follow-up "
                           "and at return (closed questions; any may be declined), the groups "
                           "they chose to name, and the training given. Changes are means over "
                           "the peers measured twice (n beside them).")),
             _figures_table(report.outcomes)]
    if report.reach:
        story += [Spacer(1, 0.5 * cm), _text(gettext("Peers served by priority group"),
                                             "Heading2"),
                  _simple_table([[gettext("Group"), gettext("This period"),
                                  gettext("Previous period")],
                                 *([_text(name), _count(now), _count(before)]
                                   for name, now, before in report.reach)],
                                [9.9, 3.6, 3.6])]
        if any(isinstance(now, int) and now for _, now, _ in report.reach):
            story.append(_bar_chart(gettext("Peers served by priority group, this period"),
                                    [_short(name) for name, _, _ in report.reach],
                                    [now for _, now, _ in report.reach], horizontal=True))
    if report.targets:
        met = {True: gettext("yes"), False: gettext("not yet"), None: "—"}
        story += [Spacer(1, 0.5 * cm), _text(gettext("Outcome targets"), "Heading2"),
                  _simple_table([[gettext("Contract"), gettext("Target"), gettext("Aim"),
                                  gettext("This period"), gettext("Met")],
                                 *([reference, _text(gettext(row.label)), row.shown_target,
                                    row.shown_current, met[row.met]]
                                   for reference, row in report.targets)],
                                [2.6, 7.4, 2, 2.6, 2.4], right_from=2)]
    return story


def _short(label: str, limit=24) -> str:
    """A bar's label short enough for the chart's margin (the table beside it has it whole)."""
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def _count(value) -> str:
    """A count, or a withheld count's mark."""
    return str(value) if isinstance(value, Withheld) else format_decimal(value)


def _deliverables_table(progress_rows):
    """Committed against delivered for each contract in scope."""
    rows = [[gettext("Contract"), gettext("Commitment"), gettext("Committed"),
             gettext("Delivered"), gettext("Expected")]]
    for reference, row in progress_rows:
        rows.append([reference, _text(gettext(row.label)), format_decimal(row.committed),
                     _count(row.delivered), format_decimal(row.expected_by_now)])
    return _simple_table(rows, [3, 6, 2.6, 2.6, 2.8], right_from=2)


def build_pdf(report) -> bytes:
    """The whole document for a `ReportContent` (see reporting/content.py), in the language
    of the moment (its partner's: reporting/operations.py)."""
    org = current_app.config["ORG_NAME"]
    buffer = BytesIO()
    scope = gettext(report.scope.label)
    doc = SimpleDocTemplate(buffer, pagesize=LETTER, title=gettext(report.title), author=org,
                            initialFontName=BODY, subject=f"{scope}, {report.period_text}",
                            lang=str(get_locale()).replace("_", "-"),
                            leftMargin=2 * cm, rightMargin=2 * cm, topMargin=2 * cm,
                            bottomMargin=2 * cm)
    story = []
    logo = current_app.config.get("ORG_LOGO")
    if logo:
        story += [Image(logo, width=4 * cm, height=4 * cm, kind="proportional"),
                  Spacer(1, 0.5 * cm)]
    story += [Spacer(1, 3 * cm), _text(org, "Title"), _text(gettext(report.title), "Heading1"),
              _text(scope, "Heading2"), _text(report.period_text, "Heading3"),
              Spacer(1, 1 * cm), _text(gettext("Generated %(day)s",
                                               day=f"{report.generated_on:%Y-%m-%d}")),
              _text(gettext("This report contains totals only. It never names or describes the "
                            "people the program serves; %(rule)s.", rule=suppression_rule()),
                    _small()),
              PageBreak(), _text(gettext("Key figures"), "Heading1")]
    if not report.has_activity:
        story.append(_text(gettext("There was no lending activity in this scope during the "
                                   "period; the figures below are all zero or empty.")))
    months = [month for month, _ in report.loans_by_month]  # "2026-03": the same in French
    story += [_figures_table(report.figures), PageBreak(), _text(gettext("Charts"), "Heading1"),
              _bar_chart(gettext("Loans started per month"), months,
                         [count for _, count in report.loans_by_month]),
              _bar_chart(gettext("Devices by status today"),
                         [vocab.label(vocab.DEVICE_STATUSES, s) for s in report.devices],
                         list(report.devices.values()), horizontal=True),
              _bar_chart(gettext("Issues by type in the period"),
                         [vocab.label(vocab.ISSUE_TYPES, k) for k in report.issues],
                         list(report.issues.values()))]
    story += _outcomes(report)
    if report.progress:
        story += [PageBreak(), _text(gettext("Deliverables"), "Heading1"),
                  _deliverables_table(report.progress)]
    story += [Spacer(1, 0.6 * cm), _text(gettext("Costs"), "Heading2"),
              _text(gettext("Data plan cost in the period: %(cost)s over %(months)s "
                            "line-months; cost per peer served: %(per_peer)s.",
                            cost=report.shown("plan_cost"), months=report.shown("line_months"),
                            per_peer=report.shown("cost_per_peer_served"))),
              PageBreak(), _text(gettext("Definitions"), "Heading1")]
    story += [item for f in (*report.figures, *report.outcomes)
              for item in (_text(gettext(f.label), "Heading4"), _text(gettext(f.definition)))]
    story += [_text(gettext("Peers served by priority group"), "Heading4"),
              _text(gettext(REACH_DEFINITION))]
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return buffer.getvalue()


def _page_number(canvas, doc):
    """The page number and organization at the foot of every page."""
    canvas.saveState()
    canvas.setFont(BODY, 8)
    canvas.setFillColor(colors.grey)
    canvas.drawString(2 * cm, 1.2 * cm, current_app.config["ORG_NAME"])
    canvas.drawRightString(LETTER[0] - 2 * cm, 1.2 * cm, gettext("Page %(page)s", page=doc.page))
    canvas.restoreState()
