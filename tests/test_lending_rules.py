"""The lending rules, through the operations staff use."""
from datetime import date, timedelta

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.inventory.operations import record_reset
from lending.loans.operations import record_return, renew_loan
from lending.models import AuditEntry, Loan, LoanItem, LoanPolicy
from lending.refusals import RuleError

from . import factories


@pytest.fixture
def staff(app):
    """The staff member doing the lending."""
    return factories.user("staff")


def test_lending_a_full_kit_puts_every_item_on_one_open_loan(staff):
    peer, device, sim, plan = (factories.peer(), factories.device(), factories.sim(),
                               factories.plan())
    loan = factories.lend(peer, by=staff, device=device, sim=sim, plan=plan,
                    accessories=["charger", "case"])
    db.session.commit()
    assert loan.status == "active" and loan.kind == "phone"
    assert device.status == "on_loan"
    assert {line.item for line in loan.items} == {device, sim, plan}
    assert loan.accessories_out == "case,charger"  # stored in checklist order


def test_due_date_defaults_from_the_loan_length_for_the_kind(staff):
    today = local_today()
    tablet_loan = factories.lend(factories.peer(), by=staff, device=factories.device("tablet"))
    data_loan = factories.lend(factories.peer(), by=staff, sim=factories.sim())
    assert tablet_loan.due_date == today + timedelta(days=LoanPolicy.for_kind("tablet").loan_days)
    assert data_loan.kind == "data_only"
    assert data_loan.due_date == today + timedelta(
        days=LoanPolicy.for_kind("data_only").loan_days)


def test_a_stored_policy_overrides_the_default_loan_length(staff):
    db.session.add(LoanPolicy(kind="laptop", loan_days=14, renewals_allowed=0))
    loan = factories.lend(factories.peer(), by=staff, device=factories.device("laptop"))
    assert loan.due_date == local_today() + timedelta(days=14)


def test_a_device_awaiting_reset_cannot_be_lent(staff):
    device = factories.device(status="awaiting_reset")
    with pytest.raises(RuleError, match="wiped and reset"):
        factories.lend(factories.peer(), by=staff, device=device)
    assert db.session.execute(db.select(Loan)).first() is None


@pytest.mark.parametrize("status", ["received", "in_repair", "lost", "retired"])
def test_only_an_available_device_can_be_lent(staff, status):
    with pytest.raises(RuleError, match="not available"):
        factories.lend(factories.peer(), by=staff, device=factories.device(status=status))


@pytest.mark.parametrize("status", ["spare", "suspended", "cancelled"])
def test_only_an_active_sim_can_be_lent(staff, status):
    with pytest.raises(RuleError, match="only an active SIM card"):
        factories.lend(factories.peer(), by=staff, sim=factories.sim(status=status))


def test_a_plan_out_of_service_cannot_be_lent(staff):
    today = local_today()
    ended = factories.plan(start=today - timedelta(days=60), end=today - timedelta(days=1))
    upcoming = factories.plan(start=today + timedelta(days=3))
    for plan in (ended, upcoming):
        with pytest.raises(RuleError, match="not in service"):
            factories.lend(factories.peer(), by=staff, plan=plan)


def test_an_item_already_on_loan_cannot_be_lent_again(staff):
    sim = factories.sim()
    factories.lend(factories.peer(), by=staff, sim=sim)
    with pytest.raises(RuleError, match="already on loan"):
        factories.lend(factories.peer(), by=staff, sim=sim)
    assert db.session.execute(db.select(db.func.count(Loan.id))).scalar_one() == 1


def test_an_empty_kit_or_a_past_due_date_is_refused(staff):
    with pytest.raises(RuleError, match="at least one item"):
        factories.lend(factories.peer(), by=staff)
    with pytest.raises(RuleError, match="past"):
        factories.lend(factories.peer(), by=staff, device=factories.device(),
                 due_date=local_today() - timedelta(days=1))


def test_renewal_makes_the_loan_due_its_length_from_today_up_to_the_limit(staff):
    db.session.add(LoanPolicy(kind="hotspot", loan_days=30, renewals_allowed=1))
    loan = factories.lend(factories.peer(), by=staff, device=factories.device("hotspot"))
    loan.due_date = first_due = local_today() + timedelta(days=4)  # lent weeks ago
    assert renew_loan(loan, by=staff) == local_today() + timedelta(days=30)
    assert loan.renewals == 1 and loan.renewal_log[0].previous_due == first_due
    loan.due_date = local_today() + timedelta(days=2)
    with pytest.raises(RuleError, match="the most allowed"):
        renew_loan(loan, by=staff)


def test_renewing_a_loan_that_is_already_due_that_late_is_refused_not_an_error(staff):
    loan = factories.lend(factories.peer(), by=staff, device=factories.device())
    with pytest.raises(RuleError, match="renewing would not give it more time"):
        renew_loan(loan, by=staff)  # lent today: already due the loan length from today
    loan.due_date = date(9999, 12, 31)  # a due date from before the limit existed
    with pytest.raises(RuleError, match="already due 9999-12-31"):
        renew_loan(loan, by=staff)
    assert loan.renewals == 0


def test_an_overdue_loan_is_renewed_from_today_not_from_its_old_due_date(staff):
    loan = factories.lend(factories.peer(), by=staff, device=factories.device("phone"))
    loan.due_date = local_today() - timedelta(days=10)
    new_due = renew_loan(loan, by=staff)
    assert new_due == local_today() + timedelta(days=LoanPolicy.for_kind("phone").loan_days)


def test_a_second_click_on_renew_does_not_renew_twice(staff):
    loan = factories.lend(factories.peer(), by=staff, device=factories.device())
    loan.due_date = seen_due = local_today() + timedelta(days=3)
    renew_loan(loan, by=staff, expected_due=seen_due)
    with pytest.raises(RuleError, match="already renewed"):
        renew_loan(loan, by=staff, expected_due=seen_due)
    assert loan.renewals == 1


def test_a_return_closes_the_loan_and_sends_the_device_to_reset(staff):
    device, sim = factories.device(), factories.sim()
    loan = factories.lend(factories.peer(), by=staff, device=device, sim=sim,
                    accessories=["case", "charger"])
    record_return(loan, by=staff, condition="fair", accessories_back=["charger"],
                  notes="Case missing")
    db.session.commit()
    assert loan.status == "returned" and loan.received_by == staff
    assert loan.accessories_back == "charger" and loan.return_notes == "Case missing"
    assert device.status == "awaiting_reset" and device.condition == "fair"
    assert all(line.closed_at is not None for line in loan.items)
    assert sim.status == "active"  # the line stays on, ready for the next kit
    with pytest.raises(RuleError, match="wiped and reset"):
        factories.lend(factories.peer(), by=staff, device=device)


def test_a_returned_sim_can_be_lent_again_at_once(staff):
    sim = factories.sim()
    loan = factories.lend(factories.peer(), by=staff, sim=sim)
    record_return(loan, by=staff, condition="good")
    again = factories.lend(factories.peer(), by=staff, sim=sim)
    assert again.sim == sim


def test_a_second_return_changes_nothing(staff):
    loan = factories.lend(factories.peer(), by=staff, device=factories.device())
    record_return(loan, by=staff, condition="good")
    returned_at = loan.returned_at
    with pytest.raises(RuleError, match="already closed"):
        record_return(loan, by=staff, condition="damaged")
    assert loan.returned_at == returned_at and loan.return_condition == "good"


def test_a_reset_makes_a_returned_device_available_and_records_who(staff):
    device = factories.device()
    loan = factories.lend(factories.peer(), by=staff, device=device)
    record_return(loan, by=staff, condition="good")
    reset = record_reset(device, by=staff, note="factory reset")
    assert device.status == "available"
    assert reset.performed_by == staff and reset.performed_at is not None
    assert factories.lend(factories.peer(), by=staff, device=device).device == device


def test_a_device_on_loan_cannot_be_reset(staff):
    device = factories.device()
    factories.lend(factories.peer(), by=staff, device=device)
    with pytest.raises(RuleError, match="Only a received or returned device"):
        record_reset(device, by=staff)
    assert device.status == "on_loan"


def test_lend_return_and_reset_are_each_in_the_audit_log(staff):
    device = factories.device()
    loan = factories.lend(factories.peer(), by=staff, device=device)
    loan.due_date = local_today()
    renew_loan(loan, by=staff)
    record_return(loan, by=staff, condition="good")
    record_reset(device, by=staff)
    db.session.commit()
    entries = db.session.execute(db.select(AuditEntry).where(
        AuditEntry.action.in_(["lend", "renew", "return", "reset"]))).scalars().all()
    logged = {(e.action, e.object_type, e.object_id, e.user_id) for e in entries}
    assert ("lend", "loan", loan.id, staff.id) in logged
    assert ("renew", "loan", loan.id, staff.id) in logged
    assert ("return", "loan", loan.id, staff.id) in logged
    assert ("return", "device", device.id, staff.id) in logged
    assert ("reset", "device", device.id, staff.id) in logged
    renewal = next(e for e in entries if e.action == "renew")
    assert set(renewal.changes) == {"due_date", "renewals"}


def test_the_database_itself_refuses_a_second_open_loan_for_an_item(staff):
    """Even code that skips the operation's checks cannot put an item on two open loans."""
    from sqlalchemy.exc import IntegrityError
    device = factories.device()
    factories.lend(factories.peer(), by=staff, device=device)
    db.session.commit()
    sneaky = Loan(peer=factories.peer(), kind="phone", lent_by=staff, lent_on=local_today(),
                  due_date=local_today(), items=[LoanItem(device=device)])
    db.session.add(sneaky)
    with pytest.raises(IntegrityError, match="(?i)unique|duplicate"):
        db.session.flush()
