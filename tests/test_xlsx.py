"""The funder workbook: rendered from the report's content like the PDF, with the same figures
as the metrics (numbers as numbers, rates and money formatted), de-identified rows, inert
text."""
from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from lending.clock import local_today
from lending.extensions import db
from lending.reporting.content import gather
from lending.reporting.metrics import Period, Scope, compute
from lending.reporting.pdf import build_pdf
from lending.reporting.xlsx import build_xlsx

from . import factories
from .march import MARCH
from .pdfs import pdf_text


def _content(scope=None, contracts=(), period=MARCH):
    """The report's content for March, its row sheets included."""
    return gather(period, scope or Scope.program(), list(contracts), with_rows=True)


def _workbook(scope=None, contracts=(), period=MARCH):
    """Build and re-open the workbook."""
    data = build_xlsx(_content(scope, contracts, period))
    return data, load_workbook(BytesIO(data))


@pytest.fixture
def rows_shown(app):
    """Nothing withheld, as in a program large enough: the row sheets are in the workbook
    (with a small count of people withheld they are left out: test_suppression_holds.py)."""
    app.config["SUPPRESSION_THRESHOLD"] = 1


def _summary(book):
    """The Summary sheet's cells by figure label."""
    return {row[0].value: row[1:] for row in book["Summary"].iter_rows(min_row=2)}


def test_the_workbook_has_its_sheets_with_frozen_filtered_headers(program, rows_shown):
    _, book = _workbook()
    assert book.sheetnames == ["Summary", "Outcomes", "Deliverables", "Charts", "Loans",
                               "Inventory", "Issues", "Definitions"]
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:")
        assert sheet["A1"].font.bold


def test_the_summary_shows_the_metrics_with_people_suppressed(program):
    cells = _summary(_workbook()[1])
    expected = compute(MARCH, Scope.program())
    assert cells["Loans started"][0].value == expected["loans_started"] == 3
    assert cells["Peers served"][0].value == "<5"  # four people
    assert cells["Waiting at period end"][0].value == "<5"
    assert cells["Loans ended"][0].value == 3 and cells["Loans ended"][1].value == "withheld"
    # The change would give February's one loan back (and with it its one new peer).
    assert cells["Loans started"][2].value == "withheld"
    assert cells["Rows"][0].value.startswith("The Loans, Inventory and Issues sheets are left")


def test_numbers_are_numbers_rates_are_percentages_and_money_has_a_currency(program):
    cells = _summary(_workbook()[1])
    rate = cells["On-time return rate"][0]
    assert rate.value == 0.5 and rate.number_format == "0%"  # shows as 50%
    cost = cells["Data plan cost"][0]
    assert isinstance(cost.value, (int, float)) and cost.number_format == '"$"#,##0.00'
    days = cells["Average loan length (days)"]
    assert days[0].value == 10.3 and days[2].value == round(days[2].value, 1)
    # No number is stored as text: only the marks and the dash for "none" are.
    figures = [row for label, row in cells.items()
               if label not in ("Report", "Scope", "Period", "Rows")]
    texts = {cell.value for row in figures for cell in row if isinstance(cell.value, str)}
    assert texts <= {"<5", "withheld", "—"}


def test_counts_of_five_or_more_people_are_numbers(app):
    staff = factories.user("staff")
    for _ in range(6):
        factories.lend(factories.peer(), by=staff, device=factories.device("tablet", imei=None))
    db.session.commit()
    today = local_today()
    cells = _summary(_workbook(period=Period(today, today))[1])
    assert cells["Peers served"][0].value == 6 and cells["Peers served"][0].data_type == "n"


def test_the_workbook_carries_the_deliverables_the_pdf_shows(program):
    content = _content(Scope.contract(program["contract"]), [program["contract"]])
    book = load_workbook(BytesIO(build_xlsx(content)))
    rows = list(book["Deliverables"].iter_rows(min_row=2, values_only=True))
    assert rows == [("K1", "Tablets", 10, 1, rows[0][4])]
    pdf = pdf_text(build_pdf(content))
    assert "Deliverables" in pdf and "K1 Tablets 10 1" in pdf


def test_the_workbook_renders_without_a_single_query(program):
    content = _content()
    queries = []
    listener = lambda *args: queries.append(args[2])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        build_xlsx(content)
        build_pdf(content)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert queries == []


def test_the_inventory_sheet_says_each_plans_service_today(app):
    today = local_today()
    for name, start, end in (("Ends next month", today - timedelta(days=9),
                              today + timedelta(days=30)),
                             ("Until cancelled", today - timedelta(days=9), None),
                             ("Ended", today - timedelta(days=90), today - timedelta(days=1)),
                             ("Starts soon", today + timedelta(days=3), None)):
        factories.plan(name=name, start=start, end=end)
    db.session.commit()
    _, book = _workbook(period=Period(today, today))
    status = {row[1]: row[6] for row in book["Inventory"].iter_rows(min_row=2, values_only=True)}
    assert status == {"Maple Mobile Ends next month": "In service",
                      "Maple Mobile Until cancelled": "In service",
                      "Maple Mobile Ended": "Ended", "Maple Mobile Starts soon": "Upcoming"}


def test_loan_rows_name_peers_only_by_a_random_id_new_for_each_report(program, rows_shown):
    data, book = _workbook()
    rows = list(book["Loans"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 4  # the loans open at some moment in March
    aliases = {row[1] for row in rows}
    codes = {peer.code for peer in program["peers"].values()}
    assert not aliases & codes and all(alias.startswith("R-") for alias in aliases)
    _, again = _workbook()
    assert aliases.isdisjoint({row[1] for row in again["Loans"].iter_rows(min_row=2,
                                                                          values_only=True)})
    assert rows[0][3] == "2026-02"  # by month unless a manager chooses days


def test_text_that_looks_like_a_formula_is_never_evaluated(program, rows_shown):
    factories.device("tablet", imei=None, make="=HYPERLINK(\"http://x\")", serial="+1-555")
    db.session.commit()
    data, book = _workbook()
    cells = [cell for row in book["Inventory"].iter_rows(min_row=2) for cell in row
             if isinstance(cell.value, str) and cell.value.startswith(("=", "+"))]
    assert cells and all(cell.data_type == "s" for cell in cells)
    assert b"<f>" not in data  # no formula element anywhere in the file


def test_no_peer_name_or_contact_reaches_the_workbook(program):
    robin = factories.peer(preferred_name="Robinia", phone="+16475550177")
    factories.lend(robin, by=factories.user("staff"), waitlist_reason="Asked at the desk",
                   device=factories.device("tablet", imei=None))
    db.session.commit()
    _, book = _workbook()
    text = " ".join(str(value) for sheet in book.worksheets
                    for row in sheet.iter_rows(values_only=True) for value in row)
    assert "Robinia" not in text and "5550177" not in text and robin.code not in text


def test_a_contract_workbook_lists_only_that_contracts_items(program, rows_shown):
    _, book = _workbook(Scope.contract(program["contract"]), [program["contract"]])
    rows = list(book["Inventory"].iter_rows(min_row=2, values_only=True))
    assert [(row[0], row[3]) for row in rows] == [("Tablet", "K1"), ("Data plan", "K1")]
