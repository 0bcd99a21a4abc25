"""Partners, contracts, deliverables, provenance and the manager's contract alerts."""
import re
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.models import Contract, Deliverable, Device, Partner, SupportSession
from lending.reporting.deliverables import (
    delivered,
    plan_cost_to_date,
    progress,
    reporting_periods,
)

from . import factories

GOOD_CONTRACT = {"reference": "cwf 2026", "title": "Connected peers", "kind": "grant",
                 "start_date": "2026-01-01", "end_date": "2026-12-31", "value": "120000",
                 "currency": "cad", "reporting_schedule": "quarterly"}


@pytest.fixture
def manager(auth):
    """A signed-in manager."""
    return auth.login("manager")


def test_a_manager_adds_a_partner_and_a_contact(client, manager):
    response = client.post("/partners/new", data={"name": "Maple Mobile", "reference": "telco 1",
                                                  "kind": "telecom"})
    partner = db.session.execute(db.select(Partner)).scalar_one()
    assert partner.reference == "TELCO1" and response.headers["Location"] == \
        f"/partners/{partner.id}"
    client.post(f"/partners/{partner.id}", data={"name": "Omar", "email": "omar@example.org",
                                                 "phone": "416 555 0100"})
    assert [(c.name, c.phone) for c in partner.contacts] == [("Omar", "+14165550100")]
    page = client.post("/partners/new", data={"name": "Other", "reference": "TELCO1",
                                              "kind": "funder"}).get_data(as_text=True)
    assert "Another partner has this reference" in page


@pytest.mark.parametrize("field, value, message", [
    ("end_date", "2025-12-31", "The end cannot be before the start"),
    ("value", "-1", "Enter an amount from 0 up"),
    ("reference", "bad/ref", "Use capital letters, digits and dashes"),
    ("currency", "dollars", "three-letter currency code"),
])
def test_bad_contract_input_is_explained_and_nothing_is_saved(client, manager, field, value,
                                                             message):
    partner = factories.partner()
    db.session.commit()
    page = client.post("/contracts/new", data={**GOOD_CONTRACT, "partner_id": partner.id,
                                               field: value}).get_data(as_text=True)
    assert message in page and db.session.execute(db.select(Contract)).first() is None


def test_a_contract_gets_report_dates_from_its_schedule_and_refuses_a_duplicate(client, manager):
    partner = factories.partner()
    db.session.commit()
    client.post("/contracts/new", data={**GOOD_CONTRACT, "partner_id": partner.id})
    contract = db.session.execute(db.select(Contract)).scalar_one()
    assert (contract.reference, contract.currency) == ("CWF2026", "CAD")
    assert [d.due_date.isoformat() for d in contract.report_dues] == [
        "2026-04-30", "2026-07-30", "2026-10-30", "2027-01-30"]
    page = client.post("/contracts/new", data={**GOOD_CONTRACT, "partner_id": partner.id}
                       ).get_data(as_text=True)
    assert "Another contract has this reference" in page
    client.post(f"/contracts/{contract.id}/edit", data={**GOOD_CONTRACT, "partner_id": partner.id,
                                                        "reporting_schedule": "annual"})
    assert [d.due_date.isoformat() for d in contract.report_dues] == ["2027-01-30"]


def test_deliverables_refuse_negative_quantities(client, manager):
    contract = factories.contract(deliverables=())
    db.session.commit()
    client.post(f"/contracts/{contract.id}/deliverables", data={"kind": "tablet",
                                                                "quantity": "-3"})
    assert db.session.execute(db.select(Deliverable)).first() is None
    client.post(f"/contracts/{contract.id}/deliverables", data={
        "kind": "data_plan", "quantity": "40", "duration_months": "12"})
    assert [(d.kind, d.quantity, d.duration_months) for d in contract.deliverables] == [
        ("data_plan", 40, 12)]


def test_items_name_the_contract_they_came_from(client, manager):
    contract = factories.contract()
    db.session.commit()
    client.post("/devices/new", data={"kind": "tablet", "make": "Lenovo", "model": "M10",
                                      "serial": "PROV-1", "condition": "new",
                                      "status": "available", "contract_id": contract.id})
    device = db.session.execute(db.select(Device)).scalar_one()
    assert device.contract == contract
    page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert f"/devices/{device.id}\">{device.title}</a>" in page


def test_a_large_contract_shows_its_first_items_and_links_to_all(client, manager,
                                                                  monkeypatch):
    from lending.partners import queries as contract_pages
    monkeypatch.setattr(contract_pages, "ITEMS_SHOWN", 2)
    contract = factories.contract()
    ours = [factories.device(asset_tag=f"OURS-{n}", contract=contract) for n in range(3)]
    factories.lend(factories.peer(), by=manager, device=ours[0])
    factories.device(asset_tag="OTHER-1")
    db.session.commit()
    page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "OURS-0" in page and "OURS-1" in page and "OURS-2" not in page
    assert re.search(r"on loan #<a[^>]*>\d+</a>", page)  # where the lent one is now
    assert f'href="/devices?contract={contract.id}">3 devices</a>' in page
    listed = client.get(f"/devices?contract={contract.id}").get_data(as_text=True)
    assert all(f"OURS-{n}" in listed for n in range(3)) and "OTHER-1" not in listed
    assert "3 in all matching these filters" in listed


def test_delivered_counts_items_that_reached_a_peer_and_the_peers(app):
    staff = factories.user("staff")
    contract = factories.contract(deliverables=(("tablet", 4), ("peer_served", 10)))
    lent = factories.device("tablet", imei=None, contract=contract)
    factories.device("tablet", imei=None, contract=contract)  # never lent
    factories.lend(factories.peer(), by=staff, device=lent)
    other = factories.device("tablet", imei=None)  # no contract: not counted
    factories.lend(factories.peer(), by=staff, device=other)
    counts = delivered(contract, local_today())
    assert counts["tablet"] == 1 and counts["peer_served"] == 1
    rows = {row.kind: row for row in progress(contract, local_today())}
    assert rows["tablet"].expected_by_now == 2 and rows["tablet"].behind  # half the term gone


def test_plan_cost_counts_each_started_month_of_service(app):
    contract = factories.contract()
    today = local_today()
    plan = factories.plan(start=today.replace(day=1) - timedelta(days=60), end=None,
                          contract=contract, monthly_cost=Decimal("25.00"))
    start = plan.start_date  # some day of the month two or three months back
    months = (today.year - start.year) * 12 + today.month - start.month + 1
    assert months in (3, 4) and plan_cost_to_date(contract, today) == Decimal("25.00") * months


def test_a_monthly_schedule_covers_the_term_in_whole_months():
    term = SimpleNamespace(start_date=date(2026, 1, 15), end_date=date(2026, 4, 10),
                           reporting_schedule="monthly")
    periods = reporting_periods(term)
    assert [(s.isoformat(), e.isoformat()) for s, e, _ in periods] == [
        ("2026-01-15", "2026-02-14"), ("2026-02-15", "2026-03-14"),
        ("2026-03-15", "2026-04-10")]
    assert periods[-1][2] == date(2026, 5, 10)


def test_the_dashboard_warns_managers_of_endings_reports_and_shortfalls(client, manager):
    today = local_today()
    ending = factories.contract(reference="ENDING-1", end=today + timedelta(days=20))
    ending.report_dues.append(factories.report_due(today + timedelta(days=5)))
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "ENDING-1</a> ends" in page and "due " + (today + timedelta(days=5)).isoformat() in page
    assert "is behind on tablets" in page


def test_support_sessions_delivered_are_those_of_the_peers_its_items_served(app):
    staff = factories.user("staff")
    contract = factories.contract(deliverables=(("support_session", 10), ("peer_served", 5)))
    helped, elsewhere = factories.peer(), factories.peer()
    factories.lend(helped, by=staff, device=factories.device("tablet", imei=None,
                                                             contract=contract))
    factories.lend(elsewhere, by=staff, device=factories.device("tablet", imei=None))
    today = local_today()
    for peer, day in ((helped, today), (helped, contract.start_date - timedelta(days=1)),
                      (elsewhere, today)):
        db.session.add(SupportSession(peer=peer, held_on=day, minutes=30, topic="other",
                                      given_by=staff))
    db.session.flush()
    counts = delivered(contract, today)
    # Only the helped peer's session within the term; the other peer's device has no contract.
    assert counts["support_session"] == 1 and counts["peer_served"] == 1


def test_the_contract_page_shows_the_report_figures_for_the_term(client, manager):
    staff = factories.user("staff")
    contract = factories.contract(reference="TERM-1")
    for _ in range(2):
        factories.lend(factories.peer(), by=staff,
                       device=factories.device("tablet", imei=None, contract=contract))
    db.session.commit()
    page = client.get(f"/contracts/{contract.id}").get_data(as_text=True)
    assert "Figures for the term so far" in page
    # Managers see real counts: two peers served, not "<5".
    assert re.search(r"Peers served<div[^>]*>[^<]*</div></th>\s*<td class=\"text-end\">2</td>",
                     page)


def test_the_manager_dashboard_shows_the_last_30_days_beside_the_30_before(client, auth):
    staff = auth.login("manager")
    factories.lend(factories.peer(), by=staff, device=factories.device("tablet", imei=None))
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert "The program in the last 30 days" in page
    assert re.search(r"Loans started<div[^>]*>[^<]*</div></th>\s*<td class=\"text-end\">1</td>"
                     r"\s*<td class=\"text-end\">0</td><td class=\"text-end\">\+1</td>", page)
    auth.logout()
    auth.login("staff")
    assert "The program in the last 30 days" not in client.get("/").get_data(as_text=True)
