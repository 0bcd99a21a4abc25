"""Lending from the waitlist: the kind waited for comes first; lending another kind, or to
someone who is not next in the queue, takes a reason that the loan keeps and the waitlist
shows."""
from datetime import datetime, timedelta

import pytest

from lending.clock import utcnow
from lending.extensions import db
from lending.models import Loan, WaitlistEntry
from lending.refusals import RuleError
from lending.waitlist.operations import add_to_waitlist

from . import factories


@pytest.fixture
def staff(app):
    """A staff member, and the loan agreement they lend under."""
    factories.agreement()
    return factories.user("staff")


def _waiting(peer, kind, staff, days_ago):
    """Put a peer in a queue some days ago."""
    entry = add_to_waitlist(peer, kind, by=staff)
    entry.added_at = utcnow() - timedelta(days=days_ago)
    return entry


def test_a_peer_waiting_for_a_tablet_is_not_given_a_hotspot_without_a_reason(staff):
    peer = factories.peer()
    entry = _waiting(peer, "tablet", staff, 5)
    with pytest.raises(RuleError, match="is waiting for a tablet kit, not a hotspot kit"):
        factories.lend(peer, by=staff, device=factories.device("hotspot"))
    loan = factories.lend(peer, by=staff, device=factories.device("hotspot"),
                          waitlist_reason="Needs data now; tablets come next month")
    assert loan.out_of_turn_reason == "Needs data now; tablets come next month"
    assert entry.status == "served" and entry.loan == loan  # no longer in the tablet queue
    assert entry.days_waited == 5


def test_lending_to_someone_who_is_not_next_takes_a_reason(staff):
    first, later, walk_in = factories.peer(), factories.peer(), factories.peer()
    _waiting(first, "tablet", staff, 9)
    second = _waiting(later, "tablet", staff, 2)
    for peer in (later, walk_in):
        with pytest.raises(RuleError, match=f"{first.code} is next in the tablet queue"):
            factories.lend(peer, by=staff, device=factories.device("tablet", imei=None))
    loan = factories.lend(later, by=staff, device=factories.device("tablet", imei=None),
                          waitlist_reason="The next peer could not be reached")
    assert second.status == "served" and loan.out_of_turn_reason
    # The next in line needs no reason, and a kind nobody waits for needs none either.
    assert factories.lend(first, by=staff, device=factories.device("tablet", imei=None)) \
        .out_of_turn_reason == ""
    assert factories.lend(walk_in, by=staff, device=factories.device("laptop", imei=None)) \
        .out_of_turn_reason == ""


def test_lend_now_offers_the_kind_waited_for_first_and_the_waitlist_shows_the_reason(
        client, auth):
    staff = auth.login("staff")
    factories.agreement()
    peer = factories.peer()
    _waiting(peer, "tablet", staff, 3)
    hotspot = factories.device("hotspot", asset_tag="HOT-1")
    tablet = factories.device("tablet", imei=None, asset_tag="TAB-1")
    db.session.commit()
    queue = client.get("/waitlist").get_data(as_text=True)
    link = f"/loans/new?peer={peer.id}&amp;kind=tablet"
    assert link in queue
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert f"{peer.code} is on the waitlist for a tablet kit" in form
    assert form.index("TAB-1") < form.index("HOT-1")  # the kind waited for comes first
    refused = client.post("/loans/new", data={
        "peer_code": peer.code, "device_id": hotspot.id, "acceptance": "paper",
        "kind": "tablet", "form_token": "d" * 32}).get_data(as_text=True)
    assert "is waiting for a tablet kit, not a hotspot kit. Say why" in refused
    assert db.session.execute(db.select(Loan)).first() is None
    client.post("/loans/new", data={
        "peer_code": peer.code, "device_id": hotspot.id, "acceptance": "paper",
        "kind": "tablet", "waitlist_reason": "Tablets are all out until Friday",
        "form_token": "d" * 32})
    loan = db.session.execute(db.select(Loan)).scalar_one()
    page = client.get("/waitlist").get_data(as_text=True)
    assert "Tablets are all out until Friday" in page and f"#{loan.id}" in page
    assert db.session.execute(db.select(WaitlistEntry.status)).scalar_one() == "served"
    assert tablet.status == "available"


def test_the_waitlist_lists_only_recent_out_of_turn_loans(client, auth):
    staff = auth.login("staff")
    first, other = factories.peer(), factories.peer()
    factories.agreement()
    _waiting(first, "phone", staff, 1)
    old = factories.lend(other, by=staff, device=factories.device(),
                         waitlist_reason="Long ago, for a reason")
    old.lent_on = (datetime.now() - timedelta(days=200)).date()
    db.session.commit()
    assert "Long ago, for a reason" not in client.get("/waitlist").get_data(as_text=True)
