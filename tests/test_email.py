"""Email to staff and managers, through a real SMTP server on this machine (aiosmtpd): one
digest a day of what needs each person, with links, for those who want it; a forgotten
password reset by a link that works once and briefly, with the same answer whether or not
the address has an account."""
import re
import socket
from datetime import timedelta
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller

from lending.clock import local_today, travel_to, utcnow
from lending.extensions import db
from lending.loans.operations import daily_run
from lending.messages.operations import deliver, due_to_send
from lending.models import AuditEntry, Message

from . import factories


class Inbox:
    """What the SMTP server received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append((envelope.rcpt_tos, message_from_bytes(envelope.content)))
        return "250 Message accepted"

    def bodies(self, to):
        return [message.get_payload(decode=True).decode() for rcpt, message in self.messages
                if to in rcpt]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(app):
    """A running SMTP server, and the app sending to it."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port,
                      MAIL_DEFAULT_SENDER="lending@example.org",
                      BASE_URL="https://lending.example.org")
    yield handler
    controller.stop()


def send_all():
    for message_id in due_to_send():
        deliver(message_id)


def test_each_person_gets_one_digest_a_day_of_what_needs_them_with_links(app, inbox):
    staff, manager = factories.user("staff"), factories.user("manager")
    quiet = factories.user("staff")
    quiet.digest_enabled = False
    funder = factories.user("funder")
    loan = factories.lend(factories.peer(), by=staff, device=factories.device("phone"))
    loan.due_date = local_today()
    db.session.commit()
    daily_run()
    daily_run()  # twice on a day: still one each
    send_all()
    assert sorted(rcpt[0] for rcpt, _ in inbox.messages) == sorted([staff.email,
                                                                    manager.email])
    body = inbox.bodies(staff.email)[0]
    assert "Due back today: 1" in body
    assert f"Loan #{loan.id} ({loan.peer.code})" in body
    assert f"https://lending.example.org/loans/{loan.id}" in body
    assert "https://lending.example.org/account" in body
    assert not inbox.bodies(quiet.email) and not inbox.bodies(funder.email)
    subject = inbox.messages[0][1]["Subject"]
    assert subject.startswith("What needs you today")


def test_nothing_to_do_no_digest(app, inbox):
    factories.user("staff")
    db.session.commit()
    daily_run()
    send_all()
    assert inbox.messages == []


def test_people_turn_their_digest_off_on_their_account_page(app, client, auth):
    user = auth.login("staff")
    assert client.post("/account", data={}).status_code == 302  # the box unticked
    assert not user.digest_enabled
    client.post("/account", data={"digest": "y"})
    assert user.digest_enabled


def test_a_forgotten_password_is_reset_once_by_a_link_that_expires(app, client, inbox):
    user = factories.user("staff", email="sam@example.org")
    db.session.commit()
    same = client.post("/forgot", data={"email": "Sam@Example.org"}, follow_redirects=True)
    other = client.post("/forgot", data={"email": "nobody@example.org"},
                        follow_redirects=True)
    answer = "If that address has an account here, an email with a link"
    assert answer in same.get_data(as_text=True) and answer in other.get_data(as_text=True)
    outbox = db.session.execute(db.select(Message)).scalars().all()
    assert len(outbox) == 1 and "reset" not in (outbox[0].body or "").split("/")[-1]
    send_all()
    [body] = inbox.bodies("sam@example.org")
    path = re.search(r"https://lending\.example\.org(/reset/\S+)", body)[1]
    assert path.split("/")[-1] not in (outbox[0].body or "")  # the link is never kept
    new = "a fresh pass phrase for sam 2026"
    assert client.post(path, data={"password": new, "again": new}).status_code == 302
    assert user.check_password(new)
    again = client.post(path, data={"password": "another phrase 2026 x", "again":
                                    "another phrase 2026 x"}, follow_redirects=True)
    assert "expired or was already used" in again.get_data(as_text=True)
    assert user.check_password(new)
    client.post("/forgot", data={"email": "sam@example.org"})
    send_all()
    late = re.search(r"https://lending\.example\.org(/reset/\S+)",
                     inbox.bodies("sam@example.org")[-1])[1]
    with travel_to(utcnow() + timedelta(minutes=31)):
        expired = client.get(late, follow_redirects=True)
    assert "expired or was already used" in expired.get_data(as_text=True)
    logged = " ".join(str(e.changes) + e.note for e in db.session.execute(
        db.select(AuditEntry)).scalars())
    assert late.split("/")[-1] not in logged and path.split("/")[-1] not in logged


def test_without_a_mail_server_emails_stay_in_the_outbox_as_not_sent(app):
    factories.user("staff", email="kim@example.org")
    db.session.commit()
    from lending.users.operations import ask_password_reset
    message = ask_password_reset("kim@example.org")
    db.session.commit()
    send_all()
    assert message.status == "not_sent" and "no mail server" in message.status_note


def test_an_unreachable_mail_server_is_tried_again_later(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port())  # nobody listens
    factories.user("staff", email="lee@example.org")
    db.session.commit()
    from lending.users.operations import ask_password_reset
    message = ask_password_reset("lee@example.org")
    db.session.commit()
    send_all()
    assert message.status == "queued" and message.send_after > utcnow()
    assert "could not be reached" in message.status_note
