"""The funder workbook: same figures as the metrics, de-identified rows, inert text."""
from io import BytesIO

from openpyxl import load_workbook

from lending.extensions import db
from lending.reporting.figures import report_figures
from lending.reporting.metrics import Scope, compute
from lending.reporting.xlsx import build_xlsx

from . import factories
from .test_metrics import MARCH, program  # noqa: F401  (the fixture)


def _workbook(scope=None):
    """Build and re-open the workbook for March."""
    scope = scope or Scope.program()
    data = build_xlsx("Test report", MARCH, scope, report_figures(MARCH, scope))
    return data, load_workbook(BytesIO(data))


def test_the_workbook_has_its_sheets_with_frozen_filtered_headers(program):  # noqa: F811
    _, book = _workbook()
    assert book.sheetnames == ["Summary", "Loans", "Inventory", "Issues", "Definitions"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        assert sheet["A1"].font.bold


def test_the_summary_shows_the_metrics_with_people_suppressed(program):  # noqa: F811
    _, book = _workbook()
    values = {row[0]: row[1:] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    expected = compute(MARCH, Scope.program())
    assert values["Loans started"][0] == expected["loans_started"] == 3
    assert values["Peers served"][0] == "<5"  # four people
    assert values["Waiting at period end"][0] == "<5"
    assert values["On-time return rate"][0] == 0.5
    assert values["Loans started"][2] == 2  # change from the previous period


def test_loan_rows_name_peers_only_by_a_random_id_new_for_each_report(program):  # noqa: F811
    data, book = _workbook()
    rows = list(book["Loans"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4  # the loans open at some moment in March
    aliases = {row[1] for row in rows}
    codes = {peer.code for peer in program["peers"].values()}
    assert not aliases & codes and all(alias.startswith("R-") for alias in aliases)
    _, again = _workbook()
    assert aliases.isdisjoint({row[1] for row in again["Loans"].iter_rows(min_row=2,
                                                                          values_only=True)})
    assert rows[0][3].year == 2026  # a real date, not text


def test_text_that_looks_like_a_formula_is_never_evaluated(program):  # noqa: F811
    factories.device("tablet", imei=None, make="=HYPERLINK(\"http://x\")", serial="+1-555")
    db.session.flush()
    data, book = _workbook()
    cells = [cell for row in book["Inventory"].iter_rows(min_row=2) for cell in row
             if isinstance(cell.value, str) and cell.value.startswith(("=", "+"))]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert b"<f>" not in data  # no formula element anywhere in the file


def test_no_peer_name_or_contact_reaches_the_workbook(program):  # noqa: F811
    robin = factories.peer(preferred_name="Robinia", phone="+16475550177")
    factories.lend(robin, by=factories.user("staff"),
                   device=factories.device("tablet", imei=None))
    db.session.flush()
    _, book = _workbook()
    text = " ".join(str(value) for sheet in book.worksheets
                    for row in sheet.iter_rows(values_only=True) for value in row)
    assert "Robinia" not in text and "5550177" not in text and robin.code not in text


def test_a_contract_workbook_lists_only_that_contracts_items(program):  # noqa: F811
    _, book = _workbook(Scope.contract(program["contract"]))
    rows = list(book["Inventory"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[3]) for row in rows] == [("Tablet", "K1"), ("Data plan", "K1")]

