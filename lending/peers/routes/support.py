"""Support sessions: tech help or training given to a peer."""
from flask import flash, redirect, render_template, url_for
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, ValidationError

from ...audit.log import record_created
from ...clock import local_today
from ...extensions import db
from ...forms import OnceForm
from ...lookup import get_or_404, signed_in_user
from ...models import Peer, SupportSession, vocab
from ...permissions import STAFF_AND_MANAGERS, allow
from ...validators import strip
from .. import bp


class SupportForm(OnceForm):
    """When, how long, what about; the note is short and never clinical."""

    held_on = DateField("Date", validators=[InputRequired("Enter a date.")])
    minutes = IntegerField("Minutes", validators=[
        InputRequired("Enter the minutes spent."),
        NumberRange(min=1, max=600, message="Enter between 1 and 600 minutes.")])
    topic = SelectField("Topic", choices=vocab.choices(vocab.SUPPORT_TOPICS),
                        validators=[InputRequired()])
    note = StringField("Note (optional)", filters=[strip], validators=[Length(max=300)],
                       description="What was covered. Never health or personal details.")

    def validate_held_on(self, field):
        """A session is logged after it happened."""
        if field.data and field.data > local_today():
            raise ValidationError("The date cannot be in the future.")


@bp.route("/<int:peer_id>/support", methods=["GET", "POST"])
@allow(*STAFF_AND_MANAGERS)
def log_support(peer_id):
    """Log a support session given to this peer."""
    peer = get_or_404(Peer, peer_id)
    form = SupportForm()
    if not form.is_submitted():
        form.held_on.data = local_today()
    if form.validate_on_submit():
        if form.already_saved(SupportSession) is None:
            record_created(SupportSession(
                peer=peer, held_on=form.held_on.data, minutes=form.minutes.data,
                topic=form.topic.data, note=form.note.data, given_by=signed_in_user(),
                form_token=form.form_token.data))
            db.session.commit()
            flash("Support session logged.", "success")
        return redirect(url_for(".detail", peer_id=peer.id))
    return render_template("form_page.html", form=form, submit="Log session",
                           heading=f"Log a support session with {peer.code}",
                           cancel_url=url_for(".detail", peer_id=peer.id))
