"""A local HTTP server standing in for Twilio's Messages API: it keeps every text it is sent
and answers as Twilio does, or as told (busy, refusing, too slow)."""
import base64
import json
import threading
import time
import urllib.parse
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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
