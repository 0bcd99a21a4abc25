"""Webhooks: managers register https endpoints for events (a kit lent or returned, an overdue
step reached, an issue logged, an item's status changed, a report generated); each event is
a delivery row, signed per Standard Webhooks and sent by the job queue with retries and
backoff; an endpoint that keeps failing is paused."""
from flask import Blueprint

bp = Blueprint("webhooks", __name__, url_prefix="/webhooks")
