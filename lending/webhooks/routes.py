"""Webhook screens (managers): the endpoints, a new one (its secret shown once), an
endpoint's delivery log, pausing, resuming and removing it."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext

from ..extensions import db
from ..jobs.queue import send_webhook
from ..lookup import get_or_404, signed_in_user
from ..models import WebhookDelivery, WebhookEndpoint
from ..permissions import allow
from ..refusals import RuleError
from . import bp
from .forms import EndpointForm
from .operations import pause_endpoint, register_endpoint, remove_endpoint, resume_endpoint

LOG_SHOWN = 50


@bp.route("", methods=["GET", "POST"])
@allow("manager")
def index():
    """Every endpoint, and a new one."""
    form, made = EndpointForm(), None
    if form.validate_on_submit():
        try:
            made, created = form.save_once(WebhookEndpoint, lambda: register_endpoint(
                form.url.data, form.events.data, description=form.description.data,
                by=signed_in_user(), form_token=form.form_token.data))
        except RuleError as error:
            form.url.errors.append(str(error))
        else:
            db.session.commit()
            if not created:
                flash(gettext("That endpoint was already registered; its secret is on its page."),
                      "info")
            return redirect(url_for(".endpoint", endpoint_id=made.id, new=1))
    endpoints = db.session.execute(db.select(WebhookEndpoint)
                                   .order_by(WebhookEndpoint.created_at)).scalars().all()
    return render_template("webhooks/index.html", form=form, endpoints=endpoints)


@bp.route("/<int:endpoint_id>")
@allow("manager")
def endpoint(endpoint_id):
    """An endpoint: its secret, its events, and its latest deliveries."""
    endpoint = get_or_404(WebhookEndpoint, endpoint_id)
    log = db.session.execute(db.select(WebhookDelivery).filter_by(endpoint_id=endpoint.id)
                             .order_by(WebhookDelivery.id.desc()).limit(LOG_SHOWN)
                             ).scalars().all()
    return render_template("webhooks/endpoint.html", endpoint=endpoint, log=log,
                           shown=LOG_SHOWN)


@bp.route("/<int:endpoint_id>/pause", methods=["POST"])
@allow("manager")
def pause(endpoint_id):
    """Stop sending to it; what happens meanwhile waits."""
    endpoint = get_or_404(WebhookEndpoint, endpoint_id)
    pause_endpoint(endpoint, "Paused by a manager.", by=signed_in_user())
    db.session.commit()
    flash(gettext("Paused: events wait until you resume it."), "success")
    return redirect(url_for(".endpoint", endpoint_id=endpoint.id))


@bp.route("/<int:endpoint_id>/resume", methods=["POST"])
@allow("manager")
def resume(endpoint_id):
    """Send to it again, starting with what waited."""
    endpoint = get_or_404(WebhookEndpoint, endpoint_id)
    waiting = resume_endpoint(endpoint, by=signed_in_user())
    db.session.commit()
    for delivery_id in waiting:
        send_webhook(delivery_id)
    flash(gettext("Resumed: %(count)s waiting event(s) are being sent.", count=len(waiting)),
          "success")
    return redirect(url_for(".endpoint", endpoint_id=endpoint.id))


@bp.route("/<int:endpoint_id>/remove", methods=["POST"])
@allow("manager")
def remove(endpoint_id):
    """Forget the endpoint and its log."""
    endpoint = get_or_404(WebhookEndpoint, endpoint_id)
    remove_endpoint(endpoint, by=signed_in_user())
    db.session.commit()
    flash(gettext("Endpoint removed: it is told of nothing more."), "success")
    return redirect(url_for(".index"))
