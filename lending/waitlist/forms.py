"""Waitlist forms: who waits for what, and why an entry leaves the queue without a loan."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length

from ..forms import PeerCodeField
from ..models import vocab
from ..validators import strip


class WaitlistForm(FlaskForm):
    """Who waits, for what, how urgently and why (briefly, never clinical)."""

    peer_code = PeerCodeField()
    kind = SelectField(_l("Waiting for"), choices=vocab.choices(vocab.LOAN_KINDS),
                       validators=[InputRequired()])
    priority = SelectField(_l("Priority"), coerce=int, default=2,
                           choices=vocab.WAITLIST_PRIORITIES)
    reason = StringField(_l("Reason (short, non-clinical)"), filters=[strip],
                         validators=[Length(max=200)],
                         description=_l("For example: joins the Tuesday video group."))


class WithdrawForm(FlaskForm):
    """Why an entry leaves the queue without a loan."""

    reason = StringField(_l("Reason"), filters=[strip], validators=[DataRequired(),
                                                                    Length(max=200)])
