"""The dashboard's overdue cards list only loans that still need their step, and each card,
like the loan's page, takes that step in place: a reminder given (and how), the line
suspended, the kit declared lost."""
from datetime import timedelta

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.inventory.operations import suspend_sim
from lending.loans.operations import record_reminder
from lending.loans.steps import needs_its_step, needs_its_step_condition
from lending.models import ContactAttempt, Issue, Loan
from lending.refusals import RuleError

from . import factories


def _overdue(staff, stage, days=20, sim=True):
    """An open loan some days past due, at an escalation stage, with a line or without."""
    loan = factories.lend(factories.peer(), by=staff, device=factories.device(),
                          sim=factories.sim() if sim else None)
    loan.due_date = local_today() - timedelta(days=days)
    loan.status, loan.escalation_stage = "overdue", stage
    return loan


@pytest.fixture
def loans(app):
    """Loans at each stage, some whose step is done already."""
    staff = factories.user("staff")
    made = {"new": _overdue(staff, None, 1), "reminder": _overdue(staff, "reminder"),
            "reminded": _overdue(staff, "reminder"), "suspend": _overdue(staff, "suspend"),
            "suspended": _overdue(staff, "suspend"),
            "no_line": _overdue(staff, "suspend", sim=False), "lost": _overdue(staff, "lost")}
    record_reminder(made["reminded"], "call", by=staff)
    suspend_sim(made["suspended"].sim, by=staff, reason="Overdue")
    # A reminder given before the loan fell due does not count as the overdue reminder.
    early = ContactAttempt(loan=made["reminder"], method="text", made_by=staff,
                           made_on=made["reminder"].due_date)
    db.session.add(early)
    db.session.commit()
    return {**made, "staff": staff}


def test_the_python_and_sql_forms_of_a_pending_step_agree(loans):
    open_loans = [loan for key, loan in loans.items() if key != "staff"]
    by_python = {loan.id for loan in open_loans if needs_its_step(loan)}
    by_sql = set(db.session.execute(db.select(Loan.id).where(
        Loan.open_condition(), needs_its_step_condition())).scalars())
    assert by_python == by_sql == {loans[key].id for key in ("new", "reminder", "suspend",
                                                             "lost")}


def test_the_cards_leave_out_loans_whose_step_is_done(client, auth, loans):
    auth.login("staff")
    page = client.get("/").get_data(as_text=True)
    for key in ("new", "reminder", "suspend", "lost"):
        assert f"Loan #{loans[key].id}</a>" in page, key
    for key in ("reminded", "suspended", "no_line"):
        assert f"Loan #{loans[key].id}</a>" not in page, key


def test_each_card_takes_its_step_in_place(client, auth, loans):
    auth.login("staff")
    page = client.get("/").get_data(as_text=True)
    assert f'action="/loans/{loans["reminder"].id}/reminder"' in page
    assert f'action="/loans/{loans["suspend"].id}/suspend-line"' in page
    assert f'action="/loans/{loans["lost"].id}/declare-lost"' in page
    said = client.post(f"/loans/{loans['reminder'].id}/reminder",
                       data={"method": "text", "back": "dashboard"}, follow_redirects=True)
    assert "reminder recorded (text message)" in said.get_data(as_text=True)
    assert f"Loan #{loans['reminder'].id}</a>" not in said.get_data(as_text=True)
    client.post(f"/loans/{loans['suspend'].id}/suspend-line", data={"back": "dashboard"})
    assert loans["suspend"].sim.status == "suspended"
    client.post(f"/loans/{loans['lost'].id}/declare-lost", data={"back": "dashboard"})
    assert loans["lost"].status == "lost" and loans["lost"].sim.status == "suspended"
    issue = db.session.execute(db.select(Issue).filter_by(loan_id=loans["lost"].id)).scalar_one()
    assert issue.kind == "lost"
    final = client.get("/").get_data(as_text=True)
    for key in ("reminder", "suspend", "lost"):
        assert f"Loan #{loans[key].id}</a>" not in final, key


def test_the_loan_page_offers_the_same_steps(client, auth, loans):
    auth.login("staff")
    page = client.get(f"/loans/{loans['suspend'].id}").get_data(as_text=True)
    for action in ("reminder", "suspend-line", "declare-lost"):
        assert f'action="/loans/{loans["suspend"].id}/{action}"' in page
    response = client.post(f"/loans/{loans['suspend'].id}/reminder",
                           data={"method": "in_person", "back": "loan"})
    assert response.headers["Location"] == f"/loans/{loans['suspend'].id}"
    attempt = db.session.execute(db.select(ContactAttempt).filter_by(
        loan_id=loans["suspend"].id)).scalar_one()
    assert (attempt.method, attempt.made_on) == ("in_person", local_today())
    history = client.get(f"/loans/{loans['suspend'].id}").get_data(as_text=True)
    assert "reminder given</a></strong> — in person" in history
    no_line = client.get(f"/loans/{loans['no_line'].id}").get_data(as_text=True)
    assert "suspend-line" not in no_line


def test_a_reminder_needs_an_open_loan_and_a_way(loans):
    with pytest.raises(RuleError, match="Say how the reminder was given"):
        record_reminder(loans["new"], "carrier pigeon", by=loans["staff"])
    loans["new"].status = "returned"
    with pytest.raises(RuleError, match="closed"):
        record_reminder(loans["new"], "call", by=loans["staff"])
