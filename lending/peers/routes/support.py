"""Support sessions: tech help or training given to a peer."""
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext

from ...clock import local_today
from ...extensions import db
from ...lookup import get_or_404, signed_in_user
from ...models import Peer, SupportSession
from ...permissions import STAFF_AND_MANAGERS, allow
from ...refusals import RuleError
from .. import bp
from ..forms import SupportForm
from ..operations import log_support_session


@bp.route("/<int:peer_id>/support", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def log_support(peer_id):
    """Log a support session given to this peer."""
    peer = get_or_404(Peer, peer_id)
    form = SupportForm()
    if not form.is_submitted():
        form.held_on.data = local_today()
    if form.validate_on_submit():
        try:
            _session, created = form.save_once(SupportSession, lambda: log_support_session(
                peer, by=signed_in_user(), held_on=form.held_on.data, minutes=form.minutes.data,
                topic=form.topic.data, note=form.note.data, form_token=form.form_token.data))
        except RuleError as error:
            form.form_errors.append(str(error))
        else:
            db.session.commit()
            if created:
                flash(gettext("Support session logged."), "success")
            return redirect(url_for(".detail", peer_id=peer.id))
    return render_template("form_page.html", form=form, submit=gettext("Log session"),
                           heading=gettext("Log a support session with %(code)s", code=peer.code),
                           cancel_url=url_for(".detail", peer_id=peer.id))
