"""No funder output lets a reader work out a count of people shown as "<5": not from a sheet of
rows, not from a chart's numbers, not from a sum, a difference or a bound of shown numbers,
and not by joining two reports on an id. Small programs, attacked with tests/attacker.py."""
import random
import re
from datetime import timedelta
from io import BytesIO

import pytest
from openpyxl import load_workbook

from lending.clock import local_today
from lending.extensions import db
from lending.models import Issue
from lending.reporting import disclosure
from lending.reporting.archive import read_report
from lending.reporting.figures import FIGURES, OUTCOMES
from lending.reporting.operations import generate_report

from . import factories
from .attacker import SMALL, Reader, relate_figures, relate_outcomes
from .conftest import wait_for
from .march import MARCH, _loan

KEY_OF = {label: key for key, (label, _definition, _people) in (*FIGURES.items(),
                                                                *OUTCOMES.items())}
ITEM_LABELS = ("Phones", "Tablets", "Laptops", "Hotspots", "SIM cards", "Data plans")
ROW_SHEETS = {"Loans", "Inventory", "Issues"}


def read_workbook(data: bytes) -> tuple[Reader, list[str]]:
    """What a funder's workbook shows, as a reader relates it; and its sheet names."""
    book = load_workbook(BytesIO(data))
    cells = {}
    for label, now, before, change in list(book["Summary"].iter_rows(min_row=2,
                                                                     values_only=True))[3:]:
        if label in KEY_OF:
            cells.update({("now", KEY_OF[label]): now, ("before", KEY_OF[label]): before,
                          ("change", KEY_OF[label]): change})
    reach = None  # the rows after the Outcomes sheet's "Peers served by priority group"
    for label, now, before, change in book["Outcomes"].iter_rows(min_row=2, values_only=True):
        if label in KEY_OF:
            cells.update({("now", KEY_OF[label]): now, ("before", KEY_OF[label]): before,
                          ("change", KEY_OF[label]): change})
        elif label == "Peers served by priority group":
            reach = True
        elif reach and label:
            cells.update({("reach", "now", label): now, ("reach", "before", label): before})
        elif not label:
            reach = False
    charts = list(book["Charts"].iter_rows(min_row=2, values_only=True))
    months = [("month", bar) for chart, bar, _ in charts if chart.startswith("Loans")]
    cells.update({("month", bar): count for chart, bar, count in charts
                  if chart.startswith("Loans")})
    cells.update({("issue", bar): count for chart, bar, count in charts
                  if chart.startswith("Issues")})
    for contract, label, _committed, delivered, _expected in book["Deliverables"].iter_rows(
            min_row=2, values_only=True):
        cells[("delivered", contract, label)] = delivered
    reader = Reader(cells)
    relate_figures(reader)
    relate_outcomes(reader)
    reader.balance({("now", "loans_started"): -1, **dict.fromkeys(months, 1)})
    for label, key in (("Lost", "lost"), ("Stolen", "stolen"), ("Damaged", "damaged")):
        reader.balance({("issue", label): 1, ("now", key): -1})
    return reader, book.sheetnames


def read_portal(page: str) -> Reader:
    """What a funder's contract page shows, as a reader relates it."""
    cells = {}
    for label, value in re.findall(r'<dt class="col-sm-4">([^<]+)</dt><dd class="col-sm-8">'
                                   r'([^<]*)</dd>', page):
        cells[("glance", label)] = value.replace("&lt;", "<")
    deliverables = page.split("<h2 class=\"h5\">Deliverables</h2>")[1].split("</table>")[0]
    for label, delivered in re.findall(r"<tr><td>([^<]+)</td><td[^>]*>\d+</td>"
                                       r"<td[^>]*>([^<]+)</td>", deliverables):
        cells[("delivered", label.split(" (")[0])] = delivered.replace("&lt;", "<")
    for heading in ("Figures for the term so far", "Outcomes for the term so far"):
        figures = page.split(heading)[1].split("</table>")[0]
        for label, value in re.findall(r'<th scope="row" class="fw-normal">([^<]+)<div[^>]*>'
                                       r'[^<]*</div></th>\s*<td class="text-end">([^<]*)</td>',
                                       figures):
            cells[("now", KEY_OF[label.replace("&#39;", "'")])] = value.replace("&lt;", "<")
    reach = page.split("Peers served by priority group")
    if len(reach) > 1:
        for name, count in re.findall(r'<tr><td>([^<]+)</td><td class="text-end">([^<]*)</td>',
                                      reach[1].split("</table>")[0]):
            cells[("reach", "now", name)] = count.replace("&lt;", "<")
    loans_chart = page.split("<caption>Loans started per month</caption>")
    months = []
    if len(loans_chart) > 1:
        for month, count in re.findall(r'<tr><th scope="row">([^<]+)</th><td>([^<]*)</td>',
                                       loans_chart[1].split("</table>")[0]):
            cells[("month", month)] = count.replace("&lt;", "<")
            months.append(("month", month))
    reader = Reader(cells)
    relate_figures(reader, columns=("now",))
    relate_outcomes(reader, columns=("now",))
    reader.balance({("now", "loans_started"): -1, **dict.fromkeys(months, 1)})
    peers, lent = ("glance", "Peers served with them"), ("glance", "Items that reached a peer")
    reader.bound(peers, [lent])
    for other in (("delivered", "Peers served"), ("now", "peers_served")):
        reader.balance({peers: 1, other: -1})
    shown_items = [("delivered", label) for label in ITEM_LABELS
                   if ("delivered", label) in reader.cells]
    reader.at_most.append({**dict.fromkeys(shown_items, 1), lent: -1})
    return reader


def attack_reports(program_scopes, start, end):
    """Every scope's workbook for a period: nothing recovered, and no rows beside a "<5"."""
    for partner, contract in program_scopes:
        data = read_report(generate_report("xlsx", start, end, partner=partner,
                                           contract=contract, by=None))
        reader, sheets = read_workbook(data)
        assert reader.recovered() == {}, (partner, contract)
        if SMALL in reader.cells.values():
            assert not ROW_SHEETS & set(sheets), sheets


def attack_portal(client, auth, contract):
    """The funder's page for the contract: nothing recovered."""
    auth.login("funder", partner=contract.partner)
    page = client.get(f"/portal/contracts/{contract.id}").get_data(as_text=True)
    auth.logout()
    reader = read_portal(page)
    assert reader.recovered() == {}, contract.reference
    return reader


@pytest.fixture
def one_loan(app):
    """The review's case: a contract whose only tablet went to one peer today."""
    contract = factories.contract(deliverables=(("tablet", 10), ("peer_served", 10)))
    factories.lend(factories.peer(), by=factories.user("staff"),
                   device=factories.device("tablet", imei=None, contract=contract))
    db.session.commit()
    return contract


def test_one_loan_to_one_peer_cannot_be_counted_from_a_report_or_the_portal(client, auth,
                                                                             one_loan):
    today = local_today()
    attack_reports([(None, one_loan), (one_loan.partner, None), (None, None)], today, today)
    reader = attack_portal(client, auth, one_loan)
    assert reader.cells[("glance", "Peers served with them")] == SMALL


def test_the_reader_does_recover_a_count_when_only_small_counts_are_marked(client, auth,
                                                                           one_loan,
                                                                           monkeypatch):
    """The attack has teeth: without the cells that would give it away withheld, the one
    peer is counted."""
    monkeypatch.setattr(disclosure, "_worked_out", lambda *args: None)
    today = local_today()
    data = read_report(generate_report("xlsx", today, today, contract=one_loan, by=None))
    assert read_workbook(data)[0].recovered() == {("now", "peers_served"): 1,
                                                  ("now", "new_peers"): 1}
    auth.login("funder", partner=one_loan.partner)
    page = client.get(f"/portal/contracts/{one_loan.id}").get_data(as_text=True)
    assert read_portal(page).recovered()


def test_the_march_program_holds_in_every_scope(program):
    attack_reports([(None, None), (program["partner"], None), (None, program["contract"]),
                    (None, program["k2"])], MARCH.start, MARCH.end)


@pytest.mark.parametrize("seed", range(6))
def test_small_random_programs_hold_in_every_report_and_portal_page(client, auth, seed):
    chance = random.Random(seed)
    staff = factories.user("staff")
    partner = factories.partner()
    contracts = [factories.contract(partner=partner, deliverables=(
        ("tablet", 5), ("sim_card", 5), ("peer_served", 8))) for _ in range(2)]
    peers = [factories.peer() for _ in range(chance.randint(1, 6))]
    today = local_today()
    for _ in range(chance.randint(1, 9)):
        lent = today - timedelta(days=chance.randint(0, 80))
        returned = lent + timedelta(days=chance.randint(0, 40))
        device = factories.device("tablet", imei=None, contract=chance.choice(contracts + [None]))
        loan = _loan(staff, chance.choice(peers), lent, lent + timedelta(days=30),
                     returned if returned <= today and chance.random() < 0.6 else None,
                     device=device)
        if chance.random() < 0.2:
            db.session.add(Issue(kind="lost", device=device, loan=loan, incident_date=lent,
                                 logged_by=staff))
    db.session.commit()
    attack_reports([(None, None), (partner, None), *((None, c) for c in contracts)],
                   today - timedelta(days=40), today)
    for contract in contracts:
        attack_portal(client, auth, contract)


def test_the_march_outcomes_hold_in_every_scope_and_the_portal(client, auth, outcomes_program):
    program = outcomes_program
    attack_reports([(None, None), (program["partner"], None), (None, program["contract"]),
                    (None, program["k2"])], MARCH.start, MARCH.end)
    for contract in (program["contract"], program["k2"]):
        reader = attack_portal(client, auth, contract)
        assert ("reach", "now", "Rural") in reader.cells  # the outcomes were read too


def test_two_reports_share_no_loan_issue_or_peer_id(app, program):
    """A loan open across two periods is listed in both reports under unrelated ids."""
    app.config["SUPPRESSION_THRESHOLD"] = 1  # nothing withheld, so both list their rows
    def ids(start, end):
        book = load_workbook(BytesIO(read_report(generate_report(
            "xlsx", start, end, by=None))))
        return {value for sheet in ("Loans", "Issues") for row in book[sheet].iter_rows(
            min_row=2, max_col=2, values_only=True) for value in row
            if value and value[:2] in ("L-", "R-", "I-")}
    february = ids(MARCH.start - timedelta(days=28), MARCH.start - timedelta(days=1))
    march = ids(MARCH.start, MARCH.end)
    assert february and march and not february & march


def test_row_sheets_show_dates_by_month_unless_a_manager_chooses_days(app, client, auth,
                                                                       program, worker):
    app.config["SUPPRESSION_THRESHOLD"] = 1  # nothing withheld: the rows are there
    auth.login("manager")

    def lent_and_incident(report):
        book = load_workbook(BytesIO(read_report(report)))
        return ([row[3] for row in book["Loans"].iter_rows(min_row=2, values_only=True)],
                [row[2] for row in book["Issues"].iter_rows(min_row=2, values_only=True)])
    by_month = generate_report("xlsx", MARCH.start, MARCH.end, by=None)
    assert lent_and_incident(by_month) == (["2026-02", "2026-03", "2026-03", "2026-03"],
                                           ["2026-03"])
    asked = client.post("/reports", data={"fmt": "xlsx", "start": "2026-03-01",
                                          "end": "2026-03-31", "partner_id": "0",
                                          "contract_id": "0", "dates_by_day": "y"})
    by_day = wait_for(int(asked.headers["Location"].rsplit("/", 1)[1])).report
    assert by_day.dates_by_day and not by_month.dates_by_day
    lent, incidents = lent_and_incident(by_day)
    assert [day.date().isoformat() for day in lent] == [
        "2026-02-10", "2026-03-10", "2026-03-15", "2026-03-25"]
    assert [day.date().isoformat() for day in incidents] == ["2026-03-28"]
