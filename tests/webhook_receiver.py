"""A webhook receiver for the tests: an HTTP server on 127.0.0.1 that checks each event's
signature as a receiving system would (with the standardwebhooks library, and again by hand
from the specification), keeps what it got, and answers as the test tells it."""
import base64
import hashlib
import hmac
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks import Webhook


def signature_is_right(secret: str, headers: dict, body: bytes) -> bool:
    """The Standard Webhooks signature, worked out from the specification alone: base64 of
    HMAC-SHA256, keyed by the secret's bytes, of "id.timestamp.body"; "v1," before it."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return any(hmac.compare_digest(f"v1,{expected}", given)
               for given in headers["webhook-signature"].split())


class Receiver:
    """What the server got (`events`: verified payloads with their headers) and what it will
    answer next (`answers`: statuses, then 200 for ever)."""

    def __init__(self):
        self.secret, self.answers, self.events, self.refused = None, [], [], []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def _handler(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                headers = {name.lower(): value for name, value in self.headers.items()}
                status = receiver.answers.pop(0) if receiver.answers else 200
                try:
                    payload = Webhook(receiver.secret).verify(body, headers)
                    assert signature_is_right(receiver.secret, headers, body)
                    assert abs(time.time() - int(headers["webhook-timestamp"])) < 300
                except Exception as error:  # noqa: BLE001  (kept for the test to report)
                    receiver.refused.append(repr(error))
                    status = 400
                else:
                    receiver.events.append((headers, payload, body))
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args):
                """Quiet: the tests say what went wrong."""

        return Handler

    def wait_for(self, count: int, seconds=30) -> list:
        """The payloads once `count` have come (or fail)."""
        deadline = time.monotonic() + seconds
        while len(self.events) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(self.events) >= count, (self.events, self.refused)
        return [payload for _, payload, _ in self.events]


@pytest.fixture
def receiver():
    """A receiving system on a free local port."""
    running = Receiver()
    yield running
    running.server.shutdown()
    running.server.server_close()

