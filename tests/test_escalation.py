"""Loan policies and the daily escalation of overdue loans."""
from datetime import timedelta

import pytest
from sqlalchemy import text

from lending.clock import local_today
from lending.extensions import db
from lending.loans.operations import renew_loan, run_escalation
from lending.models import AuditEntry, LoanPolicy

from . import factories


@pytest.fixture
def staff(app):
    """The staff member who lent the kits."""
    return factories.user("staff")


def _overdue_loan(staff, days_late, kind="phone"):
    """A loan whose due date passed `days_late` days ago."""
    loan = factories.lend(factories.peer(), by=staff, device=factories.device(kind),
                          sim=factories.sim())
    loan.due_date = local_today() - timedelta(days=days_late)
    return loan


@pytest.mark.parametrize("days_late, stage", [(1, None), (3, "reminder"), (13, "reminder"),
                                              (14, "suspend"), (45, "lost"), (300, "lost")])
def test_overdue_loans_reach_the_stage_their_policy_sets(staff, days_late, stage):
    loan = _overdue_loan(staff, days_late)
    run_escalation(by=None)
    assert loan.status == "overdue" and loan.escalation_stage == stage


def test_a_stored_policy_changes_the_stages(staff):
    db.session.add(LoanPolicy(kind="hotspot", loan_days=30, renewals_allowed=1,
                              reminder_after_days=1, suspend_after_days=2, lost_after_days=5))
    loan = _overdue_loan(staff, 2, kind="hotspot")
    run_escalation(by=None)
    assert loan.escalation_stage == "suspend"


def test_the_daily_run_is_idempotent_and_irreversible_steps_wait_for_staff(staff):
    loan = _overdue_loan(staff, 60)
    first = run_escalation(by=None)
    db.session.commit()
    entries = db.session.execute(db.select(db.func.count(AuditEntry.id))).scalar_one()
    second = run_escalation(by=None)
    assert len(first.changes) == 1 and second.changes == []
    assert db.session.execute(db.select(db.func.count(AuditEntry.id))).scalar_one() == entries
    assert loan.status == "overdue" and loan.escalation_stage == "lost"
    assert loan.device.status == "on_loan" and loan.sim.status == "active"  # nothing done


def test_a_renewed_loan_goes_back_to_active(staff):
    loan = _overdue_loan(staff, 20)
    run_escalation(by=None)
    renew_loan(loan, by=staff)
    run_escalation(by=None)
    assert loan.status == "active" and loan.escalation_stage is None


def test_returned_loans_are_left_alone(staff):
    from lending.loans.operations import record_return
    loan = _overdue_loan(staff, 20)
    record_return(loan, by=staff, condition="good")
    assert run_escalation(by=None).changes == []
    assert loan.status == "returned"


def test_the_daily_command_prints_what_it_did_and_is_safe_to_rerun(runner, staff):
    loan = _overdue_loan(staff, 15)
    db.session.commit()
    first = runner.invoke(args=["daily"])
    assert first.exit_code == 0
    assert f"loan #{loan.id}" in first.output and "on time -> suspend" in first.output
    again = runner.invoke(args=["daily"])
    assert again.exit_code == 0 and "0 changed" in again.output


def test_the_daily_command_gives_the_planner_fresh_statistics(runner, staff):
    """Without them SQLite walks every loan for the dashboard's overdue list (ANALYZE)."""
    _overdue_loan(staff, 15)
    db.session.commit()
    assert runner.invoke(args=["daily"]).exit_code == 0
    if db.engine.dialect.name == "sqlite":
        analysed = db.session.execute(text(
            "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'loan'")).scalar_one()
    else:
        analysed = db.session.execute(text(
            "SELECT count(*) FROM pg_stat_user_tables WHERE relname = 'loan' "
            "AND last_analyze IS NOT NULL")).scalar_one()
    assert analysed


def test_managers_edit_a_policy_and_bad_values_are_explained(client, auth):
    auth.login("manager")
    data = {"loan_days": "45", "renewals_allowed": "1", "reminder_after_days": "2",
            "suspend_after_days": "10", "lost_after_days": "30", "remind_before_days": "3",
            "follow_up_weeks": "8"}
    assert client.post("/policies/tablet", data=data).status_code == 302
    policy = db.session.get(LoanPolicy, "tablet")
    assert (policy.loan_days, policy.lost_after_days, policy.remind_before_days,
            policy.follow_up_weeks) == (45, 30, 3, 8)
    page = client.post("/policies/tablet", data={**data, "lost_after_days": "5"}
                       ).get_data(as_text=True)
    assert "must come in order" in page
    assert db.session.get(LoanPolicy, "tablet").lost_after_days == 30
    page = client.post("/policies/tablet", data={**data, "loan_days": "0"}).get_data(as_text=True)
    assert "Enter a number from 1 to 730" in page
    assert client.get("/policies/spaceship").status_code == 404
    assert "45 days" in client.get("/policies").get_data(as_text=True)
