"""The waitlist's order and matching, and support sessions."""
from datetime import timedelta

import pytest

from lending.clock import local_today, travel_to, utcnow
from lending.extensions import db
from lending.loans.operations import renew_loan
from lending.models import SupportSession, WaitlistEntry
from lending.refusals import RuleError
from lending.waitlist.operations import add_to_waitlist, next_in_line, withdraw

from . import factories


@pytest.fixture
def staff(app):
    """The staff member keeping the waitlist."""
    return factories.user("staff")


def test_the_queue_serves_high_priority_first_then_the_longest_waiting(staff):
    early, late, urgent = factories.peer(), factories.peer(), factories.peer()
    with travel_to(utcnow() - timedelta(days=20)):
        add_to_waitlist(early, "tablet", by=staff, priority=2)
    with travel_to(utcnow() - timedelta(days=5)):
        add_to_waitlist(late, "tablet", by=staff, priority=2)
    add_to_waitlist(urgent, "tablet", by=staff, priority=1)
    add_to_waitlist(factories.peer(), "phone", by=staff, priority=1)
    assert next_in_line("tablet").peer == urgent
    withdraw(next_in_line("tablet"), by=staff, reason="moved away")
    assert next_in_line("tablet").peer == early


def test_a_peer_waits_once_per_kind(staff):
    peer = factories.peer()
    add_to_waitlist(peer, "laptop", by=staff)
    with pytest.raises(RuleError, match="already waiting for a laptop"):
        add_to_waitlist(peer, "laptop", by=staff)
    add_to_waitlist(peer, "hotspot", by=staff)  # another kind is fine


def test_lending_to_a_waiting_peer_closes_their_entry_with_the_days_waited(staff):
    peer = factories.peer()
    with travel_to(utcnow() - timedelta(days=12)):
        entry = add_to_waitlist(peer, "tablet", by=staff)
    other = add_to_waitlist(peer, "hotspot", by=staff)
    loan = factories.lend(peer, by=staff, device=factories.device("tablet", imei=None))
    assert (entry.status, entry.loan, entry.days_waited) == ("served", loan, 12)
    assert other.status == "waiting"  # waiting for another kind still


def test_a_renewal_is_refused_while_someone_waits_for_that_kind(staff):
    loan = factories.lend(factories.peer(), by=staff, device=factories.device("laptop", imei=None))
    add_to_waitlist(factories.peer(), "laptop", by=staff)
    with pytest.raises(RuleError, match="1 peer\\(s\\) are waiting for a laptop"):
        renew_loan(loan, by=staff)
    assert loan.renewals == 0


def test_withdrawing_twice_changes_nothing(staff):
    entry = add_to_waitlist(factories.peer(), "phone", by=staff)
    withdraw(entry, by=staff, reason="found one")
    with pytest.raises(RuleError, match="no longer waiting"):
        withdraw(entry, by=staff, reason="again")
    assert entry.withdraw_reason == "found one"


def test_the_dashboard_and_the_item_page_show_who_is_next_for_matching_stock(client, auth):
    staff = auth.login("staff")
    tablet = factories.device("tablet", imei=None)
    head = factories.peer()
    add_to_waitlist(head, "tablet", by=staff, priority=1)
    add_to_waitlist(factories.peer(), "laptop", by=staff)  # no laptop in stock
    db.session.commit()
    dashboard = client.get("/").get_data(as_text=True)
    assert f"next is <a href=\"/peers/{head.id}\">{head.code}</a>" in dashboard
    assert "Laptop (" not in dashboard
    assert f"{head.code}</a>\n  (high priority)" in client.get(f"/devices/{tablet.id}"
                                                               ).get_data(as_text=True)


def test_staff_manage_the_waitlist_through_its_screens(client, auth):
    auth.login("staff")
    peer = factories.peer()
    db.session.commit()
    data = {"peer_code": peer.code, "kind": "hotspot", "priority": "1", "reason": "phone line"}
    assert client.post("/waitlist/new", data=data).status_code == 302
    page = client.post("/waitlist/new", data=data).get_data(as_text=True)
    assert "already waiting for a hotspot" in page
    entry = db.session.execute(db.select(WaitlistEntry)).scalar_one()
    assert peer.code in client.get("/waitlist").get_data(as_text=True)
    assert "This field is required" in client.post(
        f"/waitlist/{entry.id}/withdraw", data={"reason": ""}).get_data(as_text=True)
    client.post(f"/waitlist/{entry.id}/withdraw", data={"reason": "moved away"})
    assert entry.status == "withdrawn"
    assert "Left the hotspot waitlist" in client.get(f"/peers/{peer.id}").get_data(as_text=True)


def test_a_long_queue_shows_its_head_and_the_rest_on_request(client, auth, monkeypatch):
    from lending.waitlist import routes
    monkeypatch.setattr(routes, "QUEUE_SHOWN", 2)
    staff = auth.login("staff")
    peers = [factories.peer() for _ in range(3)]
    for peer in peers:
        add_to_waitlist(peer, "tablet", by=staff)
    db.session.commit()
    page = client.get("/waitlist").get_data(as_text=True)
    assert "3 waiting" in page and "Show all 3 waiting" in page
    assert [peer.code in page for peer in peers] == [True, True, False]  # the head, in order
    whole = client.get("/waitlist?all=tablet").get_data(as_text=True)
    assert all(peer.code in whole for peer in peers) and "Show all" not in whole


def test_staff_log_a_support_session_once_per_click(client, auth):
    auth.login("staff")
    peer = factories.peer()
    db.session.commit()
    form = client.get(f"/peers/{peer.id}/support").get_data(as_text=True)
    token = form.split('name="form_token" type="hidden" value="')[1].split('"')[0]
    data = {"held_on": local_today().isoformat(), "minutes": "30", "topic": "video_calls",
            "note": "joined first group", "form_token": token}
    client.post(f"/peers/{peer.id}/support", data=data)
    client.post(f"/peers/{peer.id}/support", data=data)
    session = db.session.execute(db.select(SupportSession)).scalar_one()
    assert (session.minutes, session.topic) == (30, "video_calls")
    page = client.get(f"/peers/{peer.id}").get_data(as_text=True)
    assert "Support: Video calls" in page and "30 min" in page


@pytest.mark.parametrize("field, value, message", [
    ("minutes", "0", "between 1 and 600"), ("minutes", "lots", "Not a valid integer"),
    ("held_on", "2999-01-01", "cannot be in the future"), ("topic", "astrology", "Not a valid"),
])
def test_bad_support_input_is_explained(client, auth, field, value, message):
    auth.login("staff")
    peer = factories.peer()
    db.session.commit()
    data = {"held_on": local_today().isoformat(), "minutes": "30", "topic": "other",
            "form_token": "d" * 32, field: value}
    assert message in client.post(f"/peers/{peer.id}/support", data=data).get_data(as_text=True)
    assert db.session.execute(db.select(SupportSession)).first() is None
