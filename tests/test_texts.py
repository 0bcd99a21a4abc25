"""Texts to peers: only with consent, in their language, at most one automatic text a day,
none to a suspended line or in the quiet hours; sent through a local stand-in for Twilio's API
that nothing is sent twice to (the answers: test_text_replies.py)."""
import time
from datetime import datetime, timedelta

import pytest

from lending.clock import local_to_utc, local_today, travel_to, utcnow
from lending.extensions import db
from lending.jobs import work
from lending.messages.operations import (
    give_up_lost_sends,
    queue_text,
    record_text_consent,
)
from lending.models import AuditEntry, ContactAttempt, Message
from lending.peers.operations import remove_personal_details
from lending.refusals import RuleError
from lending.waitlist.operations import add_to_waitlist

from . import factories
from .sms_gateway import (
    ACCOUNT_SID,
    AUTH_TOKEN,
    PHONE,
    daily,
    send_all,
    texting_peer,
)


def test_a_peer_who_agreed_gets_one_text_the_days_before_their_kit_is_due(app, gateway):
    peer, staff = texting_peer()
    loan = factories.lend(peer, by=staff, device=factories.device("phone"))
    loan.due_date = local_today() + timedelta(days=2)  # the policy's default reminder days
    db.session.commit()
    assert len(daily()) == 1
    assert daily() == []  # the daily run again the same day: nothing more
    send_all()
    send_all()
    assert len(gateway.received) == 1
    sent = gateway.received[0]
    assert sent["path"] == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert (sent["user"], sent["password"]) == (ACCOUNT_SID, AUTH_TOKEN)
    assert sent["form"]["To"] == PHONE and sent["form"]["From"] == "+16135550000"
    due = loan.due_date.strftime("%B ") + str(loan.due_date.day)
    assert f"the phone you borrowed is due back on {due}" in sent["form"]["Body"]
    assert "Lending Bridge" not in sent["form"]["Body"]  # discreet unless the peer chose
    assert sent["form"]["StatusCallback"].endswith("/sms/status")
    message = db.session.execute(db.select(Message)).scalar_one()
    assert (message.status, message.provider_id, message.attempts) == ("sent", "SM" + "0" * 31
                                                                        + "1", 1)


def test_texts_are_in_the_peers_language_and_signed_only_if_they_chose(app, gateway):
    peer, staff = texting_peer(language="fr", signed=True)
    loan = factories.lend(peer, by=staff, device=factories.device("tablet", imei=None))
    loan.due_date = local_today() + timedelta(days=2)
    db.session.commit()
    daily()
    send_all()
    body = gateway.received[0]["form"]["Body"]
    assert body.startswith("Rappel : votre prêt (tablette) est à rapporter le ")
    assert body.endswith("— Lending Bridge")


def test_a_peer_without_consent_gets_no_text_and_staff_are_told_why(app, gateway, client,
                                                                    auth):
    staff = factories.user("staff")
    peer = factories.peer(phone=PHONE)
    loan = factories.lend(peer, by=staff, device=factories.device("phone"))
    loan.due_date = local_today() + timedelta(days=2)
    db.session.commit()
    assert daily() == []
    with pytest.raises(RuleError, match="has not agreed to texts"):
        queue_text(peer, "one_off", body="Hello", by=staff)
    auth.login("staff")
    page = client.post(f"/peers/{peer.id}/texts/send", data={"text-body": "Hello"})
    assert "has not agreed to texts" in page.get_data(as_text=True)
    assert gateway.received == []


def test_one_automatic_text_a_day_however_many_loans(app, gateway):
    peer, staff = texting_peer()
    for kind in ("phone", "hotspot"):
        loan = factories.lend(peer, by=staff, device=factories.device(kind))
        loan.due_date = local_today() + timedelta(days=2)
    db.session.commit()
    assert len(daily()) == 1


def test_an_overdue_loan_reaching_the_reminder_stage_is_texted_and_counts_as_a_reminder(
        app, gateway):
    peer, staff = texting_peer()
    loan = factories.lend(peer, by=staff, device=factories.device("phone"))
    loan.due_date = local_today() - timedelta(days=3)  # the reminder stage's default days
    db.session.commit()
    [message] = daily()
    assert message.template == "overdue"
    send_all()
    assert "was due back on" in gateway.received[0]["form"]["Body"]
    attempt = db.session.execute(db.select(ContactAttempt)).scalar_one()
    assert (attempt.loan_id, attempt.method) == (loan.id, "text")
    assert db.session.execute(db.select(AuditEntry).filter_by(
        object_type="contact_attempt", object_id=attempt.id)).scalar_one().actor == "system"


def test_no_text_goes_to_a_suspended_line(app, gateway):
    staff = factories.user("staff")
    peer = factories.peer()
    sim = factories.sim(status="active", with_number=True)
    loan = factories.lend(peer, by=staff, sim=sim)
    record_text_consent(peer, given=True, method="verbal", number="line", by=staff,
                        purpose="Reminders")
    loan.due_date = local_today() + timedelta(days=2)
    sim.status = "suspended"
    db.session.commit()
    [message] = daily()
    assert message.status == "withheld" and "suspended" in message.status_note
    send_all()
    assert gateway.received == []


def test_a_text_due_in_the_quiet_hours_waits_for_the_morning(app, gateway):
    app.config["SMS_QUIET_HOURS"] = "09:00-20:00"
    peer, staff = texting_peer()
    evening = local_to_utc(datetime.combine(local_today(), datetime.min.time())
                           + timedelta(hours=21))
    with travel_to(evening):
        message = queue_text(peer, "one_off", body="See you tomorrow", by=staff)
        db.session.commit()
        send_all()
    assert gateway.received == [] and message.status == "queued"
    morning = local_to_utc(datetime.combine(local_today() + timedelta(days=1),
                                            datetime.min.time()) + timedelta(hours=9))
    assert message.send_after == morning
    with travel_to(morning + timedelta(minutes=1)):
        send_all()
    assert len(gateway.received) == 1 and message.status == "sent"


def test_a_busy_provider_is_tried_again_later_and_a_refusal_is_final(app, gateway):
    peer, staff = texting_peer()
    gateway.answer_next((503, {"code": 20503, "message": "Service unavailable",
                               "status": 503}))
    message = queue_text(peer, "one_off", body="First", by=staff)
    db.session.commit()
    send_all()
    assert message.status == "queued" and "busy" in message.status_note
    send_all()  # not before its wait is over
    assert message.attempts == 1
    with travel_to(message.send_after + timedelta(seconds=1)):
        send_all()
    assert message.status == "sent" and message.attempts == 2
    gateway.answer_next((400, {"code": 21211, "message": "Invalid 'To' Phone Number",
                               "status": 400}))
    refused = queue_text(peer, "one_off", body="Second", by=staff)
    db.session.commit()
    send_all()
    assert refused.status == "failed" and "21211" in refused.status_note
    assert len(gateway.received) == 1


def test_a_provider_that_may_have_taken_a_text_is_never_sent_it_again(app, gateway):
    peer, staff = texting_peer()
    gateway.delay = 2  # longer than the client waits
    message = queue_text(peer, "one_off", body="Hello", by=staff)
    db.session.commit()
    send_all()
    gateway.delay = 0
    assert message.status == "failed" and "may have sent it" in message.status_note
    send_all()
    assert message.attempts == 1


def test_a_worker_stopped_while_sending_leaves_the_text_failed_not_sent_again(app, gateway):
    peer, staff = texting_peer()
    message = queue_text(peer, "one_off", body="Hello", by=staff)
    db.session.commit()
    message.status, message.lease_until = "sending", datetime(2000, 1, 1)  # its worker died
    db.session.commit()
    assert give_up_lost_sends() == 1
    db.session.commit()
    send_all()
    assert message.status == "failed" and gateway.received == []


def test_the_audit_log_says_a_text_was_sent_never_its_number_or_words(app, gateway):
    peer, staff = texting_peer()
    queue_text(peer, "one_off", body="Your secret words", by=staff)
    db.session.commit()
    send_all()
    entries = db.session.execute(db.select(AuditEntry).where(
        AuditEntry.object_type == "message")).scalars().all()
    assert {entry.action for entry in entries} == {"create", "send"}
    logged = " ".join(str(entry.changes) + entry.note for entry in entries)
    assert "Your secret words" not in logged and PHONE not in logged


def test_erasing_a_peers_details_removes_their_numbers_and_texts_and_stops_them(app, gateway):
    peer, staff = texting_peer()
    sent = queue_text(peer, "one_off", body="Sent before", by=staff)
    db.session.commit()
    send_all()
    app.config["SMS_QUIET_HOURS"] = "00:00-00:01"  # the next one waits
    waiting = queue_text(peer, "one_off", body="Still waiting", by=staff)
    db.session.commit()
    remove_personal_details(peer, why="request", by=factories.user("manager"))
    db.session.commit()
    assert (sent.to_address, sent.body, sent.status) == (None, None, "sent")
    assert (waiting.to_address, waiting.body, waiting.status) == (None, None, "withheld")
    assert not peer.texts_allowed
    with travel_to(waiting.send_after or datetime(2100, 1, 1)):
        send_all()
    assert len(gateway.received) == 1


def test_staff_text_a_waiting_peer_that_their_kit_is_ready(app, gateway, client, auth):
    peer, staff = texting_peer()
    entry = add_to_waitlist(peer, "tablet", by=staff)
    factories.device("tablet", imei=None)  # one in stock: the queue offers to lend it
    db.session.commit()
    auth.login("staff")
    page = client.get("/waitlist").get_data(as_text=True)
    assert f"/waitlist/{entry.id}/ready-text" in page
    client.post(f"/waitlist/{entry.id}/ready-text")
    send_all()
    assert gateway.received[0]["form"]["Body"].startswith(
        "Good news: the tablet you asked for is ready for you.")
    silent = factories.peer()
    other = add_to_waitlist(silent, "laptop", by=staff)
    db.session.commit()
    answer = client.post(f"/waitlist/{other.id}/ready-text", follow_redirects=True)
    assert "has not agreed to texts" in answer.get_data(as_text=True)
    again = client.post(f"/waitlist/{entry.id}/ready-text", follow_redirects=True)
    assert "already texted today that their kit is ready" in again.get_data(as_text=True)
    send_all()
    assert len(gateway.received) == 1


def test_a_second_click_on_send_sends_one_text(app, gateway, client, auth):
    peer, _ = texting_peer()
    auth.login("staff")
    form = {"text-body": "See you at 3", "text-form_token": "a" * 32}
    for _ in range(2):
        assert client.post(f"/peers/{peer.id}/texts/send", data=form).status_code == 302
    send_all()
    assert [sent["form"]["Body"] for sent in gateway.received] == ["See you at 3"]


def test_a_real_worker_sends_what_the_screens_and_the_sweep_put_on_the_queue(app, gateway,
                                                                            client, auth,
                                                                            worker):
    peer, staff = texting_peer()
    waiting = queue_text(peer, "one_off", body="From the morning", by=staff)
    waiting.send_after = utcnow() - timedelta(minutes=1)  # its quiet hours are over
    db.session.commit()
    auth.login("staff")
    client.post(f"/peers/{peer.id}/texts/send", data={"text-body": "Sent at once"})
    work.sweep()
    deadline = time.monotonic() + 30
    while len(gateway.received) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(sent["form"]["Body"] for sent in gateway.received) == [
        "From the morning", "Sent at once"]
    time.sleep(0.3)  # the sweep and the screen both queued one of them: still sent once
    assert len(gateway.received) == 2

