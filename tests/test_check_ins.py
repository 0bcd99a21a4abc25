"""Check-ins: closed answers or declined, versioned questions, who is due a follow-up, answers
kept out of the audit log, in a peer's copy and gone with their erasure."""
import json
from datetime import timedelta

import pytest

from lending.clock import local_today
from lending.extensions import db
from lending.messages.digest import queue_digests
from lending.models import AuditEntry, CheckIn, CheckInVersion, GroupAttendance, LoanPolicy
from lending.outcomes.operations import (
    log_group_session,
    record_check_in,
    record_priority_groups,
    save_check_in_version,
    save_priority_group,
)
from lending.outcomes.queries import follow_ups_due, groups_of
from lending.outcomes.questions import DEFAULT_WORDING
from lending.peers.operations import remove_personal_details
from lending.peers.queries import personal_data
from lending.refusals import RuleError

from . import factories

TOKEN = "c" * 32


@pytest.fixture
def lent(app):
    """A staff member, and a phone lent to a peer."""
    staff = factories.user("staff")
    return staff, factories.lend(factories.peer(), by=staff, device=factories.device())


def test_answers_are_closed_choices_or_declined(lent):
    staff, loan = lent
    check_in = record_check_in(loan.peer, stage="baseline", loan=loan, by=staff, answers={
        "groups_joined": ["social", "support_group"], "times_last_week": "declined",
        "confidence": "2", "other_uses": ["none"]})
    assert (check_in.groups_joined, check_in.times_last_week, check_in.confidence,
            check_in.other_uses) == ("support_group,social", None, 2, "")
    assert check_in.version.number == 1 and check_in.version.words == DEFAULT_WORDING
    for wrong in ({"confidence": "7"}, {"groups_joined": ["choir practice"]},
                  {"groups_joined": ["none", "social"]},
                  {"lonely_isolated": "2"}):  # the first version does not ask the scale
        with pytest.raises(RuleError):
            record_check_in(loan.peer, stage="follow_up", by=staff, answers=wrong)
    with pytest.raises(RuleError, match="not"):
        record_check_in(factories.peer(), stage="follow_up", loan=loan, by=staff, answers={})


def test_the_audit_log_says_a_check_in_was_made_never_the_answers(lent):
    staff, loan = lent
    record_check_in(loan.peer, stage="baseline", by=staff, answers={
        "confidence": "4", "groups_joined": ["training"], "times_last_week": "2-3"})
    entry = db.session.execute(db.select(AuditEntry).filter_by(object_type="check_in")) \
        .scalar_one()
    for answer in ("confidence", "groups_joined", "times_last_week"):
        assert entry.changes[answer] == [None, "(hidden)"]
    assert "training" not in json.dumps(entry.changes)


def test_a_new_version_of_the_questions_is_asked_from_then_on(lent):
    staff, loan = lent
    manager = factories.user("manager")
    first = record_check_in(loan.peer, stage="baseline", by=staff, answers={"confidence": "3"})
    with pytest.raises(RuleError, match="Nothing changed"):
        save_check_in_version(DEFAULT_WORDING, loneliness=False, by=manager)
    save_check_in_version({**DEFAULT_WORDING, "confidence": "How sure are you with it?"},
                          loneliness=True, by=manager)
    later = record_check_in(loan.peer, stage="follow_up", by=staff, answers={
        "confidence": "4", "lonely_companionship": "1", "lonely_left_out": "2",
        "lonely_isolated": "declined"})
    assert (first.version.number, later.version.number) == (1, 2)
    assert first.version.words["confidence"] == DEFAULT_WORDING["confidence"]  # unchanged
    assert later.loneliness_score is None  # one item declined: no score
    later.lonely_isolated = 3
    assert later.loneliness_score == 6
    with pytest.raises(PermissionError):
        first.version.loneliness = True
        db.session.flush()


def test_follow_ups_fall_due_the_policy_weeks_after_lending(lent):
    staff, loan = lent
    db.session.add(LoanPolicy(kind="phone", loan_days=90, renewals_allowed=1,
                              reminder_after_days=3, suspend_after_days=14, lost_after_days=45,
                              remind_before_days=2, follow_up_weeks=4))
    today = local_today()
    loan.lent_on = today - timedelta(weeks=4) + timedelta(days=1)
    assert follow_ups_due(today) == (0, [])
    loan.lent_on = today - timedelta(weeks=4)
    assert follow_ups_due(today) == (1, [loan])
    digest = queue_digests(today)[0]  # the morning email lists it too
    assert f"Follow-up check-ins due: 1\n  - {loan.peer.code}" in digest.body
    staff_loan = factories.lend(factories.peer(), by=staff, device=factories.device())
    staff_loan.peer, staff_loan.staff = None, staff  # staff are never asked
    staff_loan.lent_on = loan.lent_on
    assert follow_ups_due(today)[0] == 1
    record_check_in(loan.peer, stage="baseline", loan=loan, by=staff, answers={})
    assert follow_ups_due(today)[0] == 1  # the one at lending is no follow-up
    record_check_in(loan.peer, stage="follow_up", loan=loan, by=staff, answers={})
    assert follow_ups_due(today) == (0, [])


def test_staff_record_a_check_in_on_the_loan_page(client, auth):
    staff = auth.login("staff")
    loan = factories.lend(factories.peer(), by=staff, device=factories.device())
    db.session.commit()
    page = client.get(f"/loans/{loan.id}").get_data(as_text=True)
    link = f"/peers/{loan.peer_id}/check-ins/new?loan={loan.id}&amp;stage=baseline"
    assert link in page
    form = client.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert DEFAULT_WORDING["confidence"] in form and "Prefers not to say" in form
    answers = {"stage": "baseline", "held_on": local_today().isoformat(), "form_token": TOKEN,
               "groups_joined": "phone_line", "times_last_week": "1", "confidence": "declined"}
    missing = client.post(link.replace("&amp;", "&"), data=answers).get_data(as_text=True)
    assert "Choose an answer, or “Prefers not to say”." in missing  # other uses unanswered
    assert not db.session.execute(db.select(CheckIn)).all()
    response = client.post(link.replace("&amp;", "&"), data={**answers, "other_uses": "none"})
    assert response.headers["Location"] == f"/loans/{loan.id}"
    check_in = db.session.execute(db.select(CheckIn)).scalar_one()
    assert (check_in.loan, check_in.groups_joined, check_in.confidence) == (loan, "phone_line",
                                                                           None)
    peer_page = client.get(f"/peers/{loan.peer_id}").get_data(as_text=True)
    assert "Virtual groups joined: Phone line" in peer_page
    assert "Confidence (1-5): Prefers not to say" in peer_page


def test_managers_save_a_version_through_the_screen(client, auth):
    auth.login("manager")
    data = {**DEFAULT_WORDING, "loneliness": "y"}
    assert client.post("/check-ins/questions", data=data).status_code == 302
    assert CheckInVersion.current().loneliness
    page = client.post("/check-ins/questions", data={**data, "confidence": " "})
    assert "Every question needs its words." in page.get_data(as_text=True)
    assert db.session.execute(db.select(db.func.count(CheckInVersion.id))).scalar_one() == 1


def test_a_copy_holds_the_answers_and_groups_and_erasure_deletes_them(lent):
    staff, loan = lent
    peer = loan.peer
    rural = save_priority_group(None, name="Rural", active=True, raises_waitlist=False, by=None)
    record_priority_groups(peer, [rural], consent_method="paper", by=staff)
    record_check_in(peer, stage="baseline", loan=loan, by=staff, answers={"confidence": "4"})
    log_group_session(held_on=local_today(), minutes=45, topic="video_calls", facilitator=staff,
                      peers=[peer], by=staff)
    copy = personal_data(peer)
    assert copy["priority_groups"] == {"consent": "paper", "groups": ["Rural"]}
    assert copy["check_ins"][0]["answers"]["Confidence (1-5)"] == "4"
    assert copy["group_sessions"][0]["minutes"] == 45
    remove_personal_details(peer, why="request", by=staff)
    db.session.commit()
    assert not db.session.execute(db.select(CheckIn)).all()
    assert groups_of(peer) == [] and peer.groups_consent_method is None
    assert db.session.execute(db.select(GroupAttendance)).scalar_one().peer == peer  # stays
