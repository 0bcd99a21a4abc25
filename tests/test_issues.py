"""Issues, and what a loss or theft does to the loan, the device and the line."""
from datetime import timedelta

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.issues.operations import log_issue, resolve_issue
from lending.models import Issue, SimEvent
from lending.refusals import RuleError

from . import factories


@pytest.fixture
def staff(app):
    """The staff member logging issues."""
    return factories.user("staff")


@pytest.fixture
def kit(staff):
    """An open loan of a phone with its SIM card."""
    return factories.lend(factories.peer(), by=staff, device=factories.device(),
                          sim=factories.sim())


@pytest.mark.parametrize("kind, device_status", [("lost", "lost"), ("stolen", "stolen")])
def test_a_lost_or_stolen_kit_closes_the_loan_and_can_suspend_the_line(staff, kit, kind,
                                                                      device_status):
    issue = log_issue(kind, by=staff, loan=kit, suspend_line=True, description="left on bus")
    assert kit.status == "lost" and kit.returned_at is not None
    assert all(line.closed_at is not None for line in kit.items)
    assert kit.device.status == device_status and issue.device == kit.device
    assert kit.sim.status == "suspended"
    event = db.session.execute(db.select(SimEvent)).scalar_one()
    assert event.action == "suspend" and f"loan #{kit.id}" in event.reason


def test_a_loss_without_suspension_leaves_the_line_on(staff, kit):
    log_issue("lost", by=staff, loan=kit, suspend_line=False)
    assert kit.status == "lost" and kit.sim.status == "active"


def test_a_loss_logged_against_the_device_finds_its_open_loan(staff, kit):
    log_issue("stolen", by=staff, device=kit.device)
    assert kit.status == "lost"


def test_a_second_loss_report_changes_nothing(staff, kit):
    log_issue("lost", by=staff, loan=kit)
    with pytest.raises(RuleError, match="already closed"):
        log_issue("lost", by=staff, loan=kit)
    assert db.session.execute(db.select(db.func.count(Issue.id))).scalar_one() == 1


def test_damage_keeps_the_loan_open_until_resolved_with_a_cost(staff, kit):
    issue = log_issue("damaged", by=staff, loan=kit, description="cracked screen")
    assert kit.status == "active" and kit.device.status == "on_loan" and issue.is_open
    resolve_issue(issue, by=staff, resolution="repaired", note="new screen", cost=85)
    assert not issue.is_open and issue.cost == 85 and issue.resolved_by == staff
    with pytest.raises(RuleError, match="already resolved"):
        resolve_issue(issue, by=staff, resolution="written_off")
    assert issue.resolution == "repaired"


def test_issues_need_a_subject_a_kind_and_a_past_date(staff, kit):
    with pytest.raises(RuleError, match="which loan or item"):
        log_issue("faulty", by=staff)
    with pytest.raises(RuleError, match="kind of issue"):
        log_issue("exploded", by=staff, loan=kit)
    with pytest.raises(RuleError, match="future"):
        log_issue("faulty", by=staff, loan=kit, incident_date=local_today() + timedelta(days=1))


def test_staff_report_a_stolen_kit_through_the_screens(client, auth):
    staff = auth.login("staff")
    loan = factories.lend(factories.peer(), by=staff, device=factories.device(),
                          sim=factories.sim())
    db.session.commit()
    form = client.get(f"/issues/new?loan={loan.id}").get_data(as_text=True)
    token = form.split('name="form_token" type="hidden" value="')[1].split('"')[0]
    data = {"kind": "stolen", "incident_date": local_today().isoformat(),
            "description": "taken from bag", "suspend_line": "y", "form_token": token}
    first = client.post(f"/issues/new?loan={loan.id}", data=data)
    second = client.post(f"/issues/new?loan={loan.id}", data=data)  # a double click
    issue = db.session.execute(db.select(Issue)).scalar_one()
    assert first.headers["Location"] == second.headers["Location"] == f"/issues/{issue.id}"
    assert loan.status == "lost" and loan.sim.status == "suspended"
    page = client.post(f"/issues/{issue.id}", data={"resolution": "line_suspended",
                                                     "cost": "-4"}).get_data(as_text=True)
    assert "Enter an amount from 0 up" in page and issue.is_open
    client.post(f"/issues/{issue.id}", data={"resolution": "written_off", "cost": "249"})
    assert issue.resolution == "written_off"
    timeline = client.get(f"/loans/{loan.id}").get_data(as_text=True)
    assert f"Issue #{issue.id}: stolen" in timeline and "closed as lost" in timeline


def test_reporting_without_a_subject_explains_where_to_start(client, auth):
    auth.login("staff")
    response = client.get("/issues/new", follow_redirects=True)
    assert "Report an issue" in response.get_data(as_text=True)
