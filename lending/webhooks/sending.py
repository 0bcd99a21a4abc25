"""Sending a delivery: the event's JSON, signed per the Standard Webhooks specification
(`webhook-id`, `webhook-timestamp`, `webhook-signature`: HMAC-SHA256 of "id.timestamp.body"
with the endpoint's secret, by the standardwebhooks library), posted by a worker; what the
endpoint answered decides whether it is tried again (webhooks/operations.py `settle`)."""
import json
from datetime import UTC, datetime

import requests
from flask import current_app
from standardwebhooks import Webhook

from ..clock import utcnow
from ..extensions import db
from .operations import claim, settle, url_problem

USER_AGENT = "LendingBridge-Webhooks/1"


def signed_headers(message_id: str, secret: str, when: datetime, body: bytes) -> dict:
    """The headers that let the receiver check that the body is ours and recent."""
    return {"webhook-id": message_id,
            "webhook-timestamp": str(int(when.replace(tzinfo=UTC).timestamp())),
            "webhook-signature": Webhook(secret).sign(message_id, when, body),
            "Content-Type": "application/json", "User-Agent": USER_AGENT}


def deliver(delivery_id: int, now: datetime | None = None) -> None:
    """Send one delivery if it is due and its endpoint is not paused; record what happened
    (committed: the endpoint has already acted)."""
    delivery = claim(delivery_id, now or utcnow())
    db.session.commit()  # claimed: no other worker sends it
    if delivery is None:
        return
    endpoint = delivery.endpoint
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    status, error = None, url_problem(endpoint.url) or ""
    if not error:
        try:
            answer = requests.post(endpoint.url, data=body, allow_redirects=False,
                                   timeout=current_app.config["WEBHOOK_TIMEOUT_SECONDS"],
                                   headers=signed_headers(delivery.message_id,
                                                          endpoint.secret, utcnow(), body))
            status = answer.status_code
            error = "" if 200 <= status < 300 else f"The endpoint answered HTTP {status}."
        except requests.Timeout:
            error = "The endpoint did not answer in time."
        except requests.RequestException as failure:
            error = f"The endpoint could not be reached ({type(failure).__name__})."
    settle(delivery, now or utcnow(), status=status, error=error)
    db.session.commit()
