"""The funder workbook (openpyxl, write-only), rendered from a report's computed content
(content.py) like the PDF, so that the two files always agree. Nothing here queries."""
from datetime import date

from flask_babel import gettext

from ..models import vocab
from ..models.vocab import N_
from ..spreadsheets.cells import MONEY, PERCENT, Styled, xlsx_bytes
from .disclosure import Withheld
from .figures import MONEY as MONEY_FIGURES
from .figures import POINTS as POINTS_FIGURES
from .figures import RATES, REACH_DEFINITION
from .rows import INVENTORY_HEADERS, ISSUE_HEADERS, LOAN_HEADERS, ROWS_WITHHELD

POINTS = '+0" pts";-0" pts";0" pts"'
SIGNED = "+0.00;-0.00;0.00"
SIGNED_MONEY = '+"$"#,##0.00;-"$"#,##0.00;"$"0.00'
DASH = "—"


def _cell(figure, value):
    """One of a figure's values as a cell: a withheld number's mark ("<5") as text, a dash for
    none, otherwise a number formatted as the figure reads (73%, $1,204.50)."""
    if value is None:
        return DASH
    if isinstance(value, Withheld):
        return str(value)  # its mark, in the reader's language
    if figure.key in RATES:
        return Styled(value, PERCENT)
    if figure.key in MONEY_FIGURES:
        return Styled(value, MONEY)
    if figure.key in POINTS_FIGURES:
        return Styled(value, SIGNED)
    return round(value, 1) if isinstance(value, float) else value


def _change(figure):
    """The change beside the previous period: percentage points for rates, signed money."""
    change = figure.change
    if change is None or isinstance(change, Withheld):
        return _cell(figure, change)
    if figure.key in RATES:
        return Styled(round(change * 100), POINTS)
    if figure.key in MONEY_FIGURES:
        return Styled(change, SIGNED_MONEY)
    if figure.key in POINTS_FIGURES:
        return Styled(change, SIGNED)
    return round(change, 1) if isinstance(change, float) else change


def summary_rows(content):
    """The Summary sheet's rows: what the report covers, every figure, and why row sheets
    are missing when they are."""
    rows = [(gettext("Report"), gettext(content.title), "", ""),
            (gettext("Scope"), gettext(content.scope.label), "", ""),
            (gettext("Period"), content.period_text, "", "")]
    rows += [(gettext(f.label), _cell(f, f.value), _cell(f, f.previous), _change(f))
             for f in content.figures]
    if content.rows_withheld:
        rows.append((gettext("Rows"), gettext(ROWS_WITHHELD), "", ""))
    return rows


def outcome_rows(content):
    """The Outcomes sheet's rows: each outcome figure, then peers served by priority group,
    then each contract's targets."""
    rows = [(gettext(f.label), _cell(f, f.value), _cell(f, f.previous), _change(f))
            for f in content.outcomes]
    if content.reach:
        rows += [("", "", "", ""), (gettext("Peers served by priority group"),
                                    gettext("This period"), gettext("Previous period"), "")]
        rows += [(name, _number(now), _number(before), "") for name, now, before in
                 content.reach]
    if content.targets:
        met = {True: gettext("yes"), False: gettext("not yet"), None: "—"}
        rows += [("", "", "", ""), (gettext("Outcome target"), gettext("Aim"),
                                    gettext("This period"), gettext("Met"))]
        rows += [(f"{reference}: {gettext(row.label)}", row.shown_target, row.shown_current,
                  met[row.met]) for reference, row in content.targets]
    return rows


def deliverable_rows(content):
    """Each contract's commitments: committed, delivered and expected by now."""
    return [(reference, gettext(row.label), row.committed, _number(row.delivered),
             row.expected_by_now) for reference, row in content.progress]


def chart_rows(content):
    """The numbers behind the PDF's charts, a row each: (chart, bar, count)."""
    return [*((gettext("Loans started per month"), month, _number(count))
              for month, count in content.loans_by_month),
            *((gettext("Devices by status today"), vocab.label(vocab.DEVICE_STATUSES, status),
               _number(count)) for status, count in content.devices.items()),
            *((gettext("Issues by type in the period"), vocab.label(vocab.ISSUE_TYPES, kind),
               _number(count)) for kind, count in content.issues.items())]


def _number(value):
    """A count, or a withheld count's mark."""
    return str(value) if isinstance(value, Withheld) else value


ROW_SHEETS = ((N_("Loans"), LOAN_HEADERS, (12, 16, 12, 12, 12, 12, 12, 10)),
              (N_("Inventory"), INVENTORY_HEADERS, (14, 30, 24, 16, 12, 14, 18)),
              (N_("Issues"), ISSUE_HEADERS, (14, 22, 14, 14, 16, 18, 12)))


def _dated(rows, by_day: bool):
    """Row-sheet rows with their dates by month ("2026-03"), unless a manager chose days."""
    if by_day:
        yield from rows
        return
    for row in rows:
        yield tuple(f"{value:%Y-%m}" if isinstance(value, date) else value for value in row)


def build_xlsx(content) -> bytes:
    """The workbook: Summary, Outcomes, Deliverables, Charts, the row sheets (Loans,
    Inventory, Issues) unless withheld, and Definitions; in the language of the moment (its
    partner's: reporting/operations.py), sheet names included."""
    figure_headers = (gettext("Figure"), gettext("This period"), gettext("Previous period"),
                      gettext("Change"))
    return xlsx_bytes([
        (gettext("Summary"), figure_headers, summary_rows(content), (44, 22, 18, 12)),
        (gettext("Outcomes"), figure_headers, outcome_rows(content), (52, 16, 18, 12)),
        (gettext("Deliverables"), (gettext("Contract"), gettext("Commitment"),
                                   gettext("Committed"), gettext("Delivered"),
                                   gettext("Expected by now")),
         deliverable_rows(content), (16, 36, 12, 12, 16)),
        (gettext("Charts"), (gettext("Chart"), gettext("Bar"), gettext("Count")),
         chart_rows(content), (30, 24, 10)),
        *((gettext(name), tuple(map(gettext, headers)),
           _dated(content.sheets[name], content.dates_by_day), widths)
          for name, headers, widths in ROW_SHEETS if name in content.sheets),
        (gettext("Definitions"), (gettext("Figure"), gettext("Definition")),
         [*((gettext(f.label), gettext(f.definition))
            for f in (*content.figures, *content.outcomes)),
          (gettext("Peers served by priority group"), gettext(REACH_DEFINITION))], (44, 100)),
    ])
