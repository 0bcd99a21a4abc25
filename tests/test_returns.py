"""Returns say what came back and when: the checklist starts from what was handed over, what
did not come back stays on the loan and the device, an earlier day takes a reason, and a loss
reads as a loss."""
import re
from datetime import timedelta

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.loans.operations import record_return
from lending.refusals import RuleError

from . import factories


@pytest.fixture
def staff(app):
    """A staff member, and the loan agreement they lend under."""
    factories.agreement()
    return factories.user("staff")


def test_what_did_not_come_back_is_kept_on_the_loan_and_the_device(staff):
    device = factories.device(accessories="case,charger,cable")
    loan = factories.lend(factories.peer(), by=staff, device=device,
                          accessories=["case", "charger", "cable"])
    record_return(loan, by=staff, condition="good", accessories_back=["case", "cable", "stylus"])
    assert loan.accessories_back == "case,cable"  # a stylus never went out
    assert loan.accessories_missing == ["charger"] and device.missing_list == ["charger"]


def test_the_return_day_is_today_or_an_earlier_day_with_a_reason(staff):
    today = local_today()
    loan = factories.lend(factories.peer(), by=staff, device=factories.device())
    loan.lent_on = today - timedelta(days=10)
    for day, message in ((today + timedelta(days=1), "cannot be in the future"),
                         (today - timedelta(days=11), "it cannot have come back before"),
                         (today - timedelta(days=2), "Say why the return is recorded")):
        with pytest.raises(RuleError, match=message):
            record_return(loan, by=staff, condition="good", returned_on=day)
    assert loan.is_open
    record_return(loan, by=staff, condition="good", returned_on=today - timedelta(days=2),
                  date_reason="Left in the drop box on Saturday")
    assert loan.returned_on == today - timedelta(days=2)
    assert loan.return_date_reason == "Left in the drop box on Saturday"


def test_staff_tick_what_came_back_and_the_pages_say_what_did_not(client, auth):
    staff = auth.login("staff")
    device = factories.device(accessories="case,charger")
    loan = factories.lend(factories.peer(), by=staff, device=device,
                          accessories=["case", "charger"])
    db.session.commit()
    form = client.get(f"/loans/{loan.id}/return").get_data(as_text=True)
    assert 'value="case"' in form and 'value="earphones"' not in form
    assert not re.search(r"<input checked[^>]*accessories_back", form)  # nothing pre-ticked
    response = client.post(f"/loans/{loan.id}/return", data={
        "condition": "good", "accessories_back": ["case"],
        "returned_on": local_today().isoformat(), "notes": ""}, follow_redirects=True)
    assert "Not returned: Charger." in response.get_data(as_text=True)
    assert "Charger (did not come back from a loan)" in client.get(
        f"/devices/{device.id}").get_data(as_text=True)
    loan_page = client.get(f"/loans/{loan.id}").get_data(as_text=True)
    assert re.search(r"Not returned</dt><dd[^>]*>Charger", loan_page)


def test_an_earlier_return_day_without_a_reason_is_explained_on_the_form(client, auth):
    staff = auth.login("staff")
    loan = factories.lend(factories.peer(), by=staff, device=factories.device())
    loan.lent_on = local_today() - timedelta(days=5)
    db.session.commit()
    page = client.post(f"/loans/{loan.id}/return", data={
        "condition": "good", "returned_on": (local_today() - timedelta(days=1)).isoformat()}
    ).get_data(as_text=True)
    assert "Say why the return is recorded for an earlier day." in page and loan.is_open


def test_a_kit_declared_lost_reads_as_lost_not_returned(client, auth):
    staff = auth.login("staff")
    loan = factories.lend(factories.peer(), by=staff, device=factories.device(),
                          sim=factories.sim())
    db.session.commit()
    response = client.post(f"/issues/new?loan={loan.id}", data={
        "kind": "lost", "incident_date": local_today().isoformat(), "suspend_line": "y",
        "form_token": "e" * 32}, follow_redirects=True)
    said = response.get_data(as_text=True)
    assert f"Loan #{loan.id} is closed as lost." in said and "is suspended." in said
    page = client.get(f"/loans/{loan.id}").get_data(as_text=True)
    assert f"Declared lost</dt><dd class=\"col-sm-9\">on {local_today()} by {staff}" in page
    assert "Returned</dt>" not in page and " to " + str(staff) not in page
