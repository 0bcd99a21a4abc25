"""Priority groups a peer names (with consent, raising their waitlist place) and group
sessions."""
import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.models import AuditEntry, GroupSession, PeerGroup
from lending.outcomes.operations import (
    log_group_session,
    record_priority_groups,
    save_priority_group,
)
from lending.outcomes.queries import groups_of
from lending.refusals import RuleError
from lending.waitlist.operations import add_to_waitlist

from . import factories


def _group(name, raises=False):
    return save_priority_group(None, name=name, active=True, raises_waitlist=raises, by=None)


def test_groups_are_kept_only_with_consent_and_never_named_in_the_log(app):
    staff, peer = factories.user("staff"), factories.peer()
    rural, newcomer = _group("Rural"), _group("Newcomer or refugee")
    with pytest.raises(RuleError, match="only with the peer's consent"):
        record_priority_groups(peer, [rural], consent_method="", by=staff)
    assert record_priority_groups(peer, [rural, newcomer], consent_method="verbal", by=staff)
    assert groups_of(peer) == [newcomer, rural] and peer.groups_consent_on == local_today()
    assert not record_priority_groups(peer, [newcomer, rural], consent_method="verbal", by=staff)
    entries = db.session.execute(db.select(AuditEntry).filter_by(action="priority_groups")) \
        .scalars().all()
    assert len(entries) == 1 and "Rural" not in entries[0].note and not entries[0].changes
    record_priority_groups(peer, [], consent_method="", by=staff)  # consent withdrawn
    assert groups_of(peer) == [] and peer.groups_consent_method is None
    assert not db.session.execute(db.select(PeerGroup)).all()


def test_a_retired_group_is_offered_no_more_but_stays_where_it_was_said(app):
    staff, peer = factories.user("staff"), factories.peer()
    rural = _group("Rural")
    record_priority_groups(peer, [rural], consent_method="paper", by=staff)
    save_priority_group(rural, name="Rural", active=False, raises_waitlist=False, by=None)
    record_priority_groups(peer, [rural], consent_method="verbal", by=staff)  # kept
    with pytest.raises(RuleError, match="retired"):
        record_priority_groups(factories.peer(), [rural], consent_method="paper", by=staff)
    with pytest.raises(RuleError, match="already a group"):
        _group("Rural")


def test_a_group_that_raises_the_waitlist_puts_the_peer_first(app):
    staff = factories.user("staff")
    first, second = factories.peer(), factories.peer()
    add_to_waitlist(first, "tablet", by=staff)
    add_to_waitlist(second, "tablet", by=staff)
    record_priority_groups(second, [_group("Housing insecure", raises=True)],
                           consent_method="paper", by=staff)
    assert [entry.priority for entry in second.waitlist_entries] == [1]  # moved up
    later = factories.peer()
    record_priority_groups(later, [_group("Rural")], consent_method="paper", by=staff)
    assert add_to_waitlist(later, "phone", by=staff).priority == 2  # this group does not
    record_priority_groups(later, [*groups_of(later), *groups_of(second)],
                           consent_method="paper", by=staff)
    assert add_to_waitlist(later, "laptop", by=staff).priority == 1


def test_a_group_session_counts_who_attended(app):
    staff, colleague = factories.user("staff"), factories.user("staff")
    peers = [factories.peer(), factories.peer()]
    session = log_group_session(held_on=local_today(), minutes=90, topic="video_calls",
                                facilitator=staff, peers=[*peers, peers[0]], staff=[colleague],
                                by=staff)
    assert sorted(line.peer_id or -line.user_id for line in session.attendance) == \
        sorted([peers[0].id, peers[1].id, -colleague.id])
    for bad, message in (({"minutes": 0}, "minutes"), ({"peers": [], "staff": []}, "attended"),
                         ({"facilitator": factories.user("funder")}, "facilitator")):
        with pytest.raises(RuleError, match=message):
            log_group_session(**{"held_on": local_today(), "minutes": 30, "topic": "other",
                                 "facilitator": staff, "peers": peers, "by": staff, **bad})


def test_staff_record_a_group_session_by_peer_codes(client, auth):
    staff = auth.login("staff")
    peers = [factories.peer(), factories.peer()]
    db.session.commit()
    data = {"held_on": local_today().isoformat(), "minutes": "60", "topic": "getting_online",
            "facilitator_id": str(staff.id), "form_token": "d" * 32,
            "peer_codes": f"{peers[0].code.lower()}, P-AAAAAAA\n{peers[1].code}"}
    page = client.post("/group-sessions/new", data=data).get_data(as_text=True)
    assert "Not a valid peer code: P-AAAAAAA." in page
    response = client.post("/group-sessions/new", data={
        **data, "peer_codes": f"{peers[0].code.lower()}\n{peers[1].code}"})
    session = db.session.execute(db.select(GroupSession)).scalar_one()
    assert response.headers["Location"] == f"/group-sessions/{session.id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert peers[0].code in page and peers[1].code in page
    assert "Getting online" in client.get("/group-sessions").get_data(as_text=True)


def test_staff_record_a_peers_groups_through_the_screen(client, auth):
    auth.login("staff")
    peer, rural = factories.peer(), _group("Rural")
    db.session.commit()
    page = client.post(f"/peers/{peer.id}/groups", data={"groups": str(rural.id)})
    assert "consent for that purpose" in page.get_data(as_text=True)
    response = client.post(f"/peers/{peer.id}/groups",
                           data={"groups": str(rural.id), "consent_method": "verbal"})
    assert response.headers["Location"] == f"/peers/{peer.id}"
    assert "Rural" in client.get(f"/peers/{peer.id}").get_data(as_text=True)
