"""Peers' personal data: who sees it (and that each view is logged), a copy on request,
erasure on request, and the retention rule for inactive peers."""
import json
from datetime import date, datetime, timedelta

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.issues.operations import log_issue, resolve_issue
from lending.loans.operations import latest_due_date, lend_kit, record_return
from lending.models import AuditEntry, Loan, Peer, PeerContact, SupportSession
from lending.peers.operations import (
    anonymize_inactive,
    log_support_session,
    register_peer,
    remove_personal_details,
)
from lending.peers.queries import inactive_peers
from lending.waitlist.operations import add_to_waitlist, withdraw

from . import factories


def _entries(action):
    return db.session.execute(db.select(AuditEntry).filter_by(action=action)
                              .order_by(AuditEntry.id)).scalars().all()


def test_each_view_of_a_peers_contact_details_is_logged(client, auth):
    staff = auth.login("staff")
    peer = factories.peer(preferred_name="Robin", phone="+16475550177")
    nameless = factories.peer()
    db.session.commit()
    client.get(f"/peers/{peer.id}")
    client.get(f"/peers/{peer.id}/edit")
    client.get(f"/peers/{nameless.id}")  # nothing to see: nothing logged
    client.get("/peers")
    views = _entries("view_contact")
    assert [(e.object_id, e.user_id) for e in views[:2]] == [(peer.id, staff.id)] * 2
    assert len(views) == 3 and peer.code in views[2].note and nameless.code not in views[2].note
    assert all("Robin" not in e.note and "5550177" not in e.note for e in views)


def test_funders_never_reach_a_peer(client, auth):
    peer = factories.peer(preferred_name="Robin")
    db.session.commit()
    auth.login("funder")
    for url in (f"/peers/{peer.id}", "/peers"):
        assert client.get(url).status_code == 403
    assert client.post(f"/peers/{peer.id}/data.json").status_code == 403


def _program_for(peer, lent_on):
    """A returned loan with notes, an issue, a support session and a waitlist entry."""
    staff = factories.user("staff")
    loan = factories.lend(peer, by=staff, device=factories.device("tablet", imei=None))
    loan.lent_on, loan.returned_on, loan.status = lent_on, lent_on + timedelta(days=20), \
        "returned"
    loan.return_notes = "Robin's sister brought it back"
    for line in loan.items:
        line.closed_at = datetime(2020, 1, 1)
    db.session.add(SupportSession(peer=peer, held_on=lent_on, minutes=30, topic="other",
                                  note="Helped Robin call her mother", given_by=staff))
    return loan


def test_a_manager_downloads_everything_stored_about_a_peer(client, auth):
    auth.login("manager")
    peer = factories.peer(preferred_name="Robin", phone="+16475550177")
    _program_for(peer, local_today() - timedelta(days=40))
    db.session.commit()
    page = client.get(f"/peers/{peer.id}").get_data(as_text=True)
    assert f'method="post" action="/peers/{peer.id}/data.json"' in page
    assert client.get(f"/peers/{peer.id}/data.json").status_code == 405  # GET never writes
    assert _entries("export_personal_data") == []
    response = client.post(f"/peers/{peer.id}/data.json")
    data = json.loads(response.data)
    assert response.headers["Content-Disposition"].endswith(f'"{peer.code}-data.json"')
    assert data["peer_code"] == peer.code
    assert data["name_and_contact"]["preferred_name"] == "Robin"
    assert data["loans"][0]["return_notes"].startswith("Robin's sister")
    assert data["support_sessions"][0]["minutes"] == 30
    assert _entries("export_personal_data")[0].object_id == peer.id
    auth.logout()
    auth.login("staff")
    assert client.post(f"/peers/{peer.id}/data.json").status_code == 403


def test_erasure_removes_names_contacts_and_notes_and_keeps_the_records(client, auth):
    auth.login("manager")
    peer = factories.peer(preferred_name="Robin", phone="+16475550177")
    loan = _program_for(peer, local_today() - timedelta(days=40))
    db.session.commit()
    response = client.post(f"/peers/{peer.id}/remove-details", follow_redirects=True)
    assert "name, contacts and notes erased" in response.get_data(as_text=True)
    assert db.session.execute(db.select(PeerContact)).first() is None
    assert db.session.get(Loan, loan.id).return_notes == ""
    session_ = db.session.execute(db.select(SupportSession)).scalar_one()
    assert session_.note == "" and session_.minutes == 30  # the figure stays
    assert peer.code and peer.details_removed_why == "request"
    log = " ".join(f"{e.note} {e.changes}" for e in db.session.execute(
        db.select(AuditEntry)).scalars())
    assert "Robin" not in log and "5550177" not in log
    page = client.get(f"/peers/{peer.id}").get_data(as_text=True)
    assert "on the peer&#39;s request" in page or "on the peer's request" in page


def test_only_peers_inactive_for_the_whole_period_lose_their_details(app):
    today = local_today()
    old = factories.peer(preferred_name="Old")
    _program_for(old, today - timedelta(days=800))
    recent = factories.peer(preferred_name="Recent")
    _program_for(recent, today - timedelta(days=100))
    out_now = factories.peer(preferred_name="Out")
    loan = factories.lend(out_now, by=factories.user("staff"),
                          device=factories.device("tablet", imei=None))
    loan.lent_on = today - timedelta(days=900)  # lent long ago, still out: kept
    for peer in (old, recent, out_now):
        peer.created_at = datetime.combine(today - timedelta(days=1000), datetime.min.time())
    db.session.commit()
    assert inactive_peers(24, today) == [old]
    assert anonymize_inactive(24, today, by=None) == 1
    assert old.contact is None and old.details_removed_why == "inactive 24 months"
    assert recent.contact.preferred_name == "Recent" and out_now.contact is not None
    assert anonymize_inactive(24, today, by=None) == 0  # nothing left to do


def test_the_anonymize_command_dry_runs_and_then_removes(runner):
    peer = factories.peer(preferred_name="Old")
    peer.created_at = datetime(2020, 1, 1)
    db.session.commit()
    dry = runner.invoke(args=["anonymize-inactive", "--months", "12", "--dry-run"])
    assert "1 peer(s) inactive for 12 months would lose" in dry.output
    assert db.session.execute(db.select(PeerContact)).first() is not None
    real = runner.invoke(args=["anonymize-inactive"])
    assert real.exit_code == 0 and "Removed the personal details of 1 peer(s)" in real.output
    assert db.session.get(Peer, peer.id).details_removed_at is not None
    assert date.today() - timedelta(days=1) <= db.session.get(
        Peer, peer.id).details_removed_at.date() <= date.today() + timedelta(days=1)


WORD = "Zebracorn"  # written into every free-text field a peer can have, then looked for


def _a_peer_with_words_everywhere():
    """A peer whose every free-text field holds WORD, each written by the operation that staff
    and managers use, so the audit log gets what it would get in use."""
    staff, manager = factories.user("staff"), factories.user("manager")
    ahead = factories.peer()
    add_to_waitlist(ahead, "tablet", by=staff)  # so lending to ours is out of turn
    peer = register_peer(
        {"consent_scope": "Borrowing devices", "consent_method": "paper",
         "consent_date": local_today()},
        {"preferred_name": f"{WORD} Name", "phone": "+16475550188",
         "email": f"{WORD.lower()}@example.org", "other_contact": f"{WORD} shelter"},
        by=staff, someone_new=True)
    add_to_waitlist(peer, "tablet", by=staff, reason=f"{WORD} waits for a tablet")
    withdraw(add_to_waitlist(peer, "phone", by=staff, reason=f"{WORD} asked for a phone"),
             by=staff, reason=f"{WORD} changed their mind")
    factories.agreement()
    today = local_today()
    loan = lend_kit(peer, by=manager, acceptance="paper",
                    device=factories.device("tablet", imei=None),
                    due_date=latest_due_date("tablet", today) + timedelta(days=5),
                    due_reason=f"{WORD} course runs longer",
                    waitlist_reason=f"{WORD} needs it first", today=today)
    loan.lent_on = today - timedelta(days=3)
    issue = log_issue("damaged", by=staff, loan=loan, description=f"{WORD} cracked it")
    resolve_issue(issue, by=manager, resolution="repaired", note=f"{WORD} paid nothing")
    log_support_session(peer, by=staff, held_on=today, minutes=20, topic="other",
                        note=f"Helped {WORD} join a group")
    record_return(loan, by=staff, condition="good", notes=f"{WORD}'s friend brought it",
                  returned_on=today - timedelta(days=1), date_reason=f"{WORD} came yesterday")
    db.session.commit()
    return peer


def _everything_stored() -> str:
    """Every value of every row of every table, the audit log's included, as one text."""
    return "\n".join(repr(tuple(row)) for table in db.metadata.sorted_tables
                     for row in db.session.execute(db.select(table)))


@pytest.mark.parametrize("how", ["on request", "after inactivity"])
def test_erasure_leaves_none_of_a_peers_words_in_any_table_or_the_audit_log(app, how):
    peer = _a_peer_with_words_everywhere()
    stored = _everything_stored()
    assert stored.count(WORD) >= 12 and "5550188" in stored  # in the live rows, to begin with
    if how == "on request":
        remove_personal_details(peer, why="request", by=factories.user("manager"))
    else:
        later = local_today() + timedelta(days=3 * 365)
        assert anonymize_inactive(24, later, by=None) >= 1
    db.session.commit()
    stored = _everything_stored()
    assert WORD not in stored and WORD.lower() not in stored and "5550188" not in stored
    assert db.session.get(Peer, peer.id).details_removed_at is not None
    erased = _entries("remove_details")[-1]
    assert erased.object_id == peer.id  # and the erasure itself is on the record
