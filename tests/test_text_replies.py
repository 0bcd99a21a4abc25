"""What the provider and peers answer: STOP, START and HELP, and delivery reports, signed as
Twilio signs them (forged ones refused); a reply that cannot be acted on is recorded, not an
error."""
from datetime import timedelta

from twilio.request_validator import RequestValidator

from lending.clock import local_today
from lending.extensions import db
from lending.messages.operations import queue_text, record_text_consent
from lending.models import AuditEntry, TextConsent

from . import factories
from .sms_gateway import (
    PHONE,
    daily,
    send_all,
    signed_post,
    texting_peer,
)


def test_stop_withdraws_consent_start_restores_it_help_answers(app, gateway, client):
    peer, staff = texting_peer()
    assert signed_post(client, "/sms/inbound", {"From": PHONE, "Body": " Stop please"}
                       ).status_code == 200
    assert not peer.texts_allowed
    withdrawn = db.session.execute(db.select(TextConsent).order_by(TextConsent.id.desc())
                                   ).scalars().first()
    assert (withdrawn.given, withdrawn.method, withdrawn.recorded_by_id) == (
        False, "text_reply", None)
    loan = factories.lend(peer, by=staff, device=factories.device("phone"))
    loan.due_date = local_today() + timedelta(days=2)
    db.session.commit()
    assert daily() == []
    signed_post(client, "/sms/inbound", {"From": PHONE, "Body": "START"})
    assert peer.texts_allowed
    signed_post(client, "/sms/inbound", {"From": PHONE, "Body": "help"})
    send_all()
    assert "Call 613-555-0100" in gateway.received[-1]["form"]["Body"]


def test_start_does_not_stand_for_consent_never_given(app, gateway, client):
    peer = factories.peer(phone=PHONE)
    signed_post(client, "/sms/inbound", {"From": PHONE, "Body": "START"})
    assert not peer.texts_allowed


def test_forged_callbacks_are_refused(app, gateway, client):
    peer, _ = texting_peer()
    forged = RequestValidator("not-the-token").compute_signature(
        "http://localhost/sms/inbound", {"From": PHONE, "Body": "STOP"})
    assert signed_post(client, "/sms/inbound", {"From": PHONE, "Body": "STOP"},
                       signature=forged).status_code == 403
    assert client.post("/sms/inbound", data={"From": PHONE, "Body": "STOP"}).status_code == 403
    assert peer.texts_allowed
    assert signed_post(client, "/sms/status", {"MessageSid": "SM1", "MessageStatus": "failed"},
                       signature=forged).status_code == 403


def test_delivery_reports_move_a_text_forward_only(app, gateway, client):
    peer, staff = texting_peer()
    message = queue_text(peer, "one_off", body="Hello", by=staff)
    db.session.commit()
    send_all()
    sid = message.provider_id
    assert signed_post(client, "/sms/status", {"MessageSid": sid, "MessageStatus": "delivered"}
                       ).status_code == 204
    assert message.status == "delivered"
    signed_post(client, "/sms/status", {"MessageSid": sid, "MessageStatus": "sent"})
    assert message.status == "delivered"


def test_a_reply_that_cannot_be_answered_is_recorded_not_an_error(app, gateway, client):
    staff = factories.user("staff")
    peer = factories.peer()
    sim = factories.sim(status="active", with_number=True)
    factories.lend(peer, by=staff, sim=sim)
    record_text_consent(peer, given=True, method="verbal", number="line", by=staff,
                        purpose="Reminders")
    sim.status = "suspended"  # HELP comes in from the line just as it is suspended
    db.session.commit()
    assert signed_post(client, "/sms/inbound", {"From": sim.phone_number, "Body": "HELP"}
                       ).status_code == 200
    assert db.session.execute(db.select(AuditEntry).filter_by(action="reply unanswered")
                              ).scalar_one().note.endswith("The line lent to the peer is "
                                                           "suspended.")
    assert gateway.received == []
