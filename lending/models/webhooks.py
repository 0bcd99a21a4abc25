"""Webhooks: endpoints managers register for events, and each delivery to them (the
delivery log). A delivery is a row before anything is sent, like a text in the outbox."""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..extensions import db
from .vocab import DELIVERY_STATES, WEBHOOK_EVENTS, choice_type


class WebhookEndpoint(db.Model):
    """An address told of some events, signed with its own secret (Standard Webhooks); paused
    after repeated failures (`paused_at`) until a manager resumes it."""

    __tablename__ = "webhook_endpoint"
    __audit_redact__ = {"secret"}

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(String(200), default="")
    events: Mapped[str] = mapped_column(String(300))  # comma-separated keys of WEBHOOK_EVENTS
    # The signing secret ("whsec_" and base64): the receiver holds it too, so it is kept as it
    # is (never logged, shown to managers once).
    secret: Mapped[str] = mapped_column(String(100))
    failures_in_a_row: Mapped[int] = mapped_column(default=0)
    paused_at: Mapped[datetime | None]
    pause_reason: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    form_token: Mapped[str | None] = mapped_column(String(64), unique=True)  # see Loan

    created_by = relationship("User")

    @property
    def event_list(self) -> list[str]:
        """The events it is told of, in the vocabulary's order."""
        chosen = set(self.events.split(","))
        return [event for event in WEBHOOK_EVENTS if event in chosen]

    def wants(self, event: str) -> bool:
        """Whether it is told of this event (while paused, it waits for it)."""
        return event in self.event_list


class WebhookDelivery(db.Model):
    """One event for one endpoint: its message (id, payload) and what became of it."""

    __tablename__ = "webhook_delivery"

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(ForeignKey("webhook_endpoint.id"), index=True)
    message_id: Mapped[str] = mapped_column(String(40), unique=True)  # `webhook-id`
    event: Mapped[str] = mapped_column(String(40))
    payload: Mapped[dict] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(choice_type(DELIVERY_STATES, "delivery_state"),
                                       default="queued", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(index=True)  # None: at once
    lease_until: Mapped[datetime | None]  # a worker's claim while it sends
    last_status: Mapped[int | None]  # the endpoint's HTTP status, if it answered
    last_error: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]

    endpoint = relationship("WebhookEndpoint")
