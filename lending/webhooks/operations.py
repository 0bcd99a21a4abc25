"""Endpoints (registered, paused, resumed, removed by managers) and deliveries (made by
`announce` in the transaction of the change they tell of, then claimed and settled by a
worker: webhooks/sending.py)."""
import base64
import ipaddress
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext
from sqlalchemy import update

from ..audit.log import apply_changes, record, record_created
from ..clock import utcnow
from ..extensions import db
from ..models import WebhookDelivery, WebhookEndpoint, vocab
from ..refusals import RuleError

RETRY_MINUTES = (1, 5, 30, 120, 480)  # the waits after each failed try; then it has failed
PAUSE_AFTER = 10  # failed tries in a row, whatever the deliveries, pause the endpoint
LEASE = timedelta(minutes=2)
LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1"}
LOG_DAYS = 30  # delivered and failed deliveries are kept this long in the log


def url_problem(url: str) -> str | None:
    """Why events cannot be sent to this address, or None: https only (plain http to this
    machine only where WEBHOOKS_ALLOW_LOOPBACK is set: tests, development), and not to an
    address inside a private network given as a number."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return gettext("Give the endpoint's full address, starting https://.")
    host = parts.hostname
    loopback = host in LOOPBACK_NAMES
    if loopback and not current_app.config["WEBHOOKS_ALLOW_LOOPBACK"]:
        return gettext("Events go to other servers, not to this machine.")
    if parts.scheme == "http" and not loopback:
        return gettext("Events are sent over https only: give an https:// address.")
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if not loopback and (address.is_private or address.is_link_local or address.is_reserved):
        return gettext("Give a public address: events are not sent inside a private network.")
    return None


def new_secret() -> str:
    """A signing secret as Standard Webhooks writes them: "whsec_" and 24 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def register_endpoint(url: str, events: list[str], *, by, description="",
                      form_token=None) -> WebhookEndpoint:
    """Register an address for some events, with a new signing secret."""
    url = url.strip()
    problem = url_problem(url) if len(url) <= 500 else "An address is at most 500 characters."
    if problem:
        raise RuleError(problem)
    chosen = [event for event in vocab.WEBHOOK_EVENTS if event in events]
    if not chosen:
        raise RuleError(gettext("Choose at least one event to be told of."))
    endpoint = WebhookEndpoint(url=url, events=",".join(chosen), secret=new_secret(),
                               description=" ".join(description.split())[:200],
                               created_by=by, form_token=form_token)
    record_created(endpoint, by=by)
    return endpoint


def pause_endpoint(endpoint: WebhookEndpoint, reason: str, *, by) -> None:
    """Stop telling an endpoint of events; what is waiting for it waits."""
    if endpoint.paused_at is None:
        apply_changes(endpoint, {"paused_at": utcnow(), "pause_reason": reason[:300]}, by=by,
                      action="pause")


def resume_endpoint(endpoint: WebhookEndpoint, *, by) -> list[int]:
    """Tell it of events again; what waited for it is due at once (its ids, to queue)."""
    if endpoint.paused_at is None:
        return []
    apply_changes(endpoint, {"paused_at": None, "pause_reason": "", "failures_in_a_row": 0},
                  by=by, action="resume")
    db.session.execute(update(WebhookDelivery).where(
        WebhookDelivery.endpoint_id == endpoint.id, WebhookDelivery.state == "queued")
        .values(next_attempt_at=None))
    return db.session.execute(db.select(WebhookDelivery.id).filter_by(
        endpoint_id=endpoint.id, state="queued")).scalars().all()


def remove_endpoint(endpoint: WebhookEndpoint, *, by) -> None:
    """Forget an endpoint and its delivery log."""
    record("delete", endpoint, by=by, note=endpoint.url[:200])
    db.session.execute(db.delete(WebhookDelivery).where(
        WebhookDelivery.endpoint_id == endpoint.id))
    db.session.delete(endpoint)


def announce(event: str, data: dict, *, at: datetime | None = None) -> list[WebhookDelivery]:
    """A delivery of this event for every endpoint that wants it (a paused one's waits), in
    the transaction of the change it tells of (so it is sent only if the change is kept):
    webhooks/events.py."""
    at = at or utcnow()
    endpoints = [endpoint for endpoint in db.session.execute(
        db.select(WebhookEndpoint)).scalars() if endpoint.wants(event)]
    deliveries = [WebhookDelivery(
        endpoint=endpoint, event=event, message_id="msg_" + secrets.token_urlsafe(18),
        payload={"type": event, "timestamp": at.isoformat() + "Z", "data": data})
        for endpoint in endpoints]
    db.session.add_all(deliveries)
    return deliveries


def claim(delivery_id: int, now: datetime) -> WebhookDelivery | None:
    """Take a queued delivery whose time has come, for this worker (None if another has it,
    it is not due, or its endpoint is paused)."""
    paused = db.select(WebhookEndpoint.id).where(WebhookEndpoint.paused_at.is_not(None))
    taken = db.session.execute(update(WebhookDelivery).where(
        WebhookDelivery.id == delivery_id, WebhookDelivery.state == "queued",
        WebhookDelivery.endpoint_id.not_in(paused),
        (WebhookDelivery.next_attempt_at.is_(None)) | (WebhookDelivery.next_attempt_at <= now))
        .values(state="sending", attempts=WebhookDelivery.attempts + 1,
                lease_until=now + LEASE)).rowcount
    return db.session.get(WebhookDelivery, delivery_id, populate_existing=True) \
        if taken else None


def settle(delivery: WebhookDelivery, now: datetime, *, status: int | None, error: str = ""):
    """What became of a try: delivered (a 2xx), or tried again after a wait, or failed after
    the last; the endpoint paused after PAUSE_AFTER failed tries in a row."""
    endpoint = delivery.endpoint
    delivery.last_status, delivery.last_error, delivery.lease_until = status, error[:300], None
    if status is not None and 200 <= status < 300:
        delivery.state, delivery.delivered_at = "delivered", now
        endpoint.failures_in_a_row = 0
        return
    tries = delivery.attempts
    if tries <= len(RETRY_MINUTES):
        delivery.state = "queued"
        delivery.next_attempt_at = now + timedelta(minutes=RETRY_MINUTES[tries - 1])
    else:
        delivery.state = "failed"
    endpoint.failures_in_a_row += 1
    if endpoint.failures_in_a_row >= PAUSE_AFTER:
        pause_endpoint(endpoint, f"{PAUSE_AFTER} tries in a row failed; the last: "
                                 f"{error or status}.", by=None)


def due_deliveries(now: datetime, limit: int = 500) -> list[int]:
    """Deliveries to send now (their wait over, their endpoint not paused), and those whose
    worker died while sending (receivers tell a repeat by its webhook-id), oldest first."""
    db.session.execute(update(WebhookDelivery).where(
        WebhookDelivery.state == "sending", WebhookDelivery.lease_until < now)
        .values(state="queued", next_attempt_at=None, lease_until=None))
    paused = db.select(WebhookEndpoint.id).where(WebhookEndpoint.paused_at.is_not(None))
    due = db.session.execute(db.select(WebhookDelivery.id).where(
        WebhookDelivery.state == "queued", WebhookDelivery.endpoint_id.not_in(paused),
        (WebhookDelivery.next_attempt_at.is_(None)) | (WebhookDelivery.next_attempt_at <= now))
        .order_by(WebhookDelivery.id).limit(limit)).scalars().all()
    return due


def forget_old_deliveries(now: datetime) -> int:
    """Delivered and failed deliveries older than LOG_DAYS leave the log (the daily run)."""
    return db.session.execute(db.delete(WebhookDelivery).where(
        WebhookDelivery.state.in_(("delivered", "failed")),
        WebhookDelivery.created_at < now - timedelta(days=LOG_DAYS))).rowcount
