"""A data plan goes out with the SIM card it is on; due dates stay within the kind's loan
length (a manager may go further, with the reason) and never past the plan's service."""
from datetime import timedelta

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.loans.operations import lend_kit
from lending.models import AuditEntry, Loan
from lending.refusals import RuleError

from . import factories

TOKEN = "c" * 32


@pytest.fixture
def staff(app):
    """A staff member, and the loan agreement they lend under."""
    factories.agreement()
    return factories.user("staff")


def _lend(peer, by, **kit):
    """Lend through the operation itself (factories.lend would put plans on SIM cards)."""
    return lend_kit(peer, by=by, acceptance="paper", **kit)


def test_a_plan_goes_out_only_with_its_own_sim_card(staff):
    ours, other = factories.sim(), factories.sim()
    plan = factories.plan(sim=ours)
    with pytest.raises(RuleError, match="a plan goes out with its own SIM card"):
        _lend(factories.peer(), staff, sim=other, plan=plan)
    loose = factories.plan()
    with pytest.raises(RuleError, match="is on no SIM card"):
        _lend(factories.peer(), staff, sim=other, plan=loose)
    assert db.session.execute(db.select(Loan)).first() is None


def test_choosing_only_a_plan_brings_its_sim_card(staff):
    sim = factories.sim()
    plan = factories.plan(sim=sim)
    loan = _lend(factories.peer(), staff, plan=plan)
    assert loan.sim == sim and loan.plan == plan


def test_a_plan_on_no_sim_card_can_go_out_alone(staff):
    loan = _lend(factories.peer(), staff, plan=factories.plan())
    assert loan.sim is None and loan.kind == "data_only"


def test_the_lending_form_tells_same_named_plans_apart_and_links_them_to_their_sims(
        client, auth):
    auth.login("staff")
    sims = [factories.sim(with_number=True) for _ in range(2)]
    today = local_today()
    plans = [factories.plan(sim=sims[0], end=today + timedelta(days=60)),
             factories.plan(sim=sims[1])]
    db.session.commit()
    page = client.get(f"/loans/new?sim={sims[1].id}").get_data(as_text=True)
    first = f"{plans[0].title} · {sims[0].phone_number} · until {plans[0].end_date}"
    second = f"{plans[1].title} · {sims[1].phone_number} · until cancelled"
    assert first in page and second in page
    assert f'data-sim="{sims[0].id}"' in page
    assert page.index(second) < page.index(first)  # the chosen SIM card's plans first
    linked = client.get(f"/loans/new?plan={plans[0].id}").get_data(as_text=True)
    assert f'<option selected value="{sims[0].id}">' in linked  # the plan's SIM filled in


def test_the_screen_refuses_a_plan_with_another_sim_card(client, auth):
    auth.login("staff")
    ours, other = factories.sim(), factories.sim()
    plan, peer = factories.plan(sim=ours), factories.peer()
    factories.agreement()
    db.session.commit()
    page = client.post("/loans/new", data={"peer_code": peer.code, "sim_id": other.id,
                                           "plan_id": plan.id, "acceptance": "paper",
                                           "form_token": TOKEN}).get_data(as_text=True)
    assert "a plan goes out with its own SIM card" in page
    assert db.session.execute(db.select(Loan)).first() is None


def test_staff_lend_within_the_kinds_loan_length(staff):
    today = local_today()
    with pytest.raises(RuleError, match="a manager may set a later date"):
        _lend(factories.peer(), staff, device=factories.device(),
              due_date=today + timedelta(days=91))
    loan = _lend(factories.peer(), staff, device=factories.device(),
                 due_date=today + timedelta(days=90))
    assert loan.due_date_reason == ""


def test_a_manager_lends_longer_with_the_reason_recorded(staff):
    manager = factories.user("manager")
    later = local_today() + timedelta(days=150)
    with pytest.raises(RuleError, match="Say why this phone loan is due after"):
        _lend(factories.peer(), manager, device=factories.device(), due_date=later)
    loan = _lend(factories.peer(), manager, device=factories.device(), due_date=later,
                 due_reason="Covers the winter course")
    assert loan.due_date == later and loan.due_date_reason == "Covers the winter course"
    entry = db.session.execute(db.select(AuditEntry).filter_by(action="lend")).scalars().all()[-1]
    assert entry.changes["due_date_reason"] == [None, "(hidden)"]  # not its words
    with pytest.raises(RuleError, match="more than 730 days"):
        _lend(factories.peer(), manager, device=factories.device(),
              due_date=local_today() + timedelta(days=900), due_reason="Forever")


def test_a_due_date_never_passes_the_plans_last_day_of_service(staff):
    today = local_today()
    sim = factories.sim()
    plan = factories.plan(sim=sim, end=today + timedelta(days=20))
    with pytest.raises(RuleError, match="last day of service"):
        _lend(factories.peer(), staff, plan=plan, due_date=today + timedelta(days=30))
    loan = _lend(factories.peer(), staff, plan=plan)
    assert loan.due_date == plan.end_date  # the default stops there too


def test_the_screen_refuses_a_due_date_in_2099_and_renewing_9999_is_explained(client, auth):
    staff = auth.login("staff")
    peer, device = factories.peer(), factories.device()
    factories.agreement()
    db.session.commit()
    page = client.post("/loans/new", data={"peer_code": peer.code, "device_id": device.id,
                                           "acceptance": "paper", "due_date": "2099-01-01",
                                           "form_token": TOKEN}).get_data(as_text=True)
    assert "A phone loan is due at most 90 days from today" in page
    assert 'name="due_reason"' not in page  # staff are not offered the manager's reason
    loan = factories.lend(factories.peer(), by=staff, device=factories.device())
    loan.due_date = loan.due_date.replace(year=9999, month=12, day=31)
    db.session.commit()
    response = client.post(f"/loans/{loan.id}/renew",
                           data={"expected_due": "9999-12-31"}, follow_redirects=True)
    assert response.status_code == 200
    assert "renewing would not give it more time" in response.get_data(as_text=True)


def test_a_manager_gives_the_reason_on_the_lending_form(client, auth):
    auth.login("manager")
    peer, device = factories.peer(), factories.device()
    factories.agreement()
    db.session.commit()
    later = local_today() + timedelta(days=120)
    response = client.post("/loans/new", data={
        "peer_code": peer.code, "device_id": device.id, "acceptance": "paper",
        "due_date": later.isoformat(), "due_reason": "Away on a course", "form_token": TOKEN})
    loan = db.session.execute(db.select(Loan)).scalar_one()
    assert response.status_code == 302 and loan.due_date == later
    page = client.get(f"/loans/{loan.id}").get_data(as_text=True)
    assert "Later than the usual 90 days: Away on a course" in page
