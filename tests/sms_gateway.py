"""A local HTTP server standing in for Twilio's Messages API: it keeps every text it is sent
and answers as Twilio does, or as told (busy, refusing, too slow); and what the texts tests
share (a peer who agreed to texts, the daily run, the worker's sending, signed callbacks)."""
import base64
import json
import threading
import time
import urllib.parse
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from twilio.request_validator import RequestValidator

from lending.clock import local_today
from lending.extensions import db
from lending.loans.operations import run_escalation
from lending.messages.operations import deliver, due_to_send, record_text_consent
from lending.messages.reminders import queue_reminders

from . import factories

ACCOUNT_SID = "AC" + "0" * 32
AUTH_TOKEN = "test-auth-token-0123456789abcdef"


class Gateway:
    """What the server received, and how it is to answer the next texts."""

    def __init__(self):
        self.received, self.answers, self.delay = [], [], 0.0
        self.url = None

    def answer_next(self, *answers):
        """Answers for the next texts, in order: (status, payload); then the usual 201."""
        self.answers.extend(answers)


@contextmanager
def sms_gateway():
    """A running stand-in for Twilio's API; yields the Gateway (its `url` to point at)."""
    gateway = Gateway()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the name http.server calls)
            length = int(self.headers.get("Content-Length", 0))
            form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
            user, _, password = base64.b64decode(
                self.headers["Authorization"].split()[1]).decode().partition(":")
            time.sleep(gateway.delay)
            status, payload = gateway.answers.pop(0) if gateway.answers else (201, None)
            if status == 201:
                gateway.received.append({"path": self.path, "form": form, "user": user,
                                         "password": password})
                payload = {"sid": f"SM{len(gateway.received):032d}", "status": "queued",
                           "to": form.get("To"), "body": form.get("Body")}
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    gateway.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield gateway
    finally:
        server.shutdown()
        server.server_close()


PHONE = "+16135550111"


@pytest.fixture
def gateway(app):
    """Twilio's API stood in for by a local server, with texts allowed at any hour."""
    with sms_gateway() as running:
        app.config.update(TWILIO_ACCOUNT_SID=ACCOUNT_SID, TWILIO_AUTH_TOKEN=AUTH_TOKEN,
                          TWILIO_FROM_NUMBER="+16135550000", TWILIO_API_BASE=running.url,
                          SMS_QUIET_HOURS="", ORG_PHONE="613-555-0100",
                          TWILIO_TIMEOUT_SECONDS=1)
        yield running


def texting_peer(language="en", signed=False, number="own"):
    """A peer with a phone who agreed to texts."""
    staff = factories.user("staff")
    peer = factories.peer(phone=PHONE)
    record_text_consent(peer, given=True, method="paper", number=number, by=staff,
                        purpose="Reminders about what they borrowed", language=language,
                        signed=signed)
    return peer, staff


def daily(today=None):
    """The daily run's escalation and texts, committed, as the worker does them."""
    today = today or local_today()
    run = run_escalation(today=today, by=None)
    queued = queue_reminders(today, [loan for loan, _, new in run.changes if new == "reminder"])
    db.session.commit()
    return queued


def send_all():
    """What the worker does for every text whose time has come."""
    for message_id in due_to_send():
        deliver(message_id)


def signed_post(client, path, form, signature=None):
    """A callback posted as Twilio posts it, signed for this address (or as given)."""
    url = f"http://localhost{path}"
    signature = signature or RequestValidator(AUTH_TOKEN).compute_signature(url, form)
    return client.post(path, data=form, headers={"X-Twilio-Signature": signature})
