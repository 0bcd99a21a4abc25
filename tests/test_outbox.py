"""The outbox as staff and managers see it: every text with what became of it (kept as not
sent without a provider), the wording only managers change, and the reminder figures only
managers see."""
from datetime import timedelta

from lending.clock import local_today
from lending.extensions import db
from lending.loans.operations import record_return
from lending.messages.operations import queue_text

from . import factories
from .sms_gateway import PHONE, daily, send_all, texting_peer


def test_without_a_provider_texts_stay_in_the_outbox_as_not_sent(app, client, auth):
    peer, staff = texting_peer()
    app.config["SMS_QUIET_HOURS"] = ""
    message = queue_text(peer, "one_off", body="Hello", by=staff)
    db.session.commit()
    send_all()
    assert message.status == "not_sent" and "no provider configured" in message.status_note
    auth.login("manager")
    page = client.get("/outbox").get_data(as_text=True)
    assert "Not sent: no provider configured." in page and PHONE in page and "Hello" in page


def test_only_staff_and_managers_see_the_outbox_and_managers_word_the_texts(app, client, auth):
    auth.login("funder")
    assert client.get("/outbox").status_code == 403
    auth.logout()
    auth.login("staff")
    assert client.get("/outbox").status_code == 200
    assert client.get("/messages/wording").status_code == 403
    auth.logout()
    auth.login("manager")
    url = "/messages/wording/due_soon/en"
    bad = client.post(url, data={"body": "Hi $name, bring it back", "action": "save"})
    assert "Only these words can be filled in" in bad.get_data(as_text=True)
    preview = client.post(url, data={"body": "Bring the $item back on $due_date.",
                                     "action": "preview"}).get_data(as_text=True)
    assert "Bring the phone back on " in preview
    assert client.post(url, data={"body": "Bring the $item back on $due_date.",
                                  "action": "save"}).status_code == 302
    peer, staff = texting_peer()
    loan = factories.lend(peer, by=staff, device=factories.device("phone"))
    loan.due_date = local_today() + timedelta(days=2)
    db.session.commit()
    [message] = daily()
    assert message.body.startswith("Bring the phone back on ")


def test_managers_see_reminders_sent_and_returns_with_and_without_them(app, gateway, client,
                                                                      auth):
    peer, staff = texting_peer()
    today = local_today()
    for reminded, on_time in ((True, True), (True, True), (True, False), (False, False)):
        loan = factories.lend(peer, by=staff, device=factories.device("tablet", imei=None))
        if reminded:
            loan.due_date = today + timedelta(days=2)
            db.session.commit()
            message = queue_text(peer, "due_soon", loan=loan, by=None)
            db.session.commit()
            send_all()
            assert message.status == "sent"
        loan.due_date = today if on_time else today - timedelta(days=1)
        record_return(loan, by=staff, condition="good", today=today)
    db.session.commit()
    auth.login("manager")
    page = client.get("/outbox").get_data(as_text=True)
    assert "Reminder texts sent</dt><dd class=\"col-sm-7\">3<" in page
    assert "Loans returned after a reminder text</dt><dd class=\"col-sm-7\">3, 66.7% by" in page
    assert "Loans returned without one</dt><dd class=\"col-sm-7\">1, 0.0% by" in page
    auth.logout()
    auth.login("staff")
    assert "Reminder texts sent" not in client.get("/outbox").get_data(as_text=True)
