"""Kits lent to staff: the same rules and agreement as a peer's, shown apart, never counted as
a peer served (the figures' side is held by test_metrics' random programs and
test_outcomes)."""
from datetime import timedelta

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.loans.operations import daily_run, lend_kit
from lending.models import AuditEntry, Loan, Message
from lending.refusals import RuleError
from lending.reporting.metrics import Period, Scope, compute
from lending.waitlist.operations import add_to_waitlist

from . import factories

TOKEN = "b" * 32


def test_a_staff_member_borrows_under_the_same_rules(app):
    manager, worker = factories.user("manager"), factories.user("staff", name="Sam Worker")
    factories.agreement()
    device = factories.device("laptop")
    loan = lend_kit(worker, by=manager, acceptance="paper", device=device)
    db.session.commit()
    assert loan.staff == worker and loan.peer is None and device.status == "on_loan"
    assert loan.borrower_text == "staff: Sam Worker"
    entry = db.session.execute(db.select(AuditEntry).where(AuditEntry.action == "lend")) \
        .scalar_one()
    assert entry.changes["staff"] == [None, "Sam Worker"]
    with pytest.raises(RuleError, match="already on loan|on loan"):  # one open loan per item
        lend_kit(factories.user("staff"), by=manager, acceptance="paper", device=device)


@pytest.mark.parametrize("who", ["funder", "inactive"])
def test_only_active_staff_and_managers_borrow(app, who):
    manager = factories.user("manager")
    factories.agreement()
    borrower = factories.user("funder") if who == "funder" else \
        factories.user("staff", active=False)
    with pytest.raises(RuleError, match="active staff members and managers"):
        lend_kit(borrower, by=manager, acceptance="paper", device=factories.device())


def test_a_kit_for_staff_before_a_waiting_peer_takes_a_reason(app):
    manager = factories.user("manager")
    factories.agreement()
    peer = factories.peer()
    add_to_waitlist(peer, "tablet", by=manager)
    with pytest.raises(RuleError, match=f"{peer.code} is next in the tablet queue"):
        lend_kit(manager, by=manager, acceptance="paper", device=factories.device("tablet"))
    loan = lend_kit(manager, by=manager, acceptance="paper", device=factories.device("tablet"),
                    waitlist_reason="Hosts the Tuesday group")
    assert loan.out_of_turn_reason == "Hosts the Tuesday group"
    assert peer.waitlist_entries[0].status == "waiting"  # the peer still waits


def test_a_staff_loan_is_no_peer_served_and_gets_no_text(app):
    manager = factories.user("manager")
    factories.agreement()
    peer = factories.peer()
    peer.texts_allowed = True
    factories.lend(peer, by=manager, device=factories.device("phone"))
    late = lend_kit(manager, by=manager, acceptance="paper", device=factories.device("phone"))
    late.due_date = local_today() - timedelta(days=5)  # reaches the reminder step
    db.session.commit()
    today = Period(local_today(), local_today())
    figures = compute(today, Scope.program())
    assert figures["peers_served"] == 1 and figures["loans_started"] == 1
    daily_run()
    assert late.escalation_stage == "reminder"
    assert not db.session.execute(db.select(Message).where(Message.loan_id == late.id)).all()


def test_staff_lend_to_a_colleague_through_the_screen(client, auth):
    staff = auth.login("staff")
    colleague = factories.user("staff", name="Robin Host")
    factories.agreement()
    tablet = factories.device("tablet")
    db.session.commit()
    page = client.get(f"/loans/new-for-staff?device={tablet.id}").get_data(as_text=True)
    assert "Robin Host" in page and f'<option selected value="{tablet.id}">' in page
    response = client.post("/loans/new-for-staff", data={
        "staff_id": colleague.id, "device_id": tablet.id, "acceptance": "paper",
        "form_token": TOKEN})
    loan = db.session.execute(db.select(Loan)).scalar_one()
    assert response.headers["Location"] == f"/loans/{loan.id}"
    assert loan.staff == colleague and loan.lent_by == staff
    listed = client.get("/loans").get_data(as_text=True)
    assert "Staff</span> Robin Host" in listed
    detail = client.get(f"/loans/{loan.id}").get_data(as_text=True)
    assert "Robin Host" in detail and "Text the peer" not in detail
    again = client.post("/loans/new-for-staff", data={
        "staff_id": colleague.id, "device_id": tablet.id, "acceptance": "paper",
        "form_token": TOKEN})  # a second click finds the first loan
    assert again.headers["Location"] == f"/loans/{loan.id}"
    assert db.session.execute(db.select(db.func.count(Loan.id))).scalar_one() == 1


def test_the_staff_form_says_what_is_missing(client, auth):
    auth.login("staff")
    factories.agreement()
    db.session.commit()
    page = client.post("/loans/new-for-staff", data={"form_token": TOKEN}).get_data(as_text=True)
    assert "Choose who borrows it." in page
    assert not db.session.execute(db.select(Loan)).all()
