"""SIM lines (suspend, reactivate, cancel) and data plans (renew, end, last use, idle)."""
from datetime import timedelta

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.inventory.operations import (
    cancel_sim,
    end_plan,
    reactivate_sim,
    record_line_use,
    renew_plan,
    suspend_sim,
)
from lending.inventory.queries import idle_lines_query
from lending.models import SimEvent
from lending.refusals import RuleError

from . import factories


@pytest.fixture
def staff(app):
    """The staff member handling lines."""
    return factories.user("staff")


def test_a_line_is_suspended_reactivated_and_cancelled_with_a_log(staff):
    sim = factories.sim()
    suspend_sim(sim, by=staff, reason="overdue")
    with pytest.raises(RuleError, match="Only an active line"):
        suspend_sim(sim, by=staff, reason="again")
    with pytest.raises(RuleError, match="only an active SIM"):
        factories.lend(factories.peer(), by=staff, sim=sim)
    reactivate_sim(sim, by=staff, reason="returned")
    cancel_sim(sim, by=staff, reason="carrier ended it")
    with pytest.raises(RuleError, match="already cancelled"):
        cancel_sim(sim, by=staff, reason="again")
    log = db.session.execute(db.select(SimEvent).order_by(SimEvent.id)).scalars().all()
    assert [(e.action, e.reason, e.recorded_by) for e in log] == [
        ("suspend", "overdue", staff), ("reactivate", "returned", staff),
        ("cancel", "carrier ended it", staff)]
    assert sim.status == "cancelled"


def test_only_a_suspended_line_is_reactivated(staff):
    with pytest.raises(RuleError, match="Only a suspended line"):
        reactivate_sim(factories.sim(), by=staff, reason="?")


def test_plans_renew_to_a_later_date_or_end(staff):
    today = local_today()
    plan = factories.plan(end=today + timedelta(days=10))
    with pytest.raises(RuleError, match="must be after"):
        renew_plan(plan, today + timedelta(days=5), by=staff)
    renew_plan(plan, today + timedelta(days=100), by=staff)
    assert plan.end_date == today + timedelta(days=100)
    end_plan(plan, today, by=staff)
    assert plan.end_date == today
    with pytest.raises(RuleError, match="before it starts"):
        end_plan(plan, plan.start_date - timedelta(days=1), by=staff)


def test_a_line_with_no_use_for_30_days_is_idle(staff):
    today = local_today()
    fresh = factories.plan(start=today - timedelta(days=10))
    quiet = factories.plan(start=today - timedelta(days=90))
    used = factories.plan(start=today - timedelta(days=90))
    stale = factories.plan(start=today - timedelta(days=90))
    record_line_use(used, today - timedelta(days=2), by=staff)
    record_line_use(stale, today - timedelta(days=31), by=staff)
    idle = set(db.session.execute(idle_lines_query(today)).scalars())
    assert idle == {quiet, stale} and fresh not in idle


def test_line_use_cannot_be_in_the_future_or_go_backwards(staff):
    plan = factories.plan()
    with pytest.raises(RuleError, match="future"):
        record_line_use(plan, local_today() + timedelta(days=1), by=staff)
    record_line_use(plan, local_today(), by=staff)
    with pytest.raises(RuleError, match="later use"):
        record_line_use(plan, local_today() - timedelta(days=1), by=staff)


def test_staff_suspend_a_line_from_its_page_and_see_it_in_its_history(client, auth):
    auth.login("staff")
    sim = factories.sim()
    db.session.commit()
    page = client.post(f"/sims/{sim.id}/line/suspend", data={"reason": "",
                                                              "effective_on": "2026-01-01"})
    assert "This field is required" in page.get_data(as_text=True) and sim.status == "active"
    client.post(f"/sims/{sim.id}/line/suspend", data={"reason": "overdue kit",
                                                       "effective_on": "2026-01-01"})
    again = client.post(f"/sims/{sim.id}/line/suspend", follow_redirects=True,
                        data={"reason": "overdue kit", "effective_on": "2026-01-01"})
    assert "Only an active line can be suspended" in again.get_data(as_text=True)
    page = client.get(f"/sims/{sim.id}").get_data(as_text=True)
    assert "Line suspended" in page and "overdue kit" in page
    assert client.get(f"/sims/{sim.id}/line/explode").status_code == 404


def test_staff_renew_a_plan_until_cancelled_and_record_its_use(client, auth):
    auth.login("staff")
    plan = factories.plan(end=local_today() + timedelta(days=5))
    db.session.commit()
    assert "Enter a date" in client.post(f"/plans/{plan.id}/renew", data={}
                                         ).get_data(as_text=True)
    client.post(f"/plans/{plan.id}/renew", data={"until_cancelled": "y"})
    assert plan.end_date is None
    page = client.post(f"/plans/{plan.id}/use", data={"day": "2999-01-01"}).get_data(as_text=True)
    assert "cannot be in the future" in page
    client.post(f"/plans/{plan.id}/use", data={"day": local_today().isoformat()})
    assert plan.last_used_on == local_today()
    assert "Line use recorded" in client.get(f"/plans/{plan.id}").get_data(as_text=True)
